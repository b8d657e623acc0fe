// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>
    /// The /v3/ws query for a session: every AssemblyAIOptions field as its parameter, plus the audio
    /// description. Values are checked first, so a mistake is an OptionInvalid naming the option rather
    /// than a close code from the service.
    /// </summary>
    internal static class AssemblyAIQuery
    {
        /// <summary>Checks every option against the documented limits before anything is sent.</summary>
        public static void Validate(AssemblyAIOptions options, int sampleRate)
        {
            if (string.IsNullOrWhiteSpace(options.SpeechModel))
            {
                throw Invalid("SpeechModel", "AssemblyAI requires a speech model (speech_model), e.g. 'u3-rt-pro' or 'universal-streaming-english'.");
            }
            if (sampleRate < 8000 || sampleRate > 48000)
            {
                throw Invalid("SampleRate", $"The sample rate {sampleRate} Hz is outside 8000–48000 Hz.");
            }
            CheckUnit(options.EndOfTurnConfidenceThreshold, "EndOfTurnConfidenceThreshold");
            CheckUnit(options.VadThreshold, "VadThreshold");
            if (options.MinTurnSilence < 0) throw Invalid("MinTurnSilence", "MinTurnSilence must be 0 ms or more.");
            if (options.MaxTurnSilence < 0) throw Invalid("MaxTurnSilence", "MaxTurnSilence must be 0 ms or more.");
            if (options.MinTurnSilence.HasValue && options.MaxTurnSilence.HasValue && options.MinTurnSilence > options.MaxTurnSilence)
            {
                throw Invalid("MinTurnSilence", $"MinTurnSilence ({options.MinTurnSilence} ms) is longer than MaxTurnSilence ({options.MaxTurnSilence} ms).");
            }
            if (options.InactivityTimeout.HasValue && (options.InactivityTimeout < 5 || options.InactivityTimeout > 3600))
            {
                throw Invalid("InactivityTimeout", $"InactivityTimeout must be 5–3600 seconds; got {options.InactivityTimeout}.");
            }
            if (options.MaxSpeakers.HasValue)
            {
                if (options.MaxSpeakers < 1 || options.MaxSpeakers > 10) throw Invalid("MaxSpeakers", $"MaxSpeakers must be 1–10; got {options.MaxSpeakers}.");
                if (options.SpeakerLabels != true) throw Invalid("MaxSpeakers", "MaxSpeakers needs speaker labels: set " + EngineOptionNames.AssemblyAISpeakerLabels + ".");
            }
            IList<string> keyterms = options.Keyterms ?? new List<string>();
            if (keyterms.Count > AssemblyAIOptions.MaxKeyterms)
            {
                throw Invalid("Keyterms", $"AssemblyAI accepts at most {AssemblyAIOptions.MaxKeyterms} key terms; got {keyterms.Count}.");
            }
            foreach (string term in keyterms)
            {
                if (string.IsNullOrWhiteSpace(term)) throw Invalid("Keyterms", "A key term is empty.");
                if (term.Length > AssemblyAIOptions.MaxKeytermLength)
                {
                    throw Invalid("Keyterms", $"The key term '{term}' has {term.Length} characters; AssemblyAI ignores terms over {AssemblyAIOptions.MaxKeytermLength}.");
                }
            }
            if (options.Endpoint is not null) EndpointPolicy.RequireWebSocketEndpoint(options.Endpoint, AssemblyAIProtocol.DefaultEndpoint);
        }

        private static void CheckUnit(double? value, string name)
        {
            if (value.HasValue && (double.IsNaN(value.Value) || value < 0 || value > 1))
            {
                throw Invalid(name, $"{name} must be between 0 and 1; got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        private static SttException Invalid(string option, string message) =>
            new SttException(SttErrorKind.OptionInvalid, message, option);

        /// <summary>The query parameters of the settings given; the temporary token, when there is one, is the protocol's to add.</summary>
        public static List<KeyValuePair<string, string>> Build(AssemblyAIOptions options, int sampleRate, OutputEncoding encoding)
        {
            var query = new List<KeyValuePair<string, string>>();
            void Add(string name, string? value)
            {
                if (value is not null) query.Add(new KeyValuePair<string, string>(name, value));
            }

            Add("speech_model", options.SpeechModel.Trim());
            Add("sample_rate", sampleRate.ToString(CultureInfo.InvariantCulture));
            Add("encoding", EncodingName(encoding));
            Add("format_turns", Bool(options.FormatTurns));
            Add("end_of_turn_confidence_threshold", Number(options.EndOfTurnConfidenceThreshold));
            Add("min_turn_silence", Number(options.MinTurnSilence));
            Add("max_turn_silence", Number(options.MaxTurnSilence));
            Add("vad_threshold", Number(options.VadThreshold));
            if (options.Keyterms is { Count: > 0 }) Add("keyterms_prompt", JsonArray(options.Keyterms));
            Add("prompt", options.Prompt);
            Add("language_detection", Bool(options.LanguageDetection));
            Add("inactivity_timeout", Number(options.InactivityTimeout));
            Add("speaker_labels", Bool(options.SpeakerLabels));
            Add("max_speakers", Number(options.MaxSpeakers));
            return query;
        }

        public static string EncodingName(OutputEncoding encoding) => encoding == OutputEncoding.PcmMulaw ? "pcm_mulaw" : "pcm_s16le";

        private static string? Bool(bool? value) => value.HasValue ? (value.Value ? "true" : "false") : null;

        private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

        private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

        private static string JsonArray(IEnumerable<string> values)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, ProviderJson.RelaxedWriterOptions))
            {
                writer.WriteStartArray();
                foreach (string value in values) writer.WriteStringValue(value);
                writer.WriteEndArray();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
