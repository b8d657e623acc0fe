// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt
{
    /// <summary>
    /// One transcript update, the same shape for every provider. Partial updates have
    /// EndOfTurn = false; each turn ends with exactly one EndOfTurn = true update whose
    /// Transcript is the whole turn. Every property is always present so Export-Csv
    /// columns stay stable from the first row on.
    /// </summary>
    public sealed class Turn
    {
        public Turn(
            SttProvider provider,
            string? sessionId,
            string? source,
            int turnOrder,
            string transcript,
            bool endOfTurn,
            bool isFormatted,
            TimeSpan startTime,
            TimeSpan endTime,
            double? confidence,
            double? endOfTurnConfidence,
            string? speaker,
            string? language,
            WordList words,
            DateTimeOffset receivedAt)
        {
            Provider = provider;
            SessionId = sessionId;
            Source = source;
            TurnOrder = turnOrder;
            Transcript = transcript ?? string.Empty;
            EndOfTurn = endOfTurn;
            IsFormatted = isFormatted;
            StartTime = startTime;
            EndTime = endTime;
            Confidence = confidence;
            EndOfTurnConfidence = endOfTurnConfidence;
            Speaker = speaker;
            Language = language;
            Words = words ?? WordList.Empty;
            ReceivedAt = receivedAt;
        }

        public SttProvider Provider { get; }
        /// <summary>The provider's id for the session (AssemblyAI: Begin.id).</summary>
        public string? SessionId { get; }
        /// <summary>Where the audio came from: a file path, "stdin", a device name.</summary>
        public string? Source { get; }
        /// <summary>0-based turn index; all updates of one turn share it.</summary>
        public int TurnOrder { get; }
        public string Transcript { get; }
        public bool EndOfTurn { get; }
        public bool IsFormatted { get; }
        /// <summary>Offset of the turn's first word from the start of the audio.</summary>
        public TimeSpan StartTime { get; }
        /// <summary>Offset of the turn's last word end from the start of the audio.</summary>
        public TimeSpan EndTime { get; }
        /// <summary>Mean word confidence, when the provider gives one.</summary>
        public double? Confidence { get; }
        /// <summary>The provider's end-of-turn probability (AssemblyAI), kept apart from Confidence.</summary>
        public double? EndOfTurnConfidence { get; }
        public string? Speaker { get; }
        public string? Language { get; }
        public WordList Words { get; }
        public DateTimeOffset ReceivedAt { get; }

        public override string ToString() => Transcript;
    }
}
