// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Markdown paragraphs to the plain paragraphs of maml:para. Soft-wrapped lines are joined,
    /// list items keep a paragraph each, bold markers and link targets go (Get-Help prints plain
    /// text), and `code` keeps its backticks, as platyPS does.
    /// </summary>
    public static class InlineText
    {
        private static readonly Regex ListItemPattern = new Regex(@"^([-*+]|\d+[.)])\s+", RegexOptions.CultureInvariant);
        private static readonly Regex LinkPattern = new Regex(@"\[(?<text>[^\]]+)\]\((?<target>[^)\s]+)\)", RegexOptions.CultureInvariant);

        public static IReadOnlyList<string> ToParagraphs(IEnumerable<MarkdownBlock> paragraphBlocks)
        {
            var paragraphs = new List<string>();
            foreach (MarkdownBlock block in paragraphBlocks)
            {
                var current = new List<string>();
                foreach (string line in block.Lines)
                {
                    if (current.Count > 0 && ListItemPattern.IsMatch(line))
                    {
                        paragraphs.Add(Clean(string.Join(" ", current)));
                        current.Clear();
                    }
                    current.Add(line);
                }
                if (current.Count > 0) paragraphs.Add(Clean(string.Join(" ", current)));
            }
            return paragraphs;
        }

        public static string Clean(string text)
        {
            string withoutLinks = LinkPattern.Replace(text, match =>
            {
                string linkText = match.Groups["text"].Value;
                string target = match.Groups["target"].Value;
                return WebAddress.IsWebAddress(target) ? $"{linkText} ({target})" : linkText;
            });
            return withoutLinks.Replace("**", string.Empty).Trim();
        }
    }
}
