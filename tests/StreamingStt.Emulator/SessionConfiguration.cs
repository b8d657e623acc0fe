// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text.Json;

namespace StreamingStt.Emulator;

/// <summary>
/// The validated connection query of one session (protocols.md §1.3). Parameters the emulator does not know are
/// accepted and ignored, because the SDKs send many undocumented extras.
/// </summary>
internal sealed class SessionConfiguration
{
    public const int MaxKeyterms = 100;
    public const int MaxKeytermLength = 50;

    private static readonly string[] UniversalStreamingModels =
        ["universal-streaming-english", "universal-streaming-multilingual", "whisper-rt"];

    // u3-rt-pro is the documented one; the others are names the JS SDK 4.41.5 knows (u3-pro is its deprecated alias).
    private static readonly string[] UniversalThreeProModels =
        ["u3-rt-pro", "u3-pro", "u3-rt-pro-beta-1", "universal-3-5-pro", "universal-3-6", "universal-3-6-pro"];

    public required string SpeechModel { get; init; }

    public required SpeechModelFamily Family { get; init; }

    public required AudioEncoding Encoding { get; init; }

    /// <summary>Null when omitted (allowed only for self-describing encodings).</summary>
    public required int? SampleRate { get; init; }

    public required bool FormatTurns { get; init; }

    public required double EndOfTurnConfidenceThreshold { get; init; }

    public required int MinTurnSilenceMs { get; init; }

    public required int MaxTurnSilenceMs { get; init; }

    public required double VadThreshold { get; init; }

    public required IReadOnlyList<string> Keyterms { get; init; }

    public required bool LanguageDetection { get; init; }

    public required bool SpeakerLabels { get; init; }

    public required int? MaxSpeakers { get; init; }

    public required TimeSpan? InactivityTimeout { get; init; }

    /// <summary>Audio bytes per second, or null when the encoding is self-describing and cannot be measured.</summary>
    public double? BytesPerSecond => Encoding switch
    {
        AudioEncoding.PcmS16le => SampleRate * 2.0,
        AudioEncoding.PcmMulaw => SampleRate * 1.0,
        _ => null,
    };

    public static bool IsKnownModel(string model) =>
        UniversalStreamingModels.Contains(model) || UniversalThreeProModels.Contains(model);

