// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.HelpCompiler
{
    /// <summary>A "### -Name" entry: its description and the values of its ```yaml block.</summary>
    public sealed class ParameterHelp
    {
        /// <summary>The name without the leading dash.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Line of the "### -Name" heading.</summary>
        public int Line { get; init; }

        public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();

        /// <summary>Yaml "Type", as written ("String[]", "SwitchParameter").</summary>
        public string TypeName { get; init; } = string.Empty;

        /// <summary>Yaml "Parameter Sets"; empty when it says "(All)".</summary>
        public IReadOnlyList<string> ParameterSetNames { get; init; } = Array.Empty<string>();

        public bool AppliesToAllParameterSets => ParameterSetNames.Count == 0;

        public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();

        /// <summary>Yaml "Accepted values" (ValidateSet or enum names).</summary>
        public IReadOnlyList<string> AcceptedValues { get; init; } = Array.Empty<string>();

        public bool IsRequired { get; init; }

        /// <summary>Yaml "Position"; null for "Named".</summary>
        public int? Position { get; init; }

        /// <summary>Yaml "Default value"; null when empty.</summary>
        public string? DefaultValue { get; init; }

        /// <summary>Yaml "Accept pipeline input" as written, such as "True (ByPropertyName, ByValue)".</summary>
        public string PipelineInput { get; init; } = "False";

        public bool AcceptsPipelineInputByValue { get; init; }

        public bool AcceptsPipelineInputByPropertyName { get; init; }

        /// <summary>Yaml "Accept wildcard characters".</summary>
        public bool AcceptsWildcards { get; init; }

        public bool IsSwitch =>
            string.Equals(TypeName, "SwitchParameter", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(TypeName, "System.Management.Automation.SwitchParameter", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(TypeName, "switch", StringComparison.OrdinalIgnoreCase);

        public bool AppliesTo(string parameterSetName) =>
            AppliesToAllParameterSets ||
            parameterSetName == SyntaxItemHelp.AllParameterSets ||
            ParameterSetNames.Contains(parameterSetName, StringComparer.OrdinalIgnoreCase);
    }
}
