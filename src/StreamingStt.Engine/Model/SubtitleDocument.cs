// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt
{
    /// <summary>
    /// The subtitles of one Source, written in one format: what ConvertTo-SttSubtitle outputs. Text is the
    /// whole file's content; ToString() returns it, so Set-Content and Out-File -InputObject write the file.
    /// </summary>
    public sealed class SubtitleDocument
    {
        public SubtitleDocument(string? source, SubtitleFormat format, IReadOnlyList<SubtitleCue> cues, string text)
        {
            Source = source;
            Format = format;
            Cues = cues ?? throw new ArgumentNullException(nameof(cues));
            Text = text ?? throw new ArgumentNullException(nameof(text));
        }

        /// <summary>The Source of the turns the document was made from (a file path, "stdin", a device), or null.</summary>
        public string? Source { get; }
        public SubtitleFormat Format { get; }
        public int CueCount => Cues.Count;
        /// <summary>When the last cue ends (cues of overlapping turns may end out of order).</summary>
        public TimeSpan EndTime => Cues.Count == 0 ? TimeSpan.Zero : Cues.Max(c => c.EndTime);
        public IReadOnlyList<SubtitleCue> Cues { get; }
        /// <summary>The file content: SRT or WebVTT text with "\n" line ends.</summary>
        public string Text { get; }

        public override string ToString() => Text;
    }
}
