// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// The validated /v1/listen query of one session (protocols.md §2.3, asyncapi.yml). Values the spec enumerates are
/// checked; parameters the emulator does not know are accepted and ignored, as new ones appear often.
/// </summary>
internal sealed partial class DeepgramListenSettings
{
    /// <summary>The model names of the spec's enum (a custom model is addressed by its UUID).</summary>
    public static readonly IReadOnlySet<string> KnownModels = new HashSet<string>(StringComparer.Ordinal)
    {
        "nova-3", "nova-3-general", "nova-3-medical", "nova-2", "nova-2-general", "nova-2-meeting", "nova-2-finance",
        "nova-2-conversationalai", "nova-2-voicemail", "nova-2-video", "nova-2-medical", "nova-2-drivethru",
        "nova-2-automotive", "nova", "nova-general", "nova-phonecall", "nova-medical", "enhanced", "enhanced-general",
        "enhanced-meeting", "enhanced-phonecall", "enhanced-finance", "base", "meeting", "phonecall", "finance",
        "conversationalai", "voicemail", "video",
    };

    // Bytes per sample of the encodings whose audio can be measured; the others are compressed and self-delimiting.
    private static readonly Dictionary<string, int?> Encodings = new(StringComparer.Ordinal)
    {
        ["linear16"] = 2,
        ["linear32"] = 4,
        ["mulaw"] = 1,
        ["alaw"] = 1,
        ["flac"] = null,
        ["amr-nb"] = null,
        ["amr-wb"] = null,
        ["opus"] = null,
        ["ogg-opus"] = null,
        ["speex"] = null,
        ["g729"] = null,
    };

    private static readonly string[] BooleanParameters =
    [
        "interim_results", "vad_events", "punctuate", "smart_format", "numerals", "dictation", "profanity_filter",
        "diarize", "multichannel", "detect_entities", "filler_words", "mip_opt_out",
    ];

    private static readonly string[] RedactValues = ["true", "false", "pci", "numbers", "aggressive_numbers", "ssn"];

    private static readonly string[] CallbackMethods = ["POST", "GET", "PUT", "DELETE"];

    public required string Model { get; init; }

    /// <summary>The encoding parameter; null when absent (the service then expects a container it can detect).</summary>
    public required string? Encoding { get; init; }

    public required int? SampleRate { get; init; }

    public required int Channels { get; init; }

    public required bool Multichannel { get; init; }

    public required bool InterimResults { get; init; }

    /// <summary>Silence that ends a turn (speech_final); null when endpointing=false.</summary>
    public required int? EndpointingMs { get; init; }

    public required int? UtteranceEndMs { get; init; }

    public required bool VadEvents { get; init; }

    /// <summary>punctuate or smart_format: words carry punctuated_word and transcripts the script's casing and punctuation.</summary>
    public required bool Formatted { get; init; }

    public required bool Diarize { get; init; }

    /// <summary>Bytes of one sample frame (all channels), or null for compressed encodings (not measured, not transcribed).</summary>
    public int? FrameBytes => Encoding is not null && Encodings[Encoding] is { } bytes ? bytes * Channels : null;

    /// <summary>Audio bytes per second, or null when the audio cannot be measured.</summary>
    public double? BytesPerSecond => FrameBytes is { } frame && SampleRate is { } rate ? (double)frame * rate : null;

