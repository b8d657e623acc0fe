// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt
{
    /// <summary>One subtitle cue: one or two lines of text shown from StartTime to EndTime.</summary>
    public sealed class SubtitleCue
    {
        public SubtitleCue(int index, TimeSpan startTime, TimeSpan endTime, string? speaker, IReadOnlyList<string> lines)
        {
            Index = index;
            StartTime = startTime;
            EndTime = endTime;
            Speaker = speaker;
            Lines = lines ?? throw new ArgumentNullException(nameof(lines));
        }

        /// <summary>1-based position in its document (the SRT cue number).</summary>
        public int Index { get; }
        public TimeSpan StartTime { get; }
        public TimeSpan EndTime { get; }
        /// <summary>The speaker label of the cue's words, or null when the provider gave none.</summary>
        public string? Speaker { get; }
        /// <summary>The visible lines, without the speaker label and without any format's escaping.</summary>
        public IReadOnlyList<string> Lines { get; }
        /// <summary>The lines joined with a space: the cue's words as one string.</summary>
        public string Text => string.Join(" ", Lines);

        public override string ToString() => Text;
    }
}
