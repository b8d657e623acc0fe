// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>
    /// One Turn message as AssemblyAI sent it (protocols.md §1): the fields the turn assembler needs,
    /// read from the JSON by the protocol.
    /// </summary>
    internal sealed class AssemblyAITurnUpdate
    {
        public AssemblyAITurnUpdate(int turnOrder, bool endOfTurn, bool isFormatted, string transcript, IReadOnlyList<Word> words,
            string? speaker, string? languageCode, double? endOfTurnConfidence)
        {
            TurnOrder = turnOrder;
            EndOfTurn = endOfTurn;
            IsFormatted = isFormatted;
            Transcript = transcript ?? throw new ArgumentNullException(nameof(transcript));
            Words = words ?? throw new ArgumentNullException(nameof(words));
            Speaker = speaker;
            LanguageCode = languageCode;
            EndOfTurnConfidence = endOfTurnConfidence;
        }

        public int TurnOrder { get; }

        public bool EndOfTurn { get; }

        /// <summary>turn_is_formatted.</summary>
        public bool IsFormatted { get; }

        /// <summary>The transcript field: on universal-streaming partials only the finalised words.</summary>
        public string Transcript { get; }

        /// <summary>Every word, each final or still forming (word_is_final).</summary>
        public IReadOnlyList<Word> Words { get; }

        /// <summary>speaker_label.</summary>
        public string? Speaker { get; }

        public string? LanguageCode { get; }

        public double? EndOfTurnConfidence { get; }
    }
}
