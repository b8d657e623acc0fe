// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt
{
    /// <summary>
    /// Turn-detection settings changed while a session runs (AssemblyAI UpdateConfiguration, Speechmatics SetRecognitionConfig).
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

        /// <summary>Seconds, 0.7–4, a word may wait before it is final (Speechmatics max_delay).</summary>
        public double? MaxDelay { get; set; }

        /// <summary>
        /// This update followed by <paramref name="later"/>: the later value of each field where it has one, else
        /// this one's. What a new connection must be sent to stand where the old one stood after both.
        /// </summary>
        public SessionConfigurationUpdate FollowedBy(SessionConfigurationUpdate later)
        {
            if (later is null) throw new System.ArgumentNullException(nameof(later));
            return new SessionConfigurationUpdate
            {
                MinTurnSilence = later.MinTurnSilence ?? MinTurnSilence,
                MaxTurnSilence = later.MaxTurnSilence ?? MaxTurnSilence,
                EndOfTurnConfidenceThreshold = later.EndOfTurnConfidenceThreshold ?? EndOfTurnConfidenceThreshold,
                Prompt = later.Prompt ?? Prompt,
                Keyterms = later.Keyterms is not null ? new List<string>(later.Keyterms) : Keyterms,
                MaxDelay = later.MaxDelay ?? MaxDelay,
            };
        }
    }
}
