// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// The StartRecognition message (protocols.md §3.3): every option checked against the documented
    /// limits first, then written with only the fields that were set.
    /// </summary>
    internal static class SpeechmaticsStartRecognition
    {
        private static readonly string[] DiarizationModes = { "none", "speaker", "channel", "channel_and_speaker" };
        private static readonly string[] MaxDelayModes = { "flexible", "fixed" };

        public const double MinMaxDelay = 0.7;
        public const double MaxMaxDelay = 4;
        public const double MaxEndOfUtteranceSilenceTrigger = 2;

        /// <summary>Throws SttException OptionInvalid (Target = the option's name) for anything Speechmatics would refuse.</summary>
        public static void Validate(SpeechmaticsOptions options, int sampleRate)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrWhiteSpace(options.Language))
            {
                throw Invalid("Language", "Speechmatics requires a language (transcription_config.language), e.g. 'en'.");
            }
            if (sampleRate <= 0) throw Invalid("SampleRate", $"The sample rate must be positive; got {sampleRate}.");
            if (options.MaxDelay.HasValue)
            {
                CheckRange(options.MaxDelay.Value, MinMaxDelay, MaxMaxDelay, "MaxDelay", "seconds");
            }
            if (options.MaxDelayMode is not null && !MaxDelayModes.Contains(options.MaxDelayMode.Trim(), StringComparer.Ordinal))
            {
                throw Invalid("MaxDelayMode", $"MaxDelayMode must be flexible or fixed; got '{options.MaxDelayMode}'.");
            }
            if (options.Diarization is not null && !DiarizationModes.Contains(options.Diarization.Trim(), StringComparer.Ordinal))
            {
                throw Invalid("Diarization", $"Diarization must be one of {string.Join(", ", DiarizationModes)}; got '{options.Diarization}'.");
            }
            if (options.MaxSpeakers.HasValue && options.MaxSpeakers < 2)
            {
                throw Invalid("MaxSpeakers", $"MaxSpeakers must be 2 or more for Speechmatics; got {options.MaxSpeakers}.");
            }
            if (options.SpeakerSensitivity.HasValue) CheckRange(options.SpeakerSensitivity.Value, 0, 1, "SpeakerSensitivity", null);
            bool speakerSettings = options.MaxSpeakers.HasValue || options.SpeakerSensitivity.HasValue || options.PreferCurrentSpeaker.HasValue;
            if (speakerSettings && !DiarizesSpeakers(options))
            {
                string name = options.MaxSpeakers.HasValue ? "MaxSpeakers" : options.SpeakerSensitivity.HasValue ? "SpeakerSensitivity" : "PreferCurrentSpeaker";
                throw Invalid(name, $"{name} needs speaker diarization: set {EngineOptionNames.SpeechmaticsDiarization} to speaker.");
            }
            if (options.PunctuationSensitivity.HasValue) CheckRange(options.PunctuationSensitivity.Value, 0, 1, "PunctuationSensitivity", null);
            foreach (string mark in options.PunctuationPermittedMarks ?? new List<string>())
            {
                if (mark is null || (mark != "all" && new StringInfo(mark).LengthInTextElements != 1))
                {
                    throw Invalid("PunctuationPermittedMarks", $"A permitted punctuation mark is one character, or 'all'; got '{mark}'.");
                }
            }
            if (options.EndOfUtteranceSilenceTrigger.HasValue)
            {
                CheckRange(options.EndOfUtteranceSilenceTrigger.Value, 0, MaxEndOfUtteranceSilenceTrigger, "EndOfUtteranceSilenceTrigger", "seconds");
            }
            if (options.VolumeThreshold.HasValue) CheckRange(options.VolumeThreshold.Value, 0, 100, "VolumeThreshold", null);
            foreach (SpeechmaticsVocabularyEntry entry in options.AdditionalVocab ?? new List<SpeechmaticsVocabularyEntry>())
            {
                if (entry is null || string.IsNullOrWhiteSpace(entry.Content))
                {
                    throw Invalid("AdditionalVocab", "An additional vocabulary entry is empty.");
                }
                if (entry.SoundsLike.Any(string.IsNullOrWhiteSpace))
                {
                    throw Invalid("AdditionalVocab", $"The vocabulary entry '{entry.Content}' has an empty sounds-like spelling.");
                }
            }
            if (options.Endpoint is not null) EndpointPolicy.RequireWebSocketEndpoint(options.Endpoint, SpeechmaticsProtocol.EuEndpoint);
        }

        /// <summary>The StartRecognition JSON for validated options.</summary>
        public static string Create(SpeechmaticsOptions options, int sampleRate, OutputEncoding encoding)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, ProviderJson.RelaxedWriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("message", "StartRecognition");
                writer.WriteStartObject("audio_format");
                writer.WriteString("type", "raw");
                writer.WriteString("encoding", EncodingName(encoding));
                writer.WriteNumber("sample_rate", sampleRate);
                writer.WriteEndObject();
                WriteTranscriptionConfig(writer, options);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public static string EncodingName(OutputEncoding encoding) => encoding == OutputEncoding.PcmMulaw ? "mulaw" : "pcm_s16le";

        private static void WriteTranscriptionConfig(Utf8JsonWriter writer, SpeechmaticsOptions o)
        {
            writer.WriteStartObject("transcription_config");
            writer.WriteString("language", o.Language.Trim());
            WriteText(writer, "model", o.Model);
            WriteText(writer, "domain", o.Domain);
            WriteText(writer, "output_locale", o.OutputLocale);
            if (o.AdditionalVocab is { Count: > 0 })
            {
                writer.WriteStartArray("additional_vocab");
                foreach (SpeechmaticsVocabularyEntry entry in o.AdditionalVocab)
                {
                    if (entry.SoundsLike.Count == 0)
                    {
                        writer.WriteStringValue(entry.Content.Trim());
                        continue;
                    }
                    writer.WriteStartObject();
                    writer.WriteString("content", entry.Content.Trim());
                    writer.WriteStartArray("sounds_like");
                    foreach (string sound in entry.SoundsLike) writer.WriteStringValue(sound.Trim());
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            WriteText(writer, "diarization", o.Diarization);
            if (o.MaxDelay.HasValue) writer.WriteNumber("max_delay", o.MaxDelay.Value);
            WriteText(writer, "max_delay_mode", o.MaxDelayMode);
            if (o.MaxSpeakers.HasValue || o.SpeakerSensitivity.HasValue || o.PreferCurrentSpeaker.HasValue)
            {
                writer.WriteStartObject("speaker_diarization_config");
                if (o.MaxSpeakers.HasValue) writer.WriteNumber("max_speakers", o.MaxSpeakers.Value);
                if (o.SpeakerSensitivity.HasValue) writer.WriteNumber("speaker_sensitivity", o.SpeakerSensitivity.Value);
                if (o.PreferCurrentSpeaker.HasValue) writer.WriteBoolean("prefer_current_speaker", o.PreferCurrentSpeaker.Value);
                writer.WriteEndObject();
            }
            if (o.EnablePartials.HasValue) writer.WriteBoolean("enable_partials", o.EnablePartials.Value);
            if (o.EnableEntities.HasValue) writer.WriteBoolean("enable_entities", o.EnableEntities.Value);
            if (o.PunctuationPermittedMarks is { Count: > 0 } || o.PunctuationSensitivity.HasValue)
            {
                writer.WriteStartObject("punctuation_overrides");
                if (o.PunctuationPermittedMarks is { Count: > 0 })
                {
                    writer.WriteStartArray("permitted_marks");
                    foreach (string mark in o.PunctuationPermittedMarks) writer.WriteStringValue(mark);
                    writer.WriteEndArray();
                }
                if (o.PunctuationSensitivity.HasValue) writer.WriteNumber("sensitivity", o.PunctuationSensitivity.Value);
                writer.WriteEndObject();
            }
            if (o.EndOfUtteranceSilenceTrigger.HasValue)
            {
                writer.WriteStartObject("conversation_config");
                writer.WriteNumber("end_of_utterance_silence_trigger", o.EndOfUtteranceSilenceTrigger.Value);
                writer.WriteEndObject();
            }
            if (o.VolumeThreshold.HasValue)
            {
                writer.WriteStartObject("audio_filtering_config");
                writer.WriteNumber("volume_threshold", o.VolumeThreshold.Value);
                writer.WriteEndObject();
            }
            if (o.RemoveDisfluencies.HasValue)
            {
                writer.WriteStartObject("transcript_filtering_config");
                writer.WriteBoolean("remove_disfluencies", o.RemoveDisfluencies.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        private static void WriteText(Utf8JsonWriter writer, string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) writer.WriteString(name, value!.Trim());
        }

        private static bool DiarizesSpeakers(SpeechmaticsOptions options) =>
            options.Diarization is not null && (options.Diarization.Trim() == "speaker" || options.Diarization.Trim() == "channel_and_speaker");

        private static void CheckRange(double value, double min, double max, string name, string? unit)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                string suffix = unit is null ? string.Empty : " " + unit;
                throw Invalid(name, string.Format(CultureInfo.InvariantCulture, "{0} must be {1}–{2}{3}; got {4}.", name, min, max, suffix, value));
            }
        }

        private static SttException Invalid(string option, string message) => new SttException(SttErrorKind.OptionInvalid, message, option);
    }
}
