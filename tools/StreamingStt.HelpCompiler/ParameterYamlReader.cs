// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Reads the ```yaml block under "### -Name": flat "Key: value" lines with the keys platyPS
    /// writes. Unknown keys and unreadable values are errors, so a typo cannot silently change
    /// what Get-Help says.
    /// </summary>
    public static class ParameterYamlReader
    {
        private const string TypeKey = "Type";
        private const string ParameterSetsKey = "Parameter Sets";
        private const string AliasesKey = "Aliases";
        private const string AcceptedValuesKey = "Accepted values";
        private const string RequiredKey = "Required";
        private const string PositionKey = "Position";
        private const string DefaultValueKey = "Default value";
        private const string PipelineInputKey = "Accept pipeline input";
        private const string WildcardKey = "Accept wildcard characters";

        private static readonly string[] KnownKeys =
        {
            TypeKey, ParameterSetsKey, AliasesKey, AcceptedValuesKey, RequiredKey, PositionKey,
            DefaultValueKey, PipelineInputKey, WildcardKey,
        };

        private static readonly string[] RequiredKeys =
        {
            TypeKey, ParameterSetsKey, RequiredKey, PositionKey, PipelineInputKey, WildcardKey,
        };

        private static readonly Regex PairPattern = new Regex(@"^(?<key>[^:]+):(?<value>.*)$", RegexOptions.CultureInvariant);
        private static readonly Regex PipelinePattern = new Regex(@"^True\s*\((?<kinds>[^)]*)\)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static ParameterHelp Read(MarkdownBlock yaml, string sourceName, string parameterName, int headingLine, IReadOnlyList<string> description)
        {
            var values = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
            string[] lines = yaml.Text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                int lineNumber = yaml.Line + 1 + i;
                if (lines[i].Trim().Length == 0) continue;
                Match pair = PairPattern.Match(lines[i]);
                if (!pair.Success)
                {
                    throw new HelpSourceException(sourceName, lineNumber, $"-{parameterName}: yaml line '{lines[i].Trim()}' is not 'Key: value'.");
                }
                string key = pair.Groups["key"].Value.Trim();
                string? known = KnownKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    throw new HelpSourceException(sourceName, lineNumber,
                        $"-{parameterName}: unknown yaml key '{key}'. Known keys: {string.Join(", ", KnownKeys)}.");
                }
                if (values.ContainsKey(known))
                {
                    throw new HelpSourceException(sourceName, lineNumber, $"-{parameterName}: yaml key '{known}' appears twice.");
                }
                values[known] = (pair.Groups["value"].Value.Trim(), lineNumber);
            }

            foreach (string key in RequiredKeys)
            {
                if (!values.ContainsKey(key))
                {
                    throw new HelpSourceException(sourceName, yaml.Line, $"-{parameterName}: the yaml block has no '{key}:' line.");
                }
            }

            string typeName = values[TypeKey].Value;
            if (typeName.Length == 0)
            {
                throw new HelpSourceException(sourceName, values[TypeKey].Line, $"-{parameterName}: 'Type:' is empty.");
            }

            (string sets, int setsLine) = values[ParameterSetsKey];
            IReadOnlyList<string> setNames = SplitList(sets);
            if (setNames.Count == 0)
            {
                throw new HelpSourceException(sourceName, setsLine, $"-{parameterName}: 'Parameter Sets:' is empty; write (All) or the set names.");
            }
            if (setNames.Contains("(All)", StringComparer.OrdinalIgnoreCase))
            {
                if (setNames.Count > 1)
                {
                    throw new HelpSourceException(sourceName, setsLine, $"-{parameterName}: 'Parameter Sets:' cannot combine (All) with set names.");
                }
                setNames = Array.Empty<string>();
            }

            (bool byValue, bool byPropertyName) = ReadPipelineInput(values[PipelineInputKey], sourceName, parameterName);

            return new ParameterHelp
            {
                Name = parameterName,
                Line = headingLine,
                Description = description,
                TypeName = typeName,
                ParameterSetNames = setNames,
                Aliases = values.TryGetValue(AliasesKey, out var aliases) ? SplitList(aliases.Value) : Array.Empty<string>(),
                AcceptedValues = values.TryGetValue(AcceptedValuesKey, out var accepted) ? SplitList(accepted.Value) : Array.Empty<string>(),
                IsRequired = ReadBoolean(values[RequiredKey], sourceName, parameterName, RequiredKey),
                Position = ReadPosition(values[PositionKey], sourceName, parameterName),
                DefaultValue = values.TryGetValue(DefaultValueKey, out var defaultValue) && defaultValue.Value.Length > 0 ? defaultValue.Value : null,
                PipelineInput = values[PipelineInputKey].Value,
                AcceptsPipelineInputByValue = byValue,
                AcceptsPipelineInputByPropertyName = byPropertyName,
                AcceptsWildcards = ReadBoolean(values[WildcardKey], sourceName, parameterName, WildcardKey),
            };
        }

        private static IReadOnlyList<string> SplitList(string value) =>
            value.Split(',').Select(item => item.Trim()).Where(item => item.Length > 0).ToArray();

        private static bool ReadBoolean((string Value, int Line) entry, string sourceName, string parameterName, string key)
        {
            if (string.Equals(entry.Value, "True", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(entry.Value, "False", StringComparison.OrdinalIgnoreCase)) return false;
            throw new HelpSourceException(sourceName, entry.Line, $"-{parameterName}: '{key}:' should be True or False, not '{entry.Value}'.");
        }

        private static int? ReadPosition((string Value, int Line) entry, string sourceName, string parameterName)
        {
            if (string.Equals(entry.Value, "Named", StringComparison.OrdinalIgnoreCase)) return null;
            if (int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int position)) return position;
            throw new HelpSourceException(sourceName, entry.Line, $"-{parameterName}: 'Position:' should be Named or a number, not '{entry.Value}'.");
        }

        private static (bool ByValue, bool ByPropertyName) ReadPipelineInput((string Value, int Line) entry, string sourceName, string parameterName)
        {
            if (string.Equals(entry.Value, "False", StringComparison.OrdinalIgnoreCase)) return (false, false);
            Match match = PipelinePattern.Match(entry.Value);
            if (match.Success)
            {
                bool byValue = false, byPropertyName = false;
                foreach (string kind in SplitList(match.Groups["kinds"].Value))
                {
                    if (string.Equals(kind, "ByValue", StringComparison.OrdinalIgnoreCase)) byValue = true;
                    else if (string.Equals(kind, "ByPropertyName", StringComparison.OrdinalIgnoreCase)) byPropertyName = true;
                    else
                    {
                        throw new HelpSourceException(sourceName, entry.Line, $"-{parameterName}: unknown pipeline input kind '{kind}' (ByValue, ByPropertyName).");
                    }
                }
                if (byValue || byPropertyName) return (byValue, byPropertyName);
            }
            throw new HelpSourceException(sourceName, entry.Line,
                $"-{parameterName}: 'Accept pipeline input:' should be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue), not '{entry.Value}'.");
        }
    }
}
