// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>The turn-detection knobs of a session; UpdateConfiguration changes them mid-stream.</summary>
internal sealed class TurnDetectionSettings
{
    public required int MinTurnSilenceMs { get; set; }

    public required int MaxTurnSilenceMs { get; set; }

    public required double EndOfTurnConfidenceThreshold { get; set; }

    public required bool FormatTurns { get; set; }

    public required bool SpeakerLabels { get; init; }

    public required bool LanguageDetection { get; init; }

    public static TurnDetectionSettings From(SessionConfiguration configuration) => new()
    {
        MinTurnSilenceMs = configuration.MinTurnSilenceMs,
        MaxTurnSilenceMs = configuration.MaxTurnSilenceMs,
        EndOfTurnConfidenceThreshold = configuration.EndOfTurnConfidenceThreshold,
        FormatTurns = configuration.FormatTurns,
        SpeakerLabels = configuration.SpeakerLabels,
        // Documented: on the universal-streaming family only the multilingual model reports languages.
        LanguageDetection = configuration.LanguageDetection
            && (configuration.Family == SpeechModelFamily.UniversalThreePro || configuration.SpeechModel == "universal-streaming-multilingual"),
    };
}