    /// <summary>Validates the query; throws <see cref="SessionConfigurationException"/> with a short detail.</summary>
    public static SessionConfiguration Parse(IReadOnlyDictionary<string, string> query)
    {
        // UNCONFIRMED: the docs say a session without speech_model "will fail" but not how; this emulator closes 3006.
        string model = query.GetValueOrDefault("speech_model") is { Length: > 0 } m
            ? m
            : throw new SessionConfigurationException("speech_model is required");
        SpeechModelFamily family = UniversalStreamingModels.Contains(model) ? SpeechModelFamily.UniversalStreaming
            : UniversalThreeProModels.Contains(model) ? SpeechModelFamily.UniversalThreePro
            : throw new SessionConfigurationException($"speech_model '{model}' is not supported");
        bool isUniversalStreaming = family == SpeechModelFamily.UniversalStreaming;

        AudioEncoding encoding = query.GetValueOrDefault("encoding") switch
        {
            null or "pcm_s16le" => AudioEncoding.PcmS16le,
            "pcm_mulaw" => AudioEncoding.PcmMulaw,
            "opus" => AudioEncoding.Opus,
            "ogg_opus" => AudioEncoding.OggOpus,
            "aac" => AudioEncoding.Aac,
            var other => throw new SessionConfigurationException($"encoding '{other}' is not supported"),
        };

        // The API reference marks sample_rate required and the JS SDK refuses to connect without it for PCM, so a
        // PCM session without one is refused here (the spec's "default 16000" is UNCONFIRMED in practice).
        int? sampleRate = ParseInt(query, "sample_rate", 1, int.MaxValue, "sample_rate must be a positive integer");
        if (sampleRate is null && encoding is AudioEncoding.PcmS16le or AudioEncoding.PcmMulaw)
        {
            throw new SessionConfigurationException("sample_rate is required for PCM encodings");
        }

        int defaultMinSilence = isUniversalStreaming ? 400 : 100;
        int defaultMaxSilence = isUniversalStreaming ? 1280 : 1000;
        int? minSilence = ParseInt(query, "min_turn_silence", 0, int.MaxValue, "min_turn_silence must be a non-negative integer (ms)")
            ?? ParseInt(query, "min_end_of_turn_silence_when_confident", 0, int.MaxValue, "min_end_of_turn_silence_when_confident must be a non-negative integer (ms)");
        int? maxSilence = ParseInt(query, "max_turn_silence", 0, int.MaxValue, "max_turn_silence must be a non-negative integer (ms)");

        if (query.GetValueOrDefault("language") is { } language && language is not ("en" or "multi"))
        {
            throw new SessionConfigurationException("language must be 'en' or 'multi'");
        }

        return new SessionConfiguration
        {
            SpeechModel = model,
            Family = family,
            Encoding = encoding,
            SampleRate = sampleRate,
            FormatTurns = ParseBool(query, "format_turns"),
            EndOfTurnConfidenceThreshold = ParseDouble(query, "end_of_turn_confidence_threshold", 0, 1) ?? 0.4,
            MinTurnSilenceMs = minSilence ?? defaultMinSilence,
            MaxTurnSilenceMs = maxSilence ?? defaultMaxSilence,
            VadThreshold = ParseDouble(query, "vad_threshold", 0, 1) ?? (isUniversalStreaming ? 0.4 : 0.3),
            Keyterms = ParseKeyterms(query.GetValueOrDefault("keyterms_prompt")),
            LanguageDetection = ParseBool(query, "language_detection"),
            SpeakerLabels = ParseBool(query, "speaker_labels"),
            MaxSpeakers = ParseInt(query, "max_speakers", 1, 10, "max_speakers must be an integer from 1 to 10"),
            InactivityTimeout = ParseInt(query, "inactivity_timeout", 5, 3600, "inactivity_timeout must be an integer from 5 to 3600 (seconds)") is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : null,
        };
    }

    /// <summary>
    /// Parses a keyterms list (a JSON array of strings): more than 100 terms is an error, terms over 50 characters
    /// are dropped (documented), and null or "[]" clears the list.
    /// </summary>
    public static IReadOnlyList<string> ParseKeyterms(string? json)
    {
        if (json is null)
        {
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new SessionConfigurationException("keyterms_prompt must be a JSON array of strings");
        }

        using (document)
        {
            return ParseKeyterms(document.RootElement);
        }
    }

    /// <summary>See <see cref="ParseKeyterms(string?)"/>.</summary>
    public static IReadOnlyList<string> ParseKeyterms(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new SessionConfigurationException("keyterms_prompt must be a JSON array of strings");
        }

        if (element.GetArrayLength() > MaxKeyterms)
        {
            throw new SessionConfigurationException($"keyterms_prompt accepts at most {MaxKeyterms} terms");
        }

        return element.EnumerateArray().Select(e => e.GetString()!).Where(t => t.Length <= MaxKeytermLength).ToArray();
    }

    // Only true/false (any casing) are accepted; pydantic would take 1/yes/on too, but clients should send the
    // documented form and the strict emulator makes them.
    private static bool ParseBool(IReadOnlyDictionary<string, string> query, string name) =>
        query.GetValueOrDefault(name) switch
        {
            null => false,
            var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new SessionConfigurationException($"{name} must be true or false"),
        };

    private static int? ParseInt(IReadOnlyDictionary<string, string> query, string name, int min, int max, string error)
    {
        if (query.GetValueOrDefault(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new SessionConfigurationException(error);
    }

    private static double? ParseDouble(IReadOnlyDictionary<string, string> query, string name, double min, double max)
    {
        if (query.GetValueOrDefault(name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new SessionConfigurationException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number from {min} to {max}"));
    }
}
