// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>
    /// What ffmpeg prints on stderr with "-loglevel level+info": each line is tagged "[info]",
    /// "[warning]", "[error]" ... (after an optional "[demuxer @ 0x...]" context). Keeps the last
    /// warnings and errors for error messages and picks the input's duration from the info lines.
    /// Lines arrive on the stderr thread; everything here is thread-safe.
    /// </summary>
    internal sealed class FfmpegStderrLog : IDisposable
    {
        public const int MaxLines = 20;
        private const int MaxLineLength = 400;

        private static readonly Regex Tagged = new Regex(
            @"^(?:\[(?<context>[^\]@]+?) @ [^\]]*\] )?\[(?<level>panic|fatal|error|warning|info|verbose|debug|trace)\] ?(?<text>.*)$",
            RegexOptions.CultureInvariant);

        private static readonly Regex DurationLine = new Regex(
            @"^\s*Duration: (?<h>\d+):(?<m>\d{2}):(?<s>\d{2}(?:\.\d+)?)",
            RegexOptions.CultureInvariant);

        private readonly object _gate = new object();
        private readonly Queue<string> _lines = new Queue<string>();
        private readonly ManualResetEvent _inputDescribed = new ManualResetEvent(false);
        private bool _lastWasRelevant = true;
        private bool _durationSeen;
        private TimeSpan? _duration;

        /// <summary>The input's duration from "Duration: 00:01:02.34"; null when ffmpeg printed none or "N/A".</summary>
        public TimeSpan? Duration
        {
            get { lock (_gate) return _duration; }
        }

        public void Add(string line)
        {
            Match match = Tagged.Match(line);
            bool relevant;
            string text;
            if (match.Success)
            {
                string level = match.Groups["level"].Value;
                relevant = level == "panic" || level == "fatal" || level == "error" || level == "warning";
                text = match.Groups["text"].Value;
                if (match.Groups["context"].Success)
                {
                    text = match.Groups["context"].Value + ": " + text;
                }
            }
            else
            {
                // An untagged line continues the previous message (or comes from an ffmpeg without
                // the level flag, where every line may matter).
                relevant = _lastWasRelevant;
                text = line;
            }
            _lastWasRelevant = relevant;
            text = text.Trim();

            lock (_gate)
            {
                if (!relevant)
                {
                    NoteInfo(text);
                    return;
                }
                if (text.Length == 0)
                {
                    return;
                }
                if (text.Length > MaxLineLength)
                {
                    text = text.Substring(0, MaxLineLength) + "…";
                }
                _lines.Enqueue(text);
                while (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        /// <summary>stderr has ended (ffmpeg exited or was killed).</summary>
        public void Complete()
        {
            try
            {
                _inputDescribed.Set();
            }
            catch (ObjectDisposedException)
            {
                // The source was disposed before ffmpeg closed stderr.
            }
        }

        /// <summary>
        /// Waits until ffmpeg has described its input (the Duration line, the stream mapping or
        /// the output) or stderr ended. ffmpeg prints these before it writes any audio, so once
        /// the WAV header has arrived this is a short wait for the stderr thread to catch up.
        /// </summary>
        public bool WaitForInputDescription(TimeSpan timeout) => _inputDescribed.WaitOne(timeout);

        /// <summary>The last warnings and errors, oldest first.</summary>
        public IReadOnlyList<string> Messages()
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }

        public void Dispose() => _inputDescribed.Dispose();

        internal static TimeSpan? ParseDuration(string text)
        {
            Match match = DurationLine.Match(text);
            if (!match.Success)
            {
                return null;
            }
            double seconds = double.Parse(match.Groups["s"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            long hours = long.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
            long minutes = long.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (hours > 1_000_000)
            {
                return null;
            }
            return TimeSpan.FromTicks((hours * 3600 + minutes * 60) * TimeSpan.TicksPerSecond + (long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        private void NoteInfo(string text)
        {
            if (!_durationSeen && text.StartsWith("Duration:", StringComparison.Ordinal))
            {
                // Only the first input's line counts ("N/A" leaves the duration unknown).
                _durationSeen = true;
                _duration = ParseDuration(text);
                _inputDescribed.Set();
            }
            else if (text.StartsWith("Stream mapping:", StringComparison.Ordinal) || text.StartsWith("Output #", StringComparison.Ordinal))
            {
                _inputDescribed.Set();
            }
        }
    }
}
