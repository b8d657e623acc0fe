// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Whether a link target is an http(s) address. Uri.TryCreate alone is not enough: on Linux
    /// and macOS "/docs/page.md" is an absolute file URI.
    /// </summary>
    public static class WebAddress
    {
        public static bool IsWebAddress(string target) =>
            Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) &&
            (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }
}
