// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// A session's StartRecognition, checked strictly against realtime.yaml (types, ranges, enums, unknown fields) and
/// reduced to what the emulated recognizer needs. SetRecognitionConfig changes it with <see cref="Apply"/>.
/// Which Error type each mistake gets follows the ErrorTypeEnum descriptions; the reason texts are UNCONFIRMED.
/// </summary>
internal sealed partial class SpeechmaticsRecognitionConfig
{
    public const double DefaultMaxDelay = 4;

    private static readonly string[] Encodings = ["pcm_f32le", "pcm_s16le", "mulaw"];
    private static readonly string[] Models = ["standard", "enhanced", "melia-1"];
    private static readonly string[] DiarizationModes = ["none", "speaker", "channel", "channel_and_speaker"];
    private static readonly string[] MaxDelayModes = ["flexible", "fixed"];
    private static readonly string[] TopLevelFields = ["message", "audio_format", "transcription_config", "translation_config", "audio_events_config"];
    private static readonly string[] MidSessionFields = ["language", "max_delay", "max_delay_mode", "audio_filtering_config", "enable_partials", "conversation_config"];

    private SpeechmaticsRecognitionConfig(string language)
    {
        Language = language;
    }

    public string Language { get; }

    /// <summary>raw or file.</summary>
    public string AudioType { get; private set; } = "raw";

    public string? Encoding { get; private set; }

    public int? SampleRate { get; private set; }

    /// <summary>Bytes per second of raw audio; null for audio_format type file, which the emulator cannot measure.</summary>
    public double? BytesPerSecond => SampleRate is { } rate && Encoding is { } encoding
        ? rate * encoding switch { "pcm_f32le" => 4, "pcm_s16le" => 2, _ => 1 }
        : null;

    public bool EnablePartials { get; private set; }

    public double MaxDelay { get; private set; } = DefaultMaxDelay;

    /// <summary>Seconds of silence before EndOfUtterance; 0 = off.</summary>
    public double EndOfUtteranceSilenceTrigger { get; private set; }

    /// <summary>diarization speaker or channel_and_speaker: results carry S1, S2, ….</summary>
    public bool DiarizeSpeakers { get; private set; }

    /// <summary>Parses and checks a StartRecognition; throws <see cref="SpeechmaticsProtocolViolation"/>.</summary>
    public static SpeechmaticsRecognitionConfig Parse(JsonElement start, string? pathLanguage)
    {
        foreach (var field in start.EnumerateObject())
        {
            Require(TopLevelFields.Contains(field.Name), SpeechmaticsErrorTypes.InvalidConfig, $"Unknown field '{field.Name}' in StartRecognition");
        }

        Require(start.TryGetProperty("audio_format", out var audioFormat) && audioFormat.ValueKind == JsonValueKind.Object,
            SpeechmaticsErrorTypes.InvalidAudioType, "audio_format is required and must be an object");
        Require(start.TryGetProperty("transcription_config", out var transcription) && transcription.ValueKind == JsonValueKind.Object,
            SpeechmaticsErrorTypes.InvalidConfig, "transcription_config is required and must be an object");
        Require(transcription.TryGetProperty("language", out var languageElement) && languageElement.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(languageElement.GetString()),
            SpeechmaticsErrorTypes.InvalidConfig, "transcription_config.language is required");

        string language = languageElement.GetString()!;
        Require(LanguageCode().IsMatch(language), SpeechmaticsErrorTypes.InvalidLanguage, $"Language '{language}' is not supported");
        Require(pathLanguage is null || pathLanguage == language, SpeechmaticsErrorTypes.InvalidLanguage,
            $"Language '{language}' does not match the language '{pathLanguage}' in the URL");

        var config = new SpeechmaticsRecognitionConfig(language);
        config.ReadAudioFormat(audioFormat);
        foreach (var field in transcription.EnumerateObject())
        {
            config.ReadTranscriptionField(field.Name, field.Value);
        }

        if (start.TryGetProperty("translation_config", out var translation))
        {
            Require(translation.ValueKind == JsonValueKind.Object && translation.TryGetProperty("target_languages", out var targets)
                && targets.ValueKind == JsonValueKind.Array && targets.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String),
                SpeechmaticsErrorTypes.InvalidConfig, "translation_config.target_languages must be an array of language codes");
        }

        if (start.TryGetProperty("audio_events_config", out var events))
        {
            Require(events.ValueKind == JsonValueKind.Object, SpeechmaticsErrorTypes.InvalidConfig, "audio_events_config must be an object");
        }

