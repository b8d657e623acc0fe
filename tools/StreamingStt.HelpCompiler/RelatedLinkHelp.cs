// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.HelpCompiler
{
    /// <summary>A "[text](target)" line of ## RELATED LINKS.</summary>
    public sealed class RelatedLinkHelp
    {
        public string Text { get; init; } = string.Empty;

        /// <summary>The target as written: an absolute URI or a relative page such as "Get-SttSession.md".</summary>
        public string Target { get; init; } = string.Empty;
    }
}
