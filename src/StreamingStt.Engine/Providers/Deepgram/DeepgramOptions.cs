// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>
    /// Deepgram /v1/listen query parameters that apply to streaming (protocols.md §2.3). Null or
    /// empty means "not sent": Deepgram's own default applies. Names follow the query parameters.
    /// Audio is always sent as one mono channel in the session's encoding and rate.
    /// </summary>
    public sealed class DeepgramOptions
    {
        public const string DefaultModel = "nova-3";

        /// <summary>model, e.g. nova-3, nova-2, nova-2-meeting, enhanced, base, or a custom model id.</summary>
        public string Model { get; set; } = DefaultModel;

        /// <summary>version (default latest).</summary>
        public string? Version { get; set; }

        /// <summary>language (BCP-47, or multi for code-switching on nova-3).</summary>
        public string? Language { get; set; }

        /// <summary>interim_results: send is_final=false updates (partial turns).</summary>
        public bool? InterimResults { get; set; }

        /// <summary>endpointing: milliseconds of silence that end a turn (speech_final), or "false" to turn it off.</summary>
        public string? Endpointing { get; set; }

        /// <summary>utterance_end_ms: gap between words that emits UtteranceEnd; needs interim_results.</summary>
        public int? UtteranceEndMs { get; set; }

        /// <summary>vad_events: emit SpeechStarted.</summary>
        public bool? VadEvents { get; set; }

        public bool? Punctuate { get; set; }
        public bool? SmartFormat { get; set; }
        public bool? Numerals { get; set; }
        public bool? Dictation { get; set; }
        public bool? ProfanityFilter { get; set; }

        /// <summary>diarize: speaker numbers on words.</summary>
        public bool? Diarize { get; set; }

        /// <summary>redact (repeatable): true, false, pci, numbers, aggressive_numbers, ssn.</summary>
        public IList<string> Redact { get; set; } = new List<string>();

        /// <summary>keyterm (repeatable, Nova-3).</summary>
        public IList<string> Keyterms { get; set; } = new List<string>();

        /// <summary>keywords (repeatable, word:boost, Nova-2 and older).</summary>
        public IList<string> Keywords { get; set; } = new List<string>();

        /// <summary>search (repeatable).</summary>
        public IList<string> Search { get; set; } = new List<string>();

        /// <summary>replace (repeatable, from:to).</summary>
        public IList<string> Replace { get; set; } = new List<string>();

        /// <summary>tag (repeatable).</summary>
        public IList<string> Tag { get; set; } = new List<string>();

        /// <summary>extra (repeatable, key:value).</summary>
        public IList<string> Extra { get; set; } = new List<string>();

        /// <summary>mip_opt_out: opt out of the model improvement programme.</summary>
        public bool? MipOptOut { get; set; }

        /// <summary>Any other query parameter, passed through as given (validated as plain strings).</summary>
        public IList<KeyValuePair<string, string>> ProviderOptions { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>
        /// Adds query parameters from a name → value map (PowerShell's -ProviderOption hashtable):
        /// strings, numbers and booleans as text, arrays as the parameter repeated. Throws
        /// SttException OptionInvalid for an empty name or a value that is not plain data.
        /// </summary>
        public void AddProviderOptions(System.Collections.IDictionary values)
        {
            foreach (System.Collections.DictionaryEntry entry in values)
            {
                string? name = entry.Key?.ToString()?.Trim();
                if (string.IsNullOrEmpty(name))
                {
                    throw new SttException(SttErrorKind.OptionInvalid, EngineOptionNames.DeepgramProviderOptions + " has an empty parameter name.", "ProviderOption");
                }
                if (entry.Value is System.Collections.IDictionary)
                {
                    throw new SttException(SttErrorKind.OptionInvalid,
                        $"{EngineOptionNames.DeepgramProviderOptions} '{name}' must be a string, number or boolean (or an array of them), not a table.", "ProviderOption");
                }
                if (entry.Value is System.Collections.IEnumerable list && entry.Value is not string)
                {
                    foreach (object? item in list) ProviderOptions.Add(new KeyValuePair<string, string>(name!, PlainText(name!, item)));
                }
                else
                {
                    ProviderOptions.Add(new KeyValuePair<string, string>(name!, PlainText(name!, entry.Value)));
                }
            }
        }

        private static string PlainText(string name, object? value)
        {
            switch (value)
            {
                case string text:
                    return text;
                case bool flag:
                    return flag ? "true" : "false";
                case null:
                    break;
                default:
                    if (value is IConvertible convertible && value.GetType().IsPrimitive || value is decimal)
                    {
                        return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                    }
                    break;
            }
            throw new SttException(SttErrorKind.OptionInvalid,
                $"{EngineOptionNames.DeepgramProviderOptions} '{name}' must be a string, number or boolean (or an array of them).", "ProviderOption");
        }

        /// <summary>Full WebSocket endpoint override (default wss://api.deepgram.com/v1/listen).</summary>
        public Uri? Endpoint { get; set; }
    }
}