        return config;
    }

    /// <summary>
    /// Applies SetRecognitionConfig's transcription_config: only max_delay, max_delay_mode, audio_filtering_config,
    /// enable_partials, conversation_config, and language equal to the session's.
    /// </summary>
    public void Apply(JsonElement transcription)
    {
        Require(transcription.ValueKind == JsonValueKind.Object, SpeechmaticsErrorTypes.InvalidConfig, "SetRecognitionConfig needs a transcription_config object");
        foreach (var field in transcription.EnumerateObject())
        {
            Require(MidSessionFields.Contains(field.Name), SpeechmaticsErrorTypes.InvalidConfig, $"'{field.Name}' cannot be changed during a session");
            if (field.Name == "language")
            {
                Require(field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() == Language,
                    SpeechmaticsErrorTypes.InvalidConfig, "The language cannot be changed during a session");
                continue;
            }

            ReadTranscriptionField(field.Name, field.Value);
        }
    }

    private void ReadAudioFormat(JsonElement format)
    {
        string type = Text(format, "type", "audio_format.type", SpeechmaticsErrorTypes.InvalidAudioType)
            ?? throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidAudioType, "audio_format.type is required");
        switch (type)
        {
            case "raw":
                foreach (var field in format.EnumerateObject())
                {
                    Require(field.Name is "type" or "encoding" or "sample_rate", SpeechmaticsErrorTypes.InvalidAudioType, $"Unknown field 'audio_format.{field.Name}'");
                }

                string? encoding = Text(format, "encoding", "audio_format.encoding", SpeechmaticsErrorTypes.InvalidAudioType);
                Require(encoding is not null && Encodings.Contains(encoding), SpeechmaticsErrorTypes.InvalidAudioType,
                    $"audio_format.encoding must be one of {string.Join(", ", Encodings)}");
                Require(format.TryGetProperty("sample_rate", out var rate) && rate.ValueKind == JsonValueKind.Number && rate.TryGetInt32(out int hz) && hz > 0,
                    SpeechmaticsErrorTypes.InvalidAudioType, "audio_format.sample_rate must be a positive integer");
                AudioType = "raw";
                Encoding = encoding;
                SampleRate = rate.GetInt32();
                break;
            case "file":
                AudioType = "file";
                break;
            default:
                throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidAudioType, $"audio_format.type must be raw or file, not '{type}'");
        }
    }

    private void ReadTranscriptionField(string name, JsonElement value)
    {
        string where = "transcription_config." + name;
        switch (name)
        {
            case "language":
                break; // checked by Parse
            case "domain":
            case "output_locale":
                Require(value.ValueKind == JsonValueKind.String && (name == "domain" || value.GetString()!.Length > 0), SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be a non-empty string");
                break;
            case "model":
            case "operating_point":
                Require(value.ValueKind == JsonValueKind.String && Models.Contains(value.GetString()), SpeechmaticsErrorTypes.InvalidModel,
                    $"{where} must be one of {string.Join(", ", Models)}");
                break;
            case "additional_vocab":
                CheckVocabulary(value, where);
                break;
            case "diarization":
                Require(value.ValueKind == JsonValueKind.String && DiarizationModes.Contains(value.GetString()), SpeechmaticsErrorTypes.InvalidConfig,
                    $"{where} must be one of {string.Join(", ", DiarizationModes)}");
                DiarizeSpeakers = value.GetString() is "speaker" or "channel_and_speaker";
                break;
            case "max_delay":
                MaxDelay = Number(value, where, 0.7, 4);
                break;
            case "max_delay_mode":
                Require(value.ValueKind == JsonValueKind.String && MaxDelayModes.Contains(value.GetString()), SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be flexible or fixed");
                break;
            case "speaker_diarization_config":
                CheckObject(value, where, (field, v) =>
                {
                    switch (field)
                    {
                        case "max_speakers":
                            Require(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int speakers) && speakers >= 2, SpeechmaticsErrorTypes.InvalidConfig, $"{where}.max_speakers must be an integer of at least 2");
                            break;
                        case "speaker_sensitivity":
                            Number(v, $"{where}.speaker_sensitivity", 0, 1);
                            break;
                        case "prefer_current_speaker":
                        case "get_speakers":
                            Boolean(v, $"{where}.{field}");
                            break;
                        case "speakers":
                            Require(v.ValueKind == JsonValueKind.Array, SpeechmaticsErrorTypes.InvalidConfig, $"{where}.speakers must be an array");
                            break;
                        default:
                            Unknown($"{where}.{field}");
                            break;
                    }
                });
                break;
            case "audio_filtering_config":
                CheckObject(value, where, (field, v) =>
                {
                    if (field != "volume_threshold")
                    {
                        Unknown($"{where}.{field}");
                    }

                    Number(v, $"{where}.volume_threshold", 0, 100);
                });
                break;
            case "transcript_filtering_config":
                CheckObject(value, where, (field, v) =>
                {
                    switch (field)
                    {
                        case "remove_disfluencies":
                            Boolean(v, $"{where}.remove_disfluencies");
                            break;
                        case "replacements":
                            Require(v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(r => r.ValueKind == JsonValueKind.Object
                                && r.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String
                                && r.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String),
                                SpeechmaticsErrorTypes.InvalidConfig, $"{where}.replacements must be an array of {{from, to}} strings");
                            break;
                        default:
                            Unknown($"{where}.{field}");
                            break;
                    }
                });
                break;
            case "enable_partials":
                EnablePartials = Boolean(value, where);
                break;
            case "enable_entities":
                Boolean(value, where);
                break;
            case "punctuation_overrides":
                CheckObject(value, where, (field, v) =>
                {
                    switch (field)
                    {
                        case "permitted_marks":
                            Require(v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && PermittedMark().IsMatch(m.GetString()!)),
                                SpeechmaticsErrorTypes.InvalidConfig, $"{where}.permitted_marks must be single characters or \"all\"");
                            break;
                        case "sensitivity":
                            Number(v, $"{where}.sensitivity", 0, 1);
                            break;
                        default:
                            Unknown($"{where}.{field}");
                            break;
                    }
                });
                break;
            case "conversation_config":
                CheckObject(value, where, (field, v) =>
                {
                    if (field != "end_of_utterance_silence_trigger")
                    {
                        Unknown($"{where}.{field}");
                    }

                    EndOfUtteranceSilenceTrigger = Number(v, $"{where}.end_of_utterance_silence_trigger", 0, 2);
                });
                break;
            case "channel_diarization_labels":
                Require(value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String),
                    SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be an array of strings");
                break;
            default:
                Unknown(where);
                break;
        }
    }

    private static void CheckVocabulary(JsonElement value, string where)
    {
        Require(value.ValueKind == JsonValueKind.Array, SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be an array");
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String)
            {
                Require(entry.GetString()!.Length > 0, SpeechmaticsErrorTypes.InvalidConfig, $"{where} has an empty word");
                continue;
            }

            CheckObject(entry, where, (field, v) =>
            {
                switch (field)
                {
                    case "content":
                        Require(v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0, SpeechmaticsErrorTypes.InvalidConfig, $"{where} has an empty content");
                        break;
                    case "sounds_like":
                        Require(v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
                            && v.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String && s.GetString()!.Length > 0),
                            SpeechmaticsErrorTypes.InvalidConfig, $"{where}: sounds_like must be a non-empty array of non-empty strings");
                        break;
                    default:
                        Unknown($"{where}.{field}");
                        break;
                }
            });
            Require(entry.TryGetProperty("content", out _), SpeechmaticsErrorTypes.InvalidConfig, $"{where}: an entry needs content");
        }
    }

    private static void CheckObject(JsonElement value, string where, Action<string, JsonElement> field)
    {
        Require(value.ValueKind == JsonValueKind.Object, SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be an object");
        foreach (var property in value.EnumerateObject())
        {
            field(property.Name, property.Value);
        }
    }

    private static double Number(JsonElement value, string where, double min, double max)
    {
        Require(value.ValueKind == JsonValueKind.Number && value.GetDouble() >= min && value.GetDouble() <= max, SpeechmaticsErrorTypes.InvalidConfig,
            string.Create(CultureInfo.InvariantCulture, $"{where} must be a number from {min} to {max}"));
        return value.GetDouble();
    }

    private static bool Boolean(JsonElement value, string where)
    {
        Require(value.ValueKind is JsonValueKind.True or JsonValueKind.False, SpeechmaticsErrorTypes.InvalidConfig, $"{where} must be true or false");
        return value.GetBoolean();
    }

    private static string? Text(JsonElement parent, string name, string where, string errorType)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        Require(value.ValueKind == JsonValueKind.String, errorType, $"{where} must be a string");
        return value.GetString();
    }

    private static void Unknown(string where) => throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidConfig, $"Unknown field '{where}'");

    private static void Require(bool condition, string errorType, string reason)
    {
        if (!condition)
        {
            throw new SpeechmaticsProtocolViolation(errorType, reason);
        }
    }

    // ISO 639 codes and bilingual packs such as cmn_en; "auto" for language identification.
    [GeneratedRegex("^(auto|[a-z]{2,3}(_[a-z]{2,3})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();

    // realtime.yaml PunctuationOverrides.permitted_marks: ^(.|all)$
    [GeneratedRegex("^(.|all)$", RegexOptions.CultureInvariant)]
    private static partial Regex PermittedMark();
}
