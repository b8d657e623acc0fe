// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>
    /// SubRip text: for each cue its number, "start --> end", its lines and a blank line. SRT has no escapes, and
    /// readers (ffmpeg, players) take "&lt;b ...&gt;", "&lt;i&gt;" or "&lt;font&gt;" in cue text for formatting tags and drop
    /// them, so &lt; and &gt; are written as the look-alike quotation marks ‹ and ›; that also keeps "-->" out of cue text.
    /// </summary>
    internal static class SrtWriter
    {
        public const char MillisecondSeparator = ',';

        /// <summary>The speaker label SRT shows before a cue's first line, e.g. "A: ".</summary>
        public static string SpeakerPrefix(string speaker) => EscapeText(speaker) + ": ";

        public static string Write(IReadOnlyList<SubtitleCue> cues)
        {
            if (cues is null) throw new ArgumentNullException(nameof(cues));
            var text = new StringBuilder();
            for (int i = 0; i < cues.Count; i++)
            {
                SubtitleCue cue = cues[i];
                text.Append(i + 1).Append('\n');
                text.Append(SubtitleTime.Format(cue.StartTime, MillisecondSeparator)).Append(" --> ")
                    .Append(SubtitleTime.Format(cue.EndTime, MillisecondSeparator)).Append('\n');
                for (int line = 0; line < cue.Lines.Count; line++)
                {
                    if (line == 0 && cue.Speaker is not null) text.Append(SpeakerPrefix(cue.Speaker));
                    text.Append(EscapeText(cue.Lines[line])).Append('\n');
                }
                text.Append('\n');
            }
            return text.ToString();
        }

        public static string EscapeText(string text) => text.Replace('<', '\u2039').Replace('>', '\u203A');
    }
}
