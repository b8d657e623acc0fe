// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>A "## NAME" heading of a cmdlet page and the blocks under it.</summary>
    internal sealed class PageSection
    {
        public PageSection(string name, int line, IReadOnlyList<MarkdownBlock> blocks)
        {
            Name = name;
            Line = line;
            Blocks = blocks;
        }

        /// <summary>The heading text in upper case ("RELATED LINKS").</summary>
        public string Name { get; }

        public int Line { get; }

        public IReadOnlyList<MarkdownBlock> Blocks { get; }
    }
}
