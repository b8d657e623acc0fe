// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// One block of a page: a heading (Level, Text), a paragraph (Lines) or a fenced code block
    /// (Info string such as "yaml", Text verbatim). Line is where the block starts.
    /// </summary>
    public sealed class MarkdownBlock
    {
        private MarkdownBlock(MarkdownBlockKind kind, int line, int level, string text, string info, IReadOnlyList<string> lines)
        {
            Kind = kind;
            Line = line;
            Level = level;
            Text = text;
            Info = info;
            Lines = lines;
        }

        public MarkdownBlockKind Kind { get; }

        /// <summary>1-based line where the block starts.</summary>
        public int Line { get; }

        /// <summary>Heading level (1 for #); 0 for other blocks.</summary>
        public int Level { get; }

        /// <summary>Heading text, or code block content (lines joined with \n).</summary>
        public string Text { get; }

        /// <summary>The fence's info string ("yaml", "powershell", "Output"); empty otherwise.</summary>
        public string Info { get; }

        /// <summary>A paragraph's source lines, trimmed.</summary>
        public IReadOnlyList<string> Lines { get; }

        public static MarkdownBlock Heading(int line, int level, string text) =>
            new MarkdownBlock(MarkdownBlockKind.Heading, line, level, text, string.Empty, new string[0]);

        public static MarkdownBlock Paragraph(int line, IReadOnlyList<string> lines) =>
            new MarkdownBlock(MarkdownBlockKind.Paragraph, line, 0, string.Join(" ", lines), string.Empty, lines);

        public static MarkdownBlock CodeBlock(int line, string info, string text) =>
            new MarkdownBlock(MarkdownBlockKind.CodeBlock, line, 0, text, info, new string[0]);

        public override string ToString() => Kind == MarkdownBlockKind.Heading
            ? new string('#', Level) + " " + Text
            : Kind.ToString();
    }
}
