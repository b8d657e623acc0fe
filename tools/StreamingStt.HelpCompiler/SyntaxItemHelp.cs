// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>One "### SetName" heading of ## SYNTAX and the parameters its syntax block lists, in that order.</summary>
    public sealed class SyntaxItemHelp
    {
        /// <summary>What PowerShell calls a parameter set shared by every parameter when a cmdlet has only one.</summary>
        public const string AllParameterSets = "__AllParameterSets";

        public string ParameterSetName { get; init; } = AllParameterSets;

        /// <summary>The heading said "(Default)".</summary>
        public bool IsDefault { get; init; }

        public IReadOnlyList<SyntaxParameterUsage> Parameters { get; init; } = Array.Empty<SyntaxParameterUsage>();

        /// <summary>True when the block ends with [&lt;CommonParameters&gt;].</summary>
        public bool ListsCommonParameters { get; init; }

        /// <summary>First line of the syntax text (the line after the opening fence).</summary>
        public int Line { get; init; }
    }
}
