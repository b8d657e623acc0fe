// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>How cues are cut: the longest line and the longest cue. A cue never has more than two lines.</summary>
    internal sealed class SubtitleOptions
    {
        /// <summary>42 characters: the common broadcast and streaming-service guideline for one subtitle line.</summary>
        public const int DefaultMaxLineLength = 42;
        public const int MinLineLength = 10;
        public const int MaxLineLengthLimit = 1000;
        /// <summary>Two lines: more covers too much of the picture to read in time.</summary>
        public const int MaxLines = 2;
        public static readonly TimeSpan DefaultMaxCueDuration = TimeSpan.FromSeconds(7);
        public static readonly TimeSpan MinCueDuration = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan MaxCueDurationLimit = TimeSpan.FromMinutes(10);

        public SubtitleOptions(int maxLineLength = DefaultMaxLineLength, TimeSpan? maxCueDuration = null)
        {
            if (maxLineLength < MinLineLength || maxLineLength > MaxLineLengthLimit)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    string.Format(CultureInfo.InvariantCulture, "MaxLineLength must be {0}–{1} characters; got {2}.", MinLineLength, MaxLineLengthLimit, maxLineLength),
                    "MaxLineLength");
            }
            TimeSpan duration = maxCueDuration ?? DefaultMaxCueDuration;
            if (duration < MinCueDuration || duration > MaxCueDurationLimit)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    string.Format(CultureInfo.InvariantCulture, "MaxCueDuration must be {0:0.#} s to {1:0.#} s; got {2:0.###} s.",
                        MinCueDuration.TotalSeconds, MaxCueDurationLimit.TotalSeconds, duration.TotalSeconds),
                    "MaxCueDuration");
            }
            MaxLineLength = maxLineLength;
            MaxCueDuration = duration;
        }

        public int MaxLineLength { get; }
        public TimeSpan MaxCueDuration { get; }
    }
}
