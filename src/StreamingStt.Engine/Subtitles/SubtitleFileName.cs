// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Linq;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>The file name Export-SttSubtitle -OutputFolder gives a source's subtitles.</summary>
    internal static class SubtitleFileName
    {
        /// <summary>Used when the turns carry no Source.</summary>
        public const string Unnamed = "subtitles";

        // The characters Windows refuses in a file name (a superset of what Linux and macOS refuse), so a name made
        // on one machine works on every other.
        private static readonly char[] PathSeparators = { '/', '\\' };
        private static readonly char[] Refused = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };

        public static string Extension(SubtitleFormat format) => format == SubtitleFormat.WebVtt ? ".vtt" : ".srt";

        /// <summary>
        /// The source's last path segment without its extension ("/calls/a.wav" and "C:\calls\a.wav" give
        /// "a"), with characters no file system accepts replaced by "_", plus the format's extension.
        /// </summary>
        public static string ForSource(string? source, SubtitleFormat format)
        {
            string name = source ?? string.Empty;
            // Both separators on every platform: a Source may come from another machine (remoting).
            int slash = name.LastIndexOfAny(PathSeparators);
            if (slash >= 0) name = name.Substring(slash + 1);
            int dot = name.LastIndexOf('.');
            if (dot > 0) name = name.Substring(0, dot);
            name = new string(name.Select(c => char.IsControl(c) || Refused.Contains(c) ? '_' : c).ToArray()).Trim().TrimEnd('.');
            if (name.Length == 0) name = Unnamed;
            return name + Extension(format);
        }

        /// <summary>The format a path's extension names (.srt, .vtt, any case), or null.</summary>
        public static SubtitleFormat? FormatOf(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (path.EndsWith(".srt", StringComparison.OrdinalIgnoreCase)) return SubtitleFormat.Srt;
            if (path.EndsWith(".vtt", StringComparison.OrdinalIgnoreCase)) return SubtitleFormat.WebVtt;
            return null;
        }
    }
}
