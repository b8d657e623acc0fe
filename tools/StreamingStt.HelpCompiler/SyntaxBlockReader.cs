// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Reads a ## SYNTAX code block the way PowerShell prints syntax:
    /// <c>Verb-Noun [[-Positional] &lt;T&gt;] [-Positional] &lt;T&gt; [-Optional &lt;T&gt;] -Required &lt;T&gt; [-Switch] [&lt;CommonParameters&gt;]</c>.
    /// The parser uses it to check the block against the ### -Name entries.
    /// </summary>
    public static class SyntaxBlockReader
    {
        private static readonly Regex TokenPattern = new Regex(
            @"\G\s*(?:" +
            @"(?<common>\[<CommonParameters>\])" +
            @"|\[\[-(?<optionalPositional>\w+)\]\s+<(?<type1>[^<>]+)>\]" +
            @"|\[-(?<requiredPositional>\w+)\]\s+<(?<type2>[^<>]+)>" +
            @"|\[-(?<optionalNamed>\w+)(?:\s+<(?<type3>[^<>]+)>)?\]" +
            @"|-(?<requiredNamed>\w+)(?:\s+<(?<type4>[^<>]+)>)?(?=\s|$)" +
            @")",
            RegexOptions.CultureInvariant);

        public static SyntaxItemHelp Read(MarkdownBlock block, string commandName, string parameterSetName, bool isDefault, string sourceName)
        {
            // The block's lines joined into one, remembering where each line starts so every
            // parameter keeps its own line number for error messages.
            string[] lines = block.Text.Split('\n');
            var lineStarts = new List<int>();
            var joined = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = Regex.Replace(lines[i], @"\s+", " ").Trim();
                if (joined.Length > 0) joined.Append(' ');
                lineStarts.Add(joined.Length);
                joined.Append(line);
            }
            string text = joined.ToString();
            int firstLine = block.Line + 1;
            int LineAt(int offset)
            {
                int index = lineStarts.FindLastIndex(start => start <= offset);
                return firstLine + Math.Max(0, index);
            }

            int nameAt = text.Length - text.TrimStart().Length;
            if (!text.Trim().StartsWith(commandName + " ", StringComparison.OrdinalIgnoreCase) && !string.Equals(text.Trim(), commandName, StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpSourceException(sourceName, LineAt(nameAt), $"the syntax block should start with the command name {commandName}.");
            }

            var usages = new List<SyntaxParameterUsage>();
            bool listsCommonParameters = false;
            int position = nameAt + commandName.Length;
            while (position < text.Length && text.Substring(position).Trim().Length > 0)
            {
                Match token = TokenPattern.Match(text, position);
                if (!token.Success || token.Length == 0)
                {
                    string near = text.Substring(position).Trim();
                    if (near.Length > 40) near = near.Substring(0, 40) + "...";
                    int nearAt = position + (text.Length - position - text.Substring(position).TrimStart().Length);
                    throw new HelpSourceException(sourceName, LineAt(nearAt), $"cannot read the syntax of parameter set '{parameterSetName}' near '{near}'.");
                }
                position = token.Index + token.Length;
                int tokenLine = LineAt(token.Index + (token.Value.Length - token.Value.TrimStart().Length));

                if (token.Groups["common"].Success)
                {
                    listsCommonParameters = true;
                    continue;
                }

                SyntaxParameterUsage usage = ToUsage(token, tokenLine);
                if (usages.Any(u => string.Equals(u.Name, usage.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new HelpSourceException(sourceName, tokenLine, $"the syntax of parameter set '{parameterSetName}' names -{usage.Name} twice.");
                }
                usages.Add(usage);
            }

            return new SyntaxItemHelp
            {
                ParameterSetName = parameterSetName,
                IsDefault = isDefault,
                Parameters = usages,
                ListsCommonParameters = listsCommonParameters,
                Line = firstLine,
            };
        }

        private static SyntaxParameterUsage ToUsage(Match token, int line)
        {
            if (token.Groups["optionalPositional"].Success)
            {
                return new SyntaxParameterUsage { Line = line, Name = token.Groups["optionalPositional"].Value, IsPositional = true, TypeName = token.Groups["type1"].Value };
            }
            if (token.Groups["requiredPositional"].Success)
            {
                return new SyntaxParameterUsage { Line = line, Name = token.Groups["requiredPositional"].Value, IsRequired = true, IsPositional = true, TypeName = token.Groups["type2"].Value };
            }
            if (token.Groups["optionalNamed"].Success)
            {
                return new SyntaxParameterUsage { Line = line, Name = token.Groups["optionalNamed"].Value, TypeName = NullIfMissing(token.Groups["type3"]) };
            }
            return new SyntaxParameterUsage { Line = line, Name = token.Groups["requiredNamed"].Value, IsRequired = true, TypeName = NullIfMissing(token.Groups["type4"]) };
        }

        private static string? NullIfMissing(Group group) => group.Success ? group.Value : null;
    }
}
