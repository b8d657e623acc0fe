// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>A page split into its YAML front matter and its markdown blocks.</summary>
    public sealed class MarkdownPage
    {
        public MarkdownPage(string sourceName, IReadOnlyDictionary<string, string> frontMatter, IReadOnlyList<MarkdownBlock> blocks)
        {
            SourceName = sourceName;
            FrontMatter = frontMatter;
            Blocks = blocks;
        }

        public string SourceName { get; }

        /// <summary>Front matter keys (case-insensitive) and their trimmed values; empty without front matter.</summary>
        public IReadOnlyDictionary<string, string> FrontMatter { get; }

        public IReadOnlyList<MarkdownBlock> Blocks { get; }
    }
}
