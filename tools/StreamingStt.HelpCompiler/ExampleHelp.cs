// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>A "### Example N: title" entry.</summary>
    public sealed class ExampleHelp
    {
        /// <summary>The heading text, without padding.</summary>
        public string Title { get; init; } = string.Empty;

        /// <summary>The example's code blocks (the command and any Output block), separated by a blank line.</summary>
        public string Code { get; init; } = string.Empty;

        public IReadOnlyList<string> Remarks { get; init; } = Array.Empty<string>();
    }
}
