// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.HelpCompiler
{
    /// <summary>An entry of ## INPUTS or ## OUTPUTS: "### TypeName" and what it means.</summary>
    public sealed class TypeHelp
    {
        public string TypeName { get; init; } = string.Empty;

        public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();
    }
}
