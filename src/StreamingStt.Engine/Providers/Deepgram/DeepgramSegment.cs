// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>
    /// The first alternative of one Results message: Deepgram's unit of text. A turn is the
    /// concatenation of its final segments (plus, while it forms, the latest interim one).
    /// </summary>
    internal sealed class DeepgramSegment
    {
        private DeepgramSegment(string transcript, double? confidence, IReadOnlyList<Word> words,
            IReadOnlyList<string> wordLanguages, string? alternativeLanguage, TimeSpan windowStart, TimeSpan windowEnd)
        {
            Transcript = transcript;
            Confidence = confidence;
            Words = words;
            WordLanguages = wordLanguages;
            AlternativeLanguage = alternativeLanguage;
            WindowStart = windowStart;
            WindowEnd = windowEnd;
        }

        public string Transcript { get; }

        /// <summary>alternatives[0].confidence.</summary>
        public double? Confidence { get; }

        public IReadOnlyList<Word> Words { get; }

        /// <summary>The language of each word that has one (language=multi).</summary>
        public IReadOnlyList<string> WordLanguages { get; }

        /// <summary>alternatives[0].languages[0], when present.</summary>
        public string? AlternativeLanguage { get; }

        /// <summary>The audio window the result covers (start, start + duration).</summary>
        public TimeSpan WindowStart { get; }

        public TimeSpan WindowEnd { get; }

        public bool IsEmpty => Transcript.Length == 0;

        /// <summary>Reads a Results message; words are final when the message is.</summary>
        public static DeepgramSegment FromResults(JsonElement root, bool isFinal)
        {
            double start = DeepgramJson.GetDouble(root, "start") ?? 0;
            double duration = DeepgramJson.GetDouble(root, "duration") ?? 0;
            JsonElement? alternative = FirstAlternative(root);
            if (alternative is null)
            {
                return new DeepgramSegment(string.Empty, null, Array.Empty<Word>(), Array.Empty<string>(), null,
                    DeepgramJson.Seconds(start), DeepgramJson.Seconds(start + duration));
            }

            JsonElement alt = alternative.Value;
            var words = new List<Word>();
            var languages = new List<string>();
            if (DeepgramJson.GetArray(alt, "words") is JsonElement wordArray)
            {
                foreach (JsonElement w in wordArray.EnumerateArray())
                {
                    string text = DeepgramJson.GetString(w, "punctuated_word") ?? DeepgramJson.GetString(w, "word") ?? string.Empty;
                    int? speaker = DeepgramJson.GetInt(w, "speaker");
                    words.Add(new Word(text,
                        DeepgramJson.Seconds(DeepgramJson.GetDouble(w, "start") ?? 0),
                        DeepgramJson.Seconds(DeepgramJson.GetDouble(w, "end") ?? 0),
                        DeepgramJson.GetDouble(w, "confidence"),
                        isFinal,
                        speaker?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    string? language = DeepgramJson.GetString(w, "language");
                    if (!string.IsNullOrEmpty(language)) languages.Add(language!);
                }
            }

            string? alternativeLanguage = null;
            if (DeepgramJson.GetArray(alt, "languages") is JsonElement languageArray)
            {
                foreach (JsonElement l in languageArray.EnumerateArray())
                {
                    if (l.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(l.GetString()))
                    {
                        alternativeLanguage = l.GetString();
                        break;
                    }
                }
            }

            return new DeepgramSegment((DeepgramJson.GetString(alt, "transcript") ?? string.Empty).Trim(),
                DeepgramJson.GetDouble(alt, "confidence"), words, languages, alternativeLanguage,
                DeepgramJson.Seconds(start), DeepgramJson.Seconds(start + duration));
        }

        private static JsonElement? FirstAlternative(JsonElement root)
        {
            if (!(DeepgramJson.GetObject(root, "channel") is JsonElement channel)) return null;
            if (!(DeepgramJson.GetArray(channel, "alternatives") is JsonElement alternatives)) return null;
            foreach (JsonElement alternative in alternatives.EnumerateArray())
            {
                return alternative.ValueKind == JsonValueKind.Object ? alternative : (JsonElement?)null;
            }
            return null;
        }
    }
}