    /// <summary>Validates the query; throws <see cref="DeepgramQueryException"/> with the dg-error text.</summary>
    public static DeepgramListenSettings Parse(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        foreach (string name in new[] { "model", "encoding", "sample_rate", "channels", "endpointing", "utterance_end_ms", "version", "language", "callback_method" })
        {
            if (query.Count(p => p.Key == name) > 1)
            {
                throw new DeepgramQueryException($"{name} may be given only once.");
            }
        }

        string? Single(string name) => query.FirstOrDefault(p => p.Key == name).Value;

        // UNCONFIRMED: the server default model. The JS SDK v5 requires one, so the emulator does too.
        string model = Single("model") is { Length: > 0 } m ? m : throw new DeepgramQueryException("model is required.");
        if (!KnownModels.Contains(model) && !Guid.TryParse(model, out _))
        {
            throw new DeepgramQueryException($"No such model: '{model}'.");
        }

        string? encoding = Single("encoding");
        if (encoding is not null && !Encodings.ContainsKey(encoding))
        {
            throw new DeepgramQueryException($"encoding '{encoding}' is not supported; use one of {string.Join(", ", Encodings.Keys)}.");
        }

        int? sampleRate = PositiveInt(Single("sample_rate"), "sample_rate");
        if (encoding is not null && sampleRate is null)
        {
            throw new DeepgramQueryException("sample_rate is required when encoding is given.");
        }

        int channels = PositiveInt(Single("channels"), "channels") ?? 1;

        var booleans = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string name in BooleanParameters)
        {
            if (Single(name) is { } text)
            {
                booleans[name] = bool.TryParse(text, out bool value) ? value : throw new DeepgramQueryException($"{name} must be true or false; got '{text}'.");
            }
        }

        bool Flag(string name) => booleans.GetValueOrDefault(name);

        int? endpointing = Single("endpointing") switch
        {
            null => 10,
            var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => null,
            var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => 10,
            var text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
                ? ms
                : throw new DeepgramQueryException($"endpointing must be a number of milliseconds or false; got '{text}'."),
        };

        int? utteranceEnd = PositiveInt(Single("utterance_end_ms"), "utterance_end_ms");
        if (utteranceEnd is not null && !Flag("interim_results"))
        {
            throw new DeepgramQueryException("utterance_end_ms requires interim_results=true.");
        }

        if (Single("version") is { Length: 0 })
        {
            throw new DeepgramQueryException("version must not be empty.");
        }

        if (Single("language") is { } language && !LanguagePattern().IsMatch(language))
        {
            throw new DeepgramQueryException($"language '{language}' is not a language code.");
        }

        foreach (var (name, value) in query)
        {
            switch (name)
            {
                case "redact" when !RedactValues.Contains(value):
                    throw new DeepgramQueryException($"redact must be one of {string.Join(", ", RedactValues)}; got '{value}'.");
                case "keywords" when !KeywordPattern().IsMatch(value):
                    throw new DeepgramQueryException($"keywords must be KEYWORD or KEYWORD:INTENSIFIER; got '{value}'.");
                case "keywords" when model.StartsWith("nova-3", StringComparison.Ordinal):
                    throw new DeepgramQueryException("Keywords are not supported for Nova-3; use keyterm instead.");
                case "replace" when value.IndexOf(':') <= 0:
                    throw new DeepgramQueryException($"replace must be FIND:REPLACE; got '{value}'.");
                case "extra" when value.IndexOf(':') <= 0:
                    throw new DeepgramQueryException($"extra must be KEY:VALUE; got '{value}'.");
                case "keyterm" or "search" or "tag" when string.IsNullOrWhiteSpace(value):
                    throw new DeepgramQueryException($"{name} must not be empty.");
                case "callback_method" when !CallbackMethods.Contains(value):
                    throw new DeepgramQueryException($"callback_method must be one of {string.Join(", ", CallbackMethods)}; got '{value}'.");
            }
        }

        return new DeepgramListenSettings
        {
            Model = model,
            Encoding = encoding,
            SampleRate = sampleRate,
            Channels = channels,
            Multichannel = Flag("multichannel"),
            InterimResults = Flag("interim_results"),
            EndpointingMs = endpointing,
            UtteranceEndMs = utteranceEnd,
            VadEvents = Flag("vad_events"),
            Formatted = Flag("punctuate") || Flag("smart_format"),
            Diarize = Flag("diarize"),
        };
    }

    private static int? PositiveInt(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new DeepgramQueryException($"{name} must be a positive integer; got '{text}'.");
    }

    [GeneratedRegex(@"^(multi|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[^:]+(:-?\d+(\.\d+)?)?$")]
    private static partial Regex KeywordPattern();
}
