// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;

namespace StreamingStt
{
    /// <summary>One recognised word, timed from the start of the audio.</summary>
    public sealed class Word
    {
        public Word(string text, TimeSpan startTime, TimeSpan endTime, double? confidence, bool isFinal, string? speaker)
        {
            Text = text ?? string.Empty;
            StartTime = startTime;
            EndTime = endTime;
            Confidence = confidence;
            IsFinal = isFinal;
            Speaker = speaker;
        }

        public string Text { get; }
        public TimeSpan StartTime { get; }
        public TimeSpan EndTime { get; }
        public double? Confidence { get; }
        public bool IsFinal { get; }
        public string? Speaker { get; }

        /// <summary>"text[1.23-1.56]": compact enough for a CSV cell, exact enough to realign.</summary>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}[{1:0.00}-{2:0.00}]", Text, StartTime.TotalSeconds, EndTime.TotalSeconds);
    }
}
