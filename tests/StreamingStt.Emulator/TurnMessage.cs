// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>The fields of one Turn message (spec TurnPayload).</summary>
internal sealed class TurnMessage
{
    public required int TurnOrder { get; init; }

    public required bool IsFormatted { get; init; }

    public required bool EndOfTurn { get; init; }

    public required string Transcript { get; init; }

    public required double EndOfTurnConfidence { get; init; }

    public required IReadOnlyList<TurnWord> Words { get; init; }

    public required string Utterance { get; init; }

    public string? LanguageCode { get; init; }

    public double? LanguageConfidence { get; init; }

    public string? SpeakerLabel { get; init; }
}
