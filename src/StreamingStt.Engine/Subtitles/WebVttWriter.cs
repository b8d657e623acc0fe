// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>
    /// WebVTT text: the WEBVTT header, then for each cue "start --> end" and its lines, the speaker as a voice
    /// span (&lt;v A&gt;) that covers the whole cue. Cue text escapes &amp;, &lt; and &gt; (which also keeps "-->"
    /// out of it), as the WebVTT specification requires.
    /// </summary>
    internal static class WebVttWriter
    {
        public const char MillisecondSeparator = '.';

        public static string Write(IReadOnlyList<SubtitleCue> cues)
        {
            if (cues is null) throw new ArgumentNullException(nameof(cues));
            var text = new StringBuilder("WEBVTT\n\n");
            foreach (SubtitleCue cue in cues)
            {
                text.Append(SubtitleTime.Format(cue.StartTime, MillisecondSeparator)).Append(" --> ")
                    .Append(SubtitleTime.Format(cue.EndTime, MillisecondSeparator)).Append('\n');
                for (int line = 0; line < cue.Lines.Count; line++)
                {
                    if (line == 0 && cue.Speaker is not null) text.Append("<v ").Append(Escape(cue.Speaker)).Append('>');
                    text.Append(Escape(cue.Lines[line])).Append('\n');
                }
                text.Append('\n');
            }
            return text.ToString();
        }

        /// <summary>Cue text and voice annotations: the three characters that would start or end markup.</summary>
        public static string Escape(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
