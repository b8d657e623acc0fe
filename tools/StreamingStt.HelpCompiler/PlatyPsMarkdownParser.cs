// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Reads a cmdlet page in platyPS markdown schema 2.0.0 into a <see cref="CommandHelp"/>.
    /// Anything the schema does not allow, or that would make the compiled help wrong (a syntax
    /// block naming an undocumented parameter, a parameter without its yaml block, a missing
    /// section), throws <see cref="HelpSourceException"/> with the file and line.
    /// </summary>
    public static class PlatyPsMarkdownParser
    {
        public const string SupportedSchema = "2.0.0";

        /// <summary>The ## sections platyPS writes, in the order it writes them. All are required.</summary>
        public static readonly IReadOnlyList<string> SectionOrder = new[]
        {
            "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private const string CommonParametersHeading = "CommonParameters";
        private const string DefaultSetSuffix = "(Default)";

        private static readonly Regex CommandNamePattern = new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex ParameterHeadingPattern = new Regex(@"^-(?<name>[A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant);
        private static readonly Regex RelatedLinkPattern = new Regex(@"\G\s*\[(?<text>[^\]]+)\]\((?<target>[^)\s]*)\)", RegexOptions.CultureInvariant);

        /// <summary>Reads a page from disk; its "# Name" must equal the file name.</summary>
        public static CommandHelp ParseFile(string path)
        {
            string text = File.ReadAllText(path, Encoding.UTF8);
            return Parse(text, path, Path.GetFileNameWithoutExtension(path));
        }

        /// <param name="markdown">The page.</param>
        /// <param name="sourceName">Used in error messages, normally the path.</param>
        /// <param name="expectedCommandName">When given, the "# Name" heading must say exactly this.</param>
        public static CommandHelp Parse(string markdown, string sourceName, string? expectedCommandName = null)
        {
            MarkdownPage page = MarkdownPageReader.Read(markdown, sourceName);
            string externalHelpFile = ReadFrontMatter(page);

            if (page.Blocks.Count == 0 || page.Blocks[0].Kind != MarkdownBlockKind.Heading || page.Blocks[0].Level != 1)
            {
                int line = page.Blocks.Count == 0 ? 1 : page.Blocks[0].Line;
                throw new HelpSourceException(sourceName, line, "expected the '# Verb-Noun' heading first, after the front matter.");
            }

            MarkdownBlock title = page.Blocks[0];
            string name = title.Text.Trim();
            if (!CommandNamePattern.IsMatch(name))
            {
                throw new HelpSourceException(sourceName, title.Line, $"'# {name}' is not a Verb-Noun command name.");
            }
            if (expectedCommandName is not null && !string.Equals(name, expectedCommandName, StringComparison.Ordinal))
            {
                throw new HelpSourceException(sourceName, title.Line, $"the page is for {expectedCommandName}, but its heading says '# {name}'.");
            }

            Dictionary<string, PageSection> sections = SplitSections(page, title);

            IReadOnlyList<SyntaxItemHelp> syntax = ReadSyntax(sections["SYNTAX"], name, sourceName);
            (IReadOnlyList<ParameterHelp> parameters, bool commonParameters) = ReadParameters(sections["PARAMETERS"], sourceName);
            CheckSyntaxAgainstParameters(syntax, parameters, sourceName);

            return new CommandHelp
            {
                Name = name,
                SourceName = sourceName,
                ExternalHelpFile = externalHelpFile,
                Synopsis = ReadText(sections["SYNOPSIS"], sourceName, required: true),
                Syntax = syntax,
                Description = ReadText(sections["DESCRIPTION"], sourceName, required: true),
                Examples = ReadExamples(sections["EXAMPLES"], sourceName),
                Parameters = parameters,
                SupportsCommonParameters = commonParameters,
                Inputs = ReadTypes(sections["INPUTS"], sourceName),
                Outputs = ReadTypes(sections["OUTPUTS"], sourceName),
                Notes = ReadText(sections["NOTES"], sourceName, required: false),
                RelatedLinks = ReadRelatedLinks(sections["RELATED LINKS"], sourceName),
            };
        }

        private static string ReadFrontMatter(MarkdownPage page)
        {
            if (page.FrontMatter.Count == 0)
            {
                throw new HelpSourceException(page.SourceName, 1, "the page has no front matter (a '---' block with 'external help file' and 'schema: 2.0.0').");
            }
            if (!page.FrontMatter.TryGetValue("schema", out string? schema) || schema != SupportedSchema)
            {
                throw new HelpSourceException(page.SourceName, 1, $"the front matter should say 'schema: {SupportedSchema}', the platyPS schema this compiler reads.");
            }
            if (!page.FrontMatter.TryGetValue("external help file", out string? helpFile) || helpFile.Length == 0)
            {
                throw new HelpSourceException(page.SourceName, 1, "the front matter has no 'external help file' (such as StreamingStt.Commands.dll-Help.xml).");
            }
            return helpFile;
        }

        private static Dictionary<string, PageSection> SplitSections(MarkdownPage page, MarkdownBlock title)
        {
            var sections = new Dictionary<string, PageSection>(StringComparer.Ordinal);
            string? currentName = null;
            int currentLine = 0;
            var currentBlocks = new List<MarkdownBlock>();
            int lastOrder = -1;

            void Close()
            {
                if (currentName is not null) sections[currentName] = new PageSection(currentName, currentLine, currentBlocks.ToArray());
                currentBlocks.Clear();
            }

            foreach (MarkdownBlock block in page.Blocks.Skip(1))
            {
                if (block.Kind == MarkdownBlockKind.Heading && block.Level == 1)
                {
                    throw new HelpSourceException(page.SourceName, block.Line, $"a page holds one command; '# {block.Text}' is a second one.");
                }
                if (block.Kind == MarkdownBlockKind.Heading && block.Level == 2)
                {
                    Close();
                    string sectionName = block.Text.Trim().ToUpperInvariant();
                    int order = IndexOf(SectionOrder, sectionName);
                    if (order < 0)
                    {
                        throw new HelpSourceException(page.SourceName, block.Line,
                            $"unknown section '## {block.Text}'. A cmdlet page has {string.Join(", ", SectionOrder.Select(s => "## " + s))}.");
                    }
                    if (sections.ContainsKey(sectionName))
                    {
                        throw new HelpSourceException(page.SourceName, block.Line, $"'## {sectionName}' appears twice.");
                    }
                    if (order < lastOrder)
                    {
                        throw new HelpSourceException(page.SourceName, block.Line,
                            $"'## {sectionName}' is out of order: it belongs before '## {SectionOrder[lastOrder]}'.");
                    }
                    lastOrder = order;
                    currentName = sectionName;
                    currentLine = block.Line;
                    continue;
                }
                if (currentName is null)
                {
                    throw new HelpSourceException(page.SourceName, block.Line, $"expected '## SYNOPSIS' after '# {title.Text}'.");
                }
                currentBlocks.Add(block);
            }
            Close();

            for (int i = 0; i < SectionOrder.Count; i++)
            {
                if (sections.ContainsKey(SectionOrder[i])) continue;
                string? next = SectionOrder.Skip(i + 1).FirstOrDefault(sections.ContainsKey);
                int line = next is not null ? sections[next].Line : page.Blocks[page.Blocks.Count - 1].Line;
                string where = next is not null ? $" (expected before '## {next}')" : " (expected at the end of the page)";
                throw new HelpSourceException(page.SourceName, line, $"the page has no '## {SectionOrder[i]}' section{where}.");
            }
            return sections;
        }

        private static int IndexOf(IReadOnlyList<string> list, string value)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] == value) return i;
            }
            return -1;
        }

        /// <summary>A free-text section: paragraphs, and code blocks kept as indented paragraphs.</summary>
        private static IReadOnlyList<string> ReadText(PageSection section, string sourceName, bool required)
        {
            var paragraphs = new List<string>();
            foreach (MarkdownBlock block in section.Blocks)
            {
                switch (block.Kind)
                {
                    case MarkdownBlockKind.Paragraph:
                        paragraphs.AddRange(InlineText.ToParagraphs(new[] { block }));
                        break;
                    case MarkdownBlockKind.CodeBlock:
                        paragraphs.Add(string.Join("\n", block.Text.Split('\n').Select(line => "    " + line)));
                        break;
                    default:
                        throw new HelpSourceException(sourceName, block.Line, $"'## {section.Name}' is plain text; '{block}' does not belong in it.");
                }
            }
            if (required && paragraphs.Count == 0)
            {
                throw new HelpSourceException(sourceName, section.Line, $"'## {section.Name}' is empty.");
            }
            return paragraphs;
        }

        /// <summary>Groups a section's blocks under its ### headings; text before the first ### is an error.</summary>
        private static List<(MarkdownBlock Heading, List<MarkdownBlock> Content)> SplitEntries(PageSection section, string sourceName, string entryDescription)
        {
            var entries = new List<(MarkdownBlock Heading, List<MarkdownBlock> Content)>();
            foreach (MarkdownBlock block in section.Blocks)
            {
                if (block.Kind == MarkdownBlockKind.Heading)
                {
                    if (block.Level != 3)
                    {
                        throw new HelpSourceException(sourceName, block.Line, $"'## {section.Name}' expects '### {entryDescription}' headings, not '{block}'.");
                    }
                    entries.Add((block, new List<MarkdownBlock>()));
                    continue;
                }
                if (entries.Count == 0)
                {
                    throw new HelpSourceException(sourceName, block.Line, $"'## {section.Name}' should start with a '### {entryDescription}' heading.");
                }
                entries[entries.Count - 1].Content.Add(block);
            }
            return entries;
        }

        private static IReadOnlyList<SyntaxItemHelp> ReadSyntax(PageSection section, string commandName, string sourceName)
        {
            var items = new List<SyntaxItemHelp>();
            IReadOnlyList<MarkdownBlock> blocks = section.Blocks;
            if (blocks.Count == 0)
            {
                throw new HelpSourceException(sourceName, section.Line, "'## SYNTAX' has no syntax block.");
            }

            // One parameter set: platyPS writes the code block without a "### SetName" heading.
            if (blocks[0].Kind == MarkdownBlockKind.CodeBlock)
            {
                if (blocks.Count > 1)
                {
                    throw new HelpSourceException(sourceName, blocks[1].Line,
                        "with several parameter sets, every syntax block needs its '### SetName' heading.");
                }
                items.Add(SyntaxBlockReader.Read(blocks[0], commandName, SyntaxItemHelp.AllParameterSets, isDefault: true, sourceName));
                return items;
            }

            foreach (var (heading, content) in SplitEntries(section, sourceName, "ParameterSetName"))
            {
                string setName = heading.Text.Trim();
                bool isDefault = setName.EndsWith(DefaultSetSuffix, StringComparison.OrdinalIgnoreCase);
                if (isDefault) setName = setName.Substring(0, setName.Length - DefaultSetSuffix.Length).Trim();
                if (setName.Length == 0)
                {
                    throw new HelpSourceException(sourceName, heading.Line, "the parameter set heading has no name.");
                }
                if (items.Any(i => string.Equals(i.ParameterSetName, setName, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"parameter set '{setName}' has two syntax blocks.");
                }
                if (content.Count != 1 || content[0].Kind != MarkdownBlockKind.CodeBlock)
                {
                    int line = content.Count == 0 ? heading.Line : content[0].Line;
                    throw new HelpSourceException(sourceName, line, $"'### {heading.Text}' should be followed by exactly one syntax code block.");
                }
                items.Add(SyntaxBlockReader.Read(content[0], commandName, setName, isDefault, sourceName));
            }

            if (items.Count(i => i.IsDefault) > 1)
            {
                throw new HelpSourceException(sourceName, section.Line, "more than one parameter set is marked (Default).");
            }
            return items;
        }

        private static IReadOnlyList<ExampleHelp> ReadExamples(PageSection section, string sourceName)
        {
            var examples = new List<ExampleHelp>();
            foreach (var (heading, content) in SplitEntries(section, sourceName, "Example N: title"))
            {
                string[] code = content.Where(b => b.Kind == MarkdownBlockKind.CodeBlock).Select(b => b.Text).ToArray();
                if (code.Length == 0 || code.All(c => c.Trim().Length == 0))
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"'### {heading.Text}' has no code block.");
                }
                examples.Add(new ExampleHelp
                {
                    Title = heading.Text.Trim(),
                    Code = string.Join("\n\n", code),
                    Remarks = InlineText.ToParagraphs(content.Where(b => b.Kind == MarkdownBlockKind.Paragraph)),
                });
            }
            if (examples.Count == 0)
            {
                // Without examples Get-Help falls back to what it shows for a command without help.
                throw new HelpSourceException(sourceName, section.Line, "'## EXAMPLES' has no '### Example' entry; every cmdlet needs at least one.");
            }
            return examples;
        }

        private static (IReadOnlyList<ParameterHelp> Parameters, bool CommonParameters) ReadParameters(PageSection section, string sourceName)
        {
            var parameters = new List<ParameterHelp>();
            bool commonParameters = false;
            foreach (var (heading, content) in SplitEntries(section, sourceName, "-ParameterName"))
            {
                string headingText = heading.Text.Trim();
                if (string.Equals(headingText, CommonParametersHeading, StringComparison.OrdinalIgnoreCase))
                {
                    // Its text is boilerplate; Get-Help adds [<CommonParameters>] itself.
                    commonParameters = true;
                    continue;
                }

                Match nameMatch = ParameterHeadingPattern.Match(headingText);
                if (!nameMatch.Success)
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"'### {headingText}' should be '### -ParameterName' or '### CommonParameters'.");
                }
                string name = nameMatch.Groups["name"].Value;
                if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"-{name} is documented twice.");
                }

                var description = new List<MarkdownBlock>();
                MarkdownBlock? yaml = null;
                foreach (MarkdownBlock block in content)
                {
                    if (block.Kind == MarkdownBlockKind.CodeBlock)
                    {
                        if (!string.Equals(block.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                        {
                            throw new HelpSourceException(sourceName, block.Line, $"-{name}: expected a ```yaml block, found ```{block.Info}.");
                        }
                        if (yaml is not null)
                        {
                            throw new HelpSourceException(sourceName, block.Line,
                                $"-{name} has a second ```yaml block; this compiler reads one per parameter (the same metadata in every parameter set).");
                        }
                        yaml = block;
                    }
                    else if (yaml is not null)
                    {
                        throw new HelpSourceException(sourceName, block.Line, $"-{name}: the description goes before the ```yaml block, not after it.");
                    }
                    else
                    {
                        description.Add(block);
                    }
                }

                if (yaml is null)
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"-{name} has no ```yaml block (Type, Parameter Sets, Required, Position, ...).");
                }
                if (description.Count == 0)
                {
                    throw new HelpSourceException(sourceName, heading.Line, $"-{name} has no description.");
                }
                parameters.Add(ParameterYamlReader.Read(yaml, sourceName, name, heading.Line, InlineText.ToParagraphs(description)));
            }
            return (parameters, commonParameters);
        }

        /// <summary>
        /// The syntax blocks and the yaml blocks describe the same parameters twice; compiled help
        /// uses the yaml, so a disagreement means one of them misleads the reader.
        /// </summary>
        private static void CheckSyntaxAgainstParameters(IReadOnlyList<SyntaxItemHelp> syntax, IReadOnlyList<ParameterHelp> parameters, string sourceName)
        {
            bool singleUnnamedSet = syntax.Count == 1 && syntax[0].ParameterSetName == SyntaxItemHelp.AllParameterSets;
            foreach (ParameterHelp parameter in parameters)
            {
                foreach (string setName in parameter.ParameterSetNames)
                {
                    if (singleUnnamedSet || !syntax.Any(s => string.Equals(s.ParameterSetName, setName, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpSourceException(sourceName, parameter.Line,
                            $"-{parameter.Name} is in parameter set '{setName}', which has no syntax block under '## SYNTAX'.");
                    }
                }
            }

            foreach (SyntaxItemHelp item in syntax)
            {
                string setLabel = item.ParameterSetName == SyntaxItemHelp.AllParameterSets ? "the syntax block" : $"the syntax of parameter set '{item.ParameterSetName}'";
                foreach (SyntaxParameterUsage usage in item.Parameters)
                {
                    ParameterHelp? parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, usage.Name, StringComparison.OrdinalIgnoreCase));
                    if (parameter is null)
                    {
                        throw new HelpSourceException(sourceName, usage.Line, $"{setLabel} names -{usage.Name}, which has no '### -{usage.Name}' entry under '## PARAMETERS'.");
                    }
                    if (!parameter.AppliesTo(item.ParameterSetName))
                    {
                        throw new HelpSourceException(sourceName, usage.Line,
                            $"{setLabel} names -{usage.Name}, but its yaml says 'Parameter Sets: {string.Join(", ", parameter.ParameterSetNames)}'.");
                    }
                    if (usage.IsRequired != parameter.IsRequired)
                    {
                        throw new HelpSourceException(sourceName, usage.Line,
                            $"{setLabel} shows -{usage.Name} as {(usage.IsRequired ? "required" : "optional")}, but its yaml says 'Required: {parameter.IsRequired}'.");
                    }
                    if (usage.IsPositional != parameter.Position.HasValue)
                    {
                        throw new HelpSourceException(sourceName, usage.Line,
                            $"{setLabel} shows -{usage.Name} as {(usage.IsPositional ? "positional" : "named")}, but its yaml says 'Position: {(parameter.Position?.ToString() ?? "Named")}'.");
                    }
                    bool typeMatches = parameter.IsSwitch
                        ? usage.TypeName is null
                        : usage.TypeName is not null && string.Equals(usage.TypeName, parameter.TypeName, StringComparison.OrdinalIgnoreCase);
                    if (!typeMatches)
                    {
                        throw new HelpSourceException(sourceName, usage.Line,
                            $"{setLabel} shows -{usage.Name} as <{usage.TypeName ?? "switch"}>, but its yaml says 'Type: {parameter.TypeName}'.");
                    }
                }

                foreach (ParameterHelp parameter in parameters.Where(p => p.AppliesTo(item.ParameterSetName)))
                {
                    if (!item.Parameters.Any(u => string.Equals(u.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpSourceException(sourceName, parameter.Line, $"-{parameter.Name} belongs in {setLabel} (line {item.Line}), which does not show it.");
                    }
                }
            }
        }

        private static IReadOnlyList<TypeHelp> ReadTypes(PageSection section, string sourceName)
        {
            var types = new List<TypeHelp>();
            foreach (var (heading, content) in SplitEntries(section, sourceName, "TypeName"))
            {
                MarkdownBlock? code = content.FirstOrDefault(b => b.Kind != MarkdownBlockKind.Paragraph);
                if (code is not null)
                {
                    throw new HelpSourceException(sourceName, code.Line, $"'### {heading.Text}' under '## {section.Name}' takes plain text only.");
                }
                types.Add(new TypeHelp { TypeName = heading.Text.Trim(), Description = InlineText.ToParagraphs(content) });
            }
            return types;
        }

        private static IReadOnlyList<RelatedLinkHelp> ReadRelatedLinks(PageSection section, string sourceName)
        {
            var links = new List<RelatedLinkHelp>();
            foreach (MarkdownBlock block in section.Blocks)
            {
                if (block.Kind != MarkdownBlockKind.Paragraph)
                {
                    throw new HelpSourceException(sourceName, block.Line, "'## RELATED LINKS' holds only [text](target) links.");
                }
                for (int i = 0; i < block.Lines.Count; i++)
                {
                    string line = block.Lines[i];
                    int position = 0;
                    while (position < line.Length && line.Substring(position).Trim().Length > 0)
                    {
                        Match link = RelatedLinkPattern.Match(line, position);
                        if (!link.Success)
                        {
                            throw new HelpSourceException(sourceName, block.Line + i, $"'{line.Substring(position).Trim()}' is not a [text](target) link.");
                        }
                        links.Add(new RelatedLinkHelp { Text = link.Groups["text"].Value.Trim(), Target = link.Groups["target"].Value });
                        position = link.Index + link.Length;
                    }
                }
            }
            return links;
        }
    }
}
