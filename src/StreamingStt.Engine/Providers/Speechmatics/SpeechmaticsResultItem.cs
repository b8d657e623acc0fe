// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// One entry of an AddTranscript / AddPartialTranscript <c>results[]</c>: a word, an entity or a
    /// punctuation mark with its first alternative (protocols.md §3.5).
    /// </summary>
    internal sealed class SpeechmaticsResultItem
    {
        public SpeechmaticsResultItem(string type, string content, TimeSpan startTime, TimeSpan endTime, double? confidence,
            string? speaker, string? language, string? attachesTo, bool isEndOfSentence, bool isFinal)
        {
            Type = type;
            Content = content;
            StartTime = startTime;
            EndTime = endTime;
            Confidence = confidence;
            Speaker = speaker;
            Language = language;
            AttachesTo = attachesTo;
            IsEndOfSentence = isEndOfSentence;
            IsFinal = isFinal;
        }

        /// <summary>word, punctuation or entity.</summary>
        public string Type { get; }
        public string Content { get; }
        public TimeSpan StartTime { get; }
        public TimeSpan EndTime { get; }
        public double? Confidence { get; }
        /// <summary>S1, S2, … or UU; null without diarization.</summary>
        public string? Speaker { get; }
        public string? Language { get; }
        /// <summary>previous, next, both or none (punctuation only).</summary>
        public string? AttachesTo { get; }
        /// <summary>Punctuation that ends a sentence (is_eos).</summary>
        public bool IsEndOfSentence { get; }
        /// <summary>From AddTranscript (true) or AddPartialTranscript (false).</summary>
        public bool IsFinal { get; }

        public bool IsPunctuation => string.Equals(Type, "punctuation", StringComparison.Ordinal);

        /// <summary>Reads a message's results[]; entries without content are skipped.</summary>
        public static List<SpeechmaticsResultItem> ReadAll(JsonElement message, bool isFinal)
        {
            var items = new List<SpeechmaticsResultItem>();
            if (!message.TryGetProperty("results", out JsonElement results) || results.ValueKind != JsonValueKind.Array) return items;
            foreach (JsonElement result in results.EnumerateArray())
            {
                if (result.ValueKind != JsonValueKind.Object) continue;
                if (!result.TryGetProperty("alternatives", out JsonElement alternatives) || alternatives.ValueKind != JsonValueKind.Array
                    || alternatives.GetArrayLength() == 0)
                {
                    continue;
                }
                JsonElement best = alternatives[0];
                string content = JsonFields.GetString(best, "content") ?? string.Empty;
                if (content.Length == 0) continue;
                items.Add(new SpeechmaticsResultItem(
                    JsonFields.GetString(result, "type") ?? "word",
                    content,
                    Seconds(JsonFields.GetDouble(result, "start_time")),
                    Seconds(JsonFields.GetDouble(result, "end_time")),
                    JsonFields.GetDouble(best, "confidence"),
                    JsonFields.GetString(best, "speaker"),
                    JsonFields.GetString(best, "language"),
                    JsonFields.GetString(result, "attaches_to"),
                    result.TryGetProperty("is_eos", out JsonElement eos) && eos.ValueKind == JsonValueKind.True,
                    isFinal));
            }
            return items;
        }

        // Times are seconds as floats; rounding to whole milliseconds keeps 1.1 from becoming 1.0999999.
        private static TimeSpan Seconds(double? value) => value.HasValue ? TimeSpan.FromMilliseconds(Math.Round(value.Value * 1000)) : TimeSpan.Zero;
    }
}
