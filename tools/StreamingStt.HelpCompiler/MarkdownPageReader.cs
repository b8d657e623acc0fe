// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Splits a page into front matter, headings, paragraphs and fenced code blocks: the subset
    /// of markdown platyPS pages use. Inside a fence nothing is interpreted, so a "# comment" in
    /// an example is code, not a heading.
    /// </summary>
    public static class MarkdownPageReader
    {
        private static readonly Regex HeadingPattern = new Regex(@"^(?<hashes>#{1,6})\s+(?<text>.*?)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex FenceOpenPattern = new Regex(@"^\s{0,3}(?<fence>`{3,}|~{3,})\s*(?<info>[^`\s]*)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex FrontMatterPattern = new Regex(@"^(?<key>[^:]+):\s*(?<value>.*)$", RegexOptions.CultureInvariant);

        public static MarkdownPage Read(string text, string sourceName)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            int index = 0;
            if (lines.Length > 0 && lines[0].Length > 0 && lines[0][0] == '\uFEFF') lines[0] = lines[0].Substring(1);

            var frontMatter = ReadFrontMatter(lines, ref index, sourceName);
            var blocks = new List<MarkdownBlock>();
            var paragraph = new List<string>();
            int paragraphLine = 0;

            void FlushParagraph()
            {
                if (paragraph.Count == 0) return;
                blocks.Add(MarkdownBlock.Paragraph(paragraphLine, paragraph.ToArray()));
                paragraph.Clear();
            }

            for (; index < lines.Length; index++)
            {
                string line = lines[index];
                int lineNumber = index + 1;

                Match fence = FenceOpenPattern.Match(line);
                if (fence.Success)
                {
                    FlushParagraph();
                    blocks.Add(ReadCodeBlock(lines, ref index, fence.Groups["fence"].Value, fence.Groups["info"].Value, sourceName));
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    FlushParagraph();
                    continue;
                }

                Match heading = HeadingPattern.Match(line);
                if (heading.Success)
                {
                    FlushParagraph();
                    blocks.Add(MarkdownBlock.Heading(lineNumber, heading.Groups["hashes"].Value.Length, heading.Groups["text"].Value));
                    continue;
                }

                if (paragraph.Count == 0) paragraphLine = lineNumber;
                paragraph.Add(line.Trim());
            }
            FlushParagraph();
            return new MarkdownPage(sourceName, frontMatter, blocks);
        }

        private static Dictionary<string, string> ReadFrontMatter(string[] lines, ref int index, string sourceName)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (lines.Length == 0 || lines[0].TrimEnd() != "---") return values;

            for (index = 1; index < lines.Length; index++)
            {
                string line = lines[index];
                if (line.TrimEnd() == "---")
                {
                    index++;
                    return values;
                }
                if (line.Trim().Length == 0) continue;
                Match pair = FrontMatterPattern.Match(line);
                if (!pair.Success)
                {
                    throw new HelpSourceException(sourceName, index + 1, $"front matter line '{line.Trim()}' is not 'key: value'.");
                }
                values[pair.Groups["key"].Value.Trim()] = pair.Groups["value"].Value.Trim();
            }
            throw new HelpSourceException(sourceName, 1, "the front matter opened here has no closing '---' line.");
        }

        private static MarkdownBlock ReadCodeBlock(string[] lines, ref int index, string fence, string info, string sourceName)
        {
            int openLine = index + 1;
            var content = new StringBuilder();
            bool first = true;
            for (index++; index < lines.Length; index++)
            {
                string trimmed = lines[index].Trim();
                // A closing fence uses the same character, at least as many times, and nothing else.
                if (trimmed.Length >= fence.Length && trimmed[0] == fence[0] && trimmed.Trim(fence[0]).Length == 0)
                {
                    return MarkdownBlock.CodeBlock(openLine, info, content.ToString());
                }
                if (!first) content.Append('\n');
                content.Append(lines[index].TrimEnd());
                first = false;
            }
            throw new HelpSourceException(sourceName, openLine, $"the code block opened here with {fence} is never closed.");
        }
    }
}
