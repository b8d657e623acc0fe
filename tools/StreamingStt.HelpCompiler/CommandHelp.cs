// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>Everything one cmdlet page says, ready for <see cref="MamlWriter"/>.</summary>
    public sealed class CommandHelp
    {
        public string Name { get; init; } = string.Empty;

        public string Verb => Name.Split('-')[0];

        public string Noun => Name.Substring(Math.Min(Verb.Length + 1, Name.Length));

        /// <summary>The page it came from.</summary>
        public string SourceName { get; init; } = string.Empty;

        /// <summary>Front matter "external help file": the MAML file this page belongs in.</summary>
        public string ExternalHelpFile { get; init; } = string.Empty;

        public IReadOnlyList<string> Synopsis { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();

        /// <summary>One entry per parameter set, in page order.</summary>
        public IReadOnlyList<SyntaxItemHelp> Syntax { get; init; } = Array.Empty<SyntaxItemHelp>();

        public IReadOnlyList<ExampleHelp> Examples { get; init; } = Array.Empty<ExampleHelp>();

        /// <summary>The "### -Name" entries, in page order (CommonParameters is not one of them).</summary>
        public IReadOnlyList<ParameterHelp> Parameters { get; init; } = Array.Empty<ParameterHelp>();

        /// <summary>True when the page has "### CommonParameters".</summary>
        public bool SupportsCommonParameters { get; init; }

        public IReadOnlyList<TypeHelp> Inputs { get; init; } = Array.Empty<TypeHelp>();

        public IReadOnlyList<TypeHelp> Outputs { get; init; } = Array.Empty<TypeHelp>();

        public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

        public IReadOnlyList<RelatedLinkHelp> RelatedLinks { get; init; } = Array.Empty<RelatedLinkHelp>();
    }
}
