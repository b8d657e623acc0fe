// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt
{
    /// <summary>
    /// Turn-detection settings changed while a session runs (AssemblyAI UpdateConfiguration).
    /// Null fields are left as they are.
    /// </summary>
    public sealed class SessionConfigurationUpdate
    {
        /// <summary>Milliseconds of silence before a confident end of turn (AssemblyAI min_turn_silence).</summary>
        public int? MinTurnSilence { get; set; }

        /// <summary>Milliseconds of silence that always end a turn (AssemblyAI max_turn_silence).</summary>
        public int? MaxTurnSilence { get; set; }

        /// <summary>0–1 (AssemblyAI end_of_turn_confidence_threshold, universal-streaming models).</summary>
        public double? EndOfTurnConfidenceThreshold { get; set; }

        /// <summary>A new prompt (AssemblyAI u3-rt-pro).</summary>
        public string? Prompt { get; set; }

        /// <summary>Replaces the key terms; an empty list removes them.</summary>
        public IList<string>? Keyterms { get; set; }
    }
}
