// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Providers
{
    /// <summary>The User-Agent every provider connection sends: module version and runtime, nothing personal.</summary>
    internal static class UserAgent
    {
        public static readonly string Value =
            "StreamingStt/" + (typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") +
            " (" + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ")";
    }
}
