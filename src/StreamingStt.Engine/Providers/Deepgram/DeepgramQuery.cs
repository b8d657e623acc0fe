// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>
    /// The /v1/listen query for a session (protocols.md §2.3): every DeepgramOptions field as its
    /// parameter, repeatables repeated, plus the audio description. Values are checked first, so a
    /// mistake is an OptionInvalid naming the option rather than an HTTP 400 from the service.
    /// </summary>
    internal static class DeepgramQuery
    {
        /// <summary>The redact values the API documents.</summary>
        public static readonly IReadOnlyList<string> RedactValues = new[] { "true", "false", "pci", "numbers", "aggressive_numbers", "ssn" };

        // Parameters StreamingStt sets itself (from named options or the audio format), with the
        // Start-SttSession parameter for each. A ProviderOption may not repeat one: the service would
        // get two values, and IsFormatted could no longer be trusted.
        private static readonly Dictionary<string, string> ManagedParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["model"] = "SpeechModel",
            ["version"] = "Version",
            ["language"] = "Language",
            ["interim_results"] = "InterimResults",
            ["endpointing"] = "Endpointing",
            ["utterance_end_ms"] = "UtteranceEndMs",
            ["vad_events"] = "VadEvents",
            ["punctuate"] = "Punctuate",
            ["smart_format"] = "SmartFormat",
            ["numerals"] = "Numerals",
            ["dictation"] = "Dictation",
            ["profanity_filter"] = "ProfanityFilter",
            ["diarize"] = "SpeakerLabels",
            ["redact"] = "Redact",
            ["keyterm"] = "Keyterms",
            ["keywords"] = "Keywords",
            ["search"] = "Search",
            ["replace"] = "Replace",
            ["tag"] = "Tag",
            ["extra"] = "Extra",
            ["mip_opt_out"] = "MipOptOut",
            ["encoding"] = "Encoding",
            ["sample_rate"] = "SampleRate",
            ["channels"] = "Channels",
        };

        /// <summary>Checks every option before anything is sent; throws SttException OptionInvalid (Target = the option).</summary>
        public static void Validate(DeepgramOptions options, int sampleRate)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrWhiteSpace(options.Model))
            {
                throw Invalid("Model", "Deepgram needs a model, e.g. 'nova-3' or 'nova-2'.");
            }
            if (sampleRate < 8000 || sampleRate > 48000)
            {
                throw Invalid("SampleRate", $"The sample rate {sampleRate} Hz is outside 8000–48000 Hz.");
            }
            CheckNotBlank(options.Version, "Version");
            CheckNotBlank(options.Language, "Language");
            if (options.Endpointing is not null && NormalizeEndpointing(options.Endpointing) is null)
            {
                throw Invalid("Endpointing", $"Endpointing must be a number of milliseconds (0 or more) or 'false'; got '{options.Endpointing}'.");
            }
            if (options.UtteranceEndMs.HasValue)
            {
                if (options.UtteranceEndMs.Value < 1)
                {
                    throw Invalid("UtteranceEndMs", $"UtteranceEndMs must be 1 ms or more; got {options.UtteranceEndMs.Value}.");
                }
                if (options.InterimResults != true)
                {
                    throw Invalid("UtteranceEndMs",
                        "UtteranceEndMs needs interim results: Deepgram sends UtteranceEnd only with interim_results=true. Set " + EngineOptionNames.DeepgramInterimResults + ".");
                }
            }
            foreach (string value in Items(options.Redact))
            {
                if (!RedactValues.Contains(value.Trim().ToLowerInvariant()))
                {
                    throw Invalid("Redact", $"'{value}' is not a Deepgram redact value; use {string.Join(", ", RedactValues)}.");
                }
            }
            CheckItemsNotBlank(options.Keyterms, "Keyterms");
            CheckItemsNotBlank(options.Search, "Search");
            CheckItemsNotBlank(options.Tag, "Tag");
            foreach (string keyword in Items(options.Keywords))
            {
                if (!IsKeyword(keyword))
                {
                    throw Invalid("Keywords", $"A keyword is written word:intensifier, e.g. 'Contoso:2'; got '{keyword}'.");
                }
            }
            if (Items(options.Keywords).Any() && options.Model.Trim().StartsWith("nova-3", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Keywords", "Nova-3 models do not support keywords; use " + EngineOptionNames.DeepgramKeyterms + " instead.");
            }
            foreach (string replace in Items(options.Replace))
            {
                if (!IsPair(replace, valueRequired: true))
                {
                    throw Invalid("Replace", $"A replacement is written from:to, e.g. 'colour:color'; got '{replace}'.");
                }
            }
            foreach (string extra in Items(options.Extra))
            {
                if (!IsPair(extra, valueRequired: false))
                {
                    throw Invalid("Extra", $"An extra value is written key:value, e.g. 'team:sales'; got '{extra}'.");
                }
            }
            foreach (KeyValuePair<string, string> option in options.ProviderOptions ?? new List<KeyValuePair<string, string>>())
            {
                if (string.IsNullOrWhiteSpace(option.Key) || option.Key.Any(char.IsWhiteSpace))
                {
                    throw Invalid("ProviderOption", $"A provider option needs a parameter name without spaces; got '{option.Key}'.");
                }
                if (ManagedParameters.TryGetValue(option.Key.Trim(), out string? named))
                {
                    throw Invalid("ProviderOption",
                        $"The provider option '{option.Key}' is a parameter StreamingStt sets itself; use {(named is "Encoding" or "SampleRate" or "Channels" ? "the session's audio settings" : "-" + named)} instead.");
                }
                if (option.Value is null)
                {
                    throw Invalid("ProviderOption", $"The provider option '{option.Key}' has no value.");
                }
            }
            if (options.Endpoint is not null) EndpointPolicy.RequireWebSocketEndpoint(options.Endpoint, DeepgramProtocol.DefaultEndpoint);
        }

        /// <summary>The query parameters in a stable order: audio description first, then options, then provider options.</summary>
        public static IList<KeyValuePair<string, string>> Build(DeepgramOptions options, int sampleRate, OutputEncoding encoding)
        {
            var query = new List<KeyValuePair<string, string>>();
            void Add(string name, string? value)
            {
                if (value is not null) query.Add(new KeyValuePair<string, string>(name, value));
            }
            void AddEach(string name, IEnumerable<string> values)
            {
                foreach (string value in values) Add(name, value);
            }

            Add("model", options.Model.Trim());
            Add("encoding", EncodingName(encoding));
            Add("sample_rate", sampleRate.ToString(CultureInfo.InvariantCulture));
            Add("channels", "1");
            Add("version", options.Version?.Trim());
            Add("language", options.Language?.Trim());
            Add("interim_results", Bool(options.InterimResults));
            Add("endpointing", options.Endpointing is null ? null : NormalizeEndpointing(options.Endpointing));
            Add("utterance_end_ms", options.UtteranceEndMs?.ToString(CultureInfo.InvariantCulture));
            Add("vad_events", Bool(options.VadEvents));
            Add("punctuate", Bool(options.Punctuate));
            Add("smart_format", Bool(options.SmartFormat));
            Add("numerals", Bool(options.Numerals));
            Add("dictation", Bool(options.Dictation));
            Add("profanity_filter", Bool(options.ProfanityFilter));
            Add("diarize", Bool(options.Diarize));
            AddEach("redact", Items(options.Redact).Select(v => v.Trim().ToLowerInvariant()));
            AddEach("keyterm", Items(options.Keyterms));
            AddEach("keywords", Items(options.Keywords).Select(v => v.Trim()));
            AddEach("search", Items(options.Search));
            AddEach("replace", Items(options.Replace));
            AddEach("tag", Items(options.Tag));
            AddEach("extra", Items(options.Extra));
            Add("mip_opt_out", Bool(options.MipOptOut));
            foreach (KeyValuePair<string, string> option in options.ProviderOptions ?? new List<KeyValuePair<string, string>>())
            {
                Add(option.Key.Trim(), option.Value);
            }
            return query;
        }

        public static string EncodingName(OutputEncoding encoding) => encoding == OutputEncoding.PcmMulaw ? "mulaw" : "linear16";

        /// <summary>"false", or the milliseconds as a plain integer; null when the value is neither.</summary>
        public static string? NormalizeEndpointing(string value)
        {
            string trimmed = value.Trim();
            if (string.Equals(trimmed, "false", StringComparison.OrdinalIgnoreCase)) return "false";
            return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
                ? ms.ToString(CultureInfo.InvariantCulture)
                : null;
        }

        private static bool IsKeyword(string value)
        {
            int colon = value.LastIndexOf(':');
            return colon > 0
                && !string.IsNullOrWhiteSpace(value.Substring(0, colon))
                && double.TryParse(value.Substring(colon + 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
        }

        private static bool IsPair(string value, bool valueRequired)
        {
            int colon = value.IndexOf(':');
            return colon > 0
                && !string.IsNullOrWhiteSpace(value.Substring(0, colon))
                && (!valueRequired || !string.IsNullOrWhiteSpace(value.Substring(colon + 1)));
        }

        private static IEnumerable<string> Items(IList<string>? values) => values ?? (IEnumerable<string>)Array.Empty<string>();

        private static void CheckNotBlank(string? value, string option)
        {
            if (value is not null && string.IsNullOrWhiteSpace(value)) throw Invalid(option, $"{option} is empty.");
        }

        private static void CheckItemsNotBlank(IList<string>? values, string option)
        {
            if (Items(values).Any(string.IsNullOrWhiteSpace)) throw Invalid(option, $"One of the {option} values is empty.");
        }

        private static string? Bool(bool? value) => value.HasValue ? (value.Value ? "true" : "false") : null;

        private static SttException Invalid(string option, string message) => new SttException(SttErrorKind.OptionInvalid, message, option);
    }
}
