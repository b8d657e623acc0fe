// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// How a syntax block shows one parameter: "[[-Path] &lt;String[]&gt;]" is optional and positional,
    /// "-Id &lt;Int32[]&gt;" required and named, "[-Force]" an optional switch (no value type).
    /// </summary>
    public sealed class SyntaxParameterUsage
    {
        public string Name { get; init; } = string.Empty;

        /// <summary>The page line the parameter appears on.</summary>
        public int Line { get; init; }

        public bool IsRequired { get; init; }

        public bool IsPositional { get; init; }

        /// <summary>The type in angle brackets; null for a switch.</summary>
        public string? TypeName { get; init; }
    }
}
