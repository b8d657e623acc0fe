// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// A help page that does not follow the platyPS schema. The message starts with
    /// "file:line:" so editors and CI logs can jump to the place.
    /// </summary>
    public sealed class HelpSourceException : Exception
    {
        public HelpSourceException(string sourceName, int line, string problem)
            : base($"{sourceName}:{line}: {problem}")
        {
            SourceName = sourceName;
            Line = line;
            Problem = problem;
        }

        /// <summary>The page's path (or the name given for an in-memory page).</summary>
        public string SourceName { get; }

        /// <summary>1-based line number.</summary>
        public int Line { get; }

        /// <summary>The message without the location.</summary>
        public string Problem { get; }
    }
}
