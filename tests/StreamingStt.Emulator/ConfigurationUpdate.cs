// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>The fields of an UpdateConfiguration message that change the emulator's behaviour (null = unchanged).</summary>
internal sealed class ConfigurationUpdate
{
    public double? EndOfTurnConfidenceThreshold { get; init; }

    public int? MinTurnSilenceMs { get; init; }

    public int? MaxTurnSilenceMs { get; init; }

    public bool? FormatTurns { get; init; }

    public void ApplyTo(TurnDetectionSettings settings)
    {
        settings.EndOfTurnConfidenceThreshold = EndOfTurnConfidenceThreshold ?? settings.EndOfTurnConfidenceThreshold;
        settings.MinTurnSilenceMs = MinTurnSilenceMs ?? settings.MinTurnSilenceMs;
        settings.MaxTurnSilenceMs = MaxTurnSilenceMs ?? settings.MaxTurnSilenceMs;
        settings.FormatTurns = FormatTurns ?? settings.FormatTurns;
    }
}
