// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>
    /// Cuts the end-of-turn turns of one source into cues: at most two lines of at most MaxLineLength
    /// characters, at most MaxCueDuration long, split only between words, never across turns or speakers.
    /// Word timings place each cut; a turn without words has its time shared among its words by length.
    /// Pure: no I/O, the same cues for the same turns.
    /// </summary>
    internal static class SubtitleCueBuilder
    {
        public static IReadOnlyList<SubtitleCue> Build(IEnumerable<Turn> turns, SubtitleFormat format, SubtitleOptions options)
        {
            if (turns is null) throw new ArgumentNullException(nameof(turns));
            if (options is null) throw new ArgumentNullException(nameof(options));

            var cues = new List<SubtitleCue>();
            // Partial updates repeat words the end-of-turn update carries; OrderBy is stable, so turns that start
            // together keep their input order.
            foreach (Turn turn in turns.Where(t => t is not null && t.EndOfTurn).OrderBy(t => t.StartTime))
            {
                var pending = new List<TimedWord>();
                foreach (TimedWord word in TimedWords(turn))
                {
                    if (pending.Count > 0 && !CanAdd(pending, word, format, options))
                    {
                        cues.Add(CreateCue(cues.Count + 1, pending, format, options));
                        pending.Clear();
                    }
                    pending.Add(word);
                }
                if (pending.Count > 0) cues.Add(CreateCue(cues.Count + 1, pending, format, options));
            }
            return cues;
        }

        /// <summary>
        /// The lines of a cue: one line when it fits, else the two-line split with the most even lengths. A line
        /// may be longer than <paramref name="maxLineLength"/> only when it is a single word (never broken).
        /// Null when the words cannot be set in two lines. <paramref name="firstLineReserved"/> counts characters
        /// the format shows before the first line (the SRT speaker prefix).
        /// </summary>
        public static IReadOnlyList<string>? LayOut(IReadOnlyList<string> words, int maxLineLength, int firstLineReserved = 0)
        {
            if (words is null) throw new ArgumentNullException(nameof(words));
            if (words.Count == 0) return Array.Empty<string>();
            string whole = string.Join(" ", words);
            if (words.Count == 1 || firstLineReserved + whole.Length <= maxLineLength) return new[] { whole };
            return SplitInTwo(words, maxLineLength, firstLineReserved);
        }

        private static IReadOnlyList<string>? SplitInTwo(IReadOnlyList<string> words, int maxLineLength, int firstLineReserved)
        {
            string[]? best = null;
            int bestLongest = int.MaxValue;
            for (int split = 1; split < words.Count; split++)
            {
                if (!Fits(words, 0, split, maxLineLength - firstLineReserved) || !Fits(words, split, words.Count, maxLineLength)) continue;
                string first = Join(words, 0, split);
                string second = Join(words, split, words.Count);
                int longest = Math.Max(firstLineReserved + first.Length, second.Length);
                // Ties go to the shorter first line: the eye lands on the bottom line last, so it may be the longer.
                if (longest < bestLongest)
                {
                    best = new[] { first, second };
                    bestLongest = longest;
                }
            }
            return best;
        }

        /// <summary>Words [start, end) fit on one line: within the width, or a single word that is kept whole.</summary>
        private static bool Fits(IReadOnlyList<string> words, int start, int end, int width)
        {
            if (end - start == 1) return true;
            int length = -1;
            for (int i = start; i < end; i++) length += words[i].Length + 1;
            return length <= width;
        }

        private static string Join(IReadOnlyList<string> words, int start, int end) =>
            string.Join(" ", words.Skip(start).Take(end - start));

        private static bool CanAdd(List<TimedWord> pending, TimedWord next, SubtitleFormat format, SubtitleOptions options)
        {
            if (!string.Equals(pending[0].Speaker, next.Speaker, StringComparison.Ordinal)) return false;
            if (next.End - pending[0].Start > options.MaxCueDuration) return false;
            var texts = pending.Select(w => w.Text).Concat(new[] { next.Text }).ToList();
            return LayOut(texts, options.MaxLineLength, Reserved(format, next.Speaker)) is not null;
        }

        private static SubtitleCue CreateCue(int index, List<TimedWord> words, SubtitleFormat format, SubtitleOptions options)
        {
            TimeSpan start = words[0].Start;
            TimeSpan end = words.Max(w => w.End);
            string? speaker = words[0].Speaker;
            IReadOnlyList<string> lines = LayOut(words.Select(w => w.Text).ToList(), options.MaxLineLength, Reserved(format, speaker))
                ?? throw new InvalidOperationException("A cue was built from words that do not fit it.");
            return new SubtitleCue(index, start, end < start ? start : end, speaker, lines);
        }

        private static int Reserved(SubtitleFormat format, string? speaker) =>
            format == SubtitleFormat.Srt && speaker is not null ? SrtWriter.SpeakerPrefix(speaker).Length : 0;

        /// <summary>
        /// The turn's words with times. With word timings, the transcript's own words are used when there are as
        /// many (they carry the formatting: casing, punctuation), else the timed words' text. Without timings the
        /// turn's time is shared in proportion to each word's length.
        /// </summary>
        private static List<TimedWord> TimedWords(Turn turn)
        {
            string[] tokens = SplitWords(turn.Transcript);
            var timed = new List<TimedWord>();
            if (turn.Words.Count > 0)
            {
                bool transcriptMatchesWords = tokens.Length == turn.Words.Count;
                for (int i = 0; i < turn.Words.Count; i++)
                {
                    Word word = turn.Words[i];
                    string text = transcriptMatchesWords ? tokens[i] : word.Text.Trim();
                    if (text.Length == 0) continue;
                    TimeSpan end = word.EndTime < word.StartTime ? word.StartTime : word.EndTime;
                    timed.Add(new TimedWord(text, word.StartTime, end, CleanSpeaker(word.Speaker ?? turn.Speaker)));
                }
                if (timed.Count > 0) return timed;
            }

            long span = Math.Max(0, (turn.EndTime - turn.StartTime).Ticks);
            long total = tokens.Sum(t => (long)t.Length + 1);
            long before = 0;
            foreach (string token in tokens)
            {
                long after = before + token.Length + 1;
                // The space after a word belongs to it, so cues of one turn follow each other without gaps.
                TimeSpan start = turn.StartTime + TimeSpan.FromTicks(span * before / total);
                TimeSpan end = turn.StartTime + TimeSpan.FromTicks(span * after / total);
                timed.Add(new TimedWord(token, start, end, CleanSpeaker(turn.Speaker)));
                before = after;
            }
            return timed;
        }

        private static string[] SplitWords(string text) =>
            text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>A speaker label on one line: line breaks and other control characters would end a cue early.</summary>
        private static string? CleanSpeaker(string? speaker)
        {
            if (string.IsNullOrWhiteSpace(speaker)) return null;
            return new string(speaker!.Trim().Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        }

        private readonly struct TimedWord
        {
            public TimedWord(string text, TimeSpan start, TimeSpan end, string? speaker)
            {
                Text = text;
                Start = start;
                End = end;
                Speaker = speaker;
            }

            public string Text { get; }
            public TimeSpan Start { get; }
            public TimeSpan End { get; }
            public string? Speaker { get; }
        }
    }
}
