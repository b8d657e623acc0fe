// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// Builds Turns from Speechmatics results (protocols.md §4.2): finals of the current turn are
    /// kept until the turn ends; partial turns show them plus the latest partial. Punctuation is
    /// merged into the neighbouring word as its attaches_to says, so Words and Transcript agree.
    /// </summary>
    internal sealed class SpeechmaticsTurnAssembler
    {
        private readonly List<SpeechmaticsResultItem> _finals = new List<SpeechmaticsResultItem>();

        /// <summary>What separates words (RecognitionStarted language_pack_info.word_delimiter; "" for Japanese, Chinese…).</summary>
        public string WordDelimiter { get; set; } = " ";

        /// <summary>The order of the turn being built; increases by one each time a turn ends.</summary>
        public int TurnOrder { get; private set; }

        /// <summary>True when the current turn has final words that have not been delivered as an end of turn.</summary>
        public bool HasFinals => _finals.Any(item => !item.IsPunctuation);

        public void AddFinals(IEnumerable<SpeechmaticsResultItem> items) => _finals.AddRange(items);

        /// <summary>The finals so far plus the partial's words (not final): a partial turn.</summary>
        public Turn BuildPartial(IReadOnlyList<SpeechmaticsResultItem> partial, DateTimeOffset receivedAt) =>
            Build(_finals.Concat(partial).ToList(), endOfTurn: false, isFormatted: false, receivedAt);

        /// <summary>The finals so far: a partial turn whose text will not change, only grow.</summary>
        public Turn BuildFinals(DateTimeOffset receivedAt) => Build(_finals, endOfTurn: false, isFormatted: true, receivedAt);

        /// <summary>The one end-of-turn update of the current turn; the next turn starts empty.</summary>
        public Turn EndTurn(DateTimeOffset receivedAt)
        {
            Turn turn = Build(_finals, endOfTurn: true, isFormatted: true, receivedAt);
            _finals.Clear();
            TurnOrder++;
            return turn;
        }

        private Turn Build(IReadOnlyList<SpeechmaticsResultItem> items, bool endOfTurn, bool isFormatted, DateTimeOffset receivedAt)
        {
            List<Word> words = MergePunctuation(items);
            List<double> confidences = items
                .Where(item => item.IsFinal && !item.IsPunctuation && item.Confidence.HasValue)
                .Select(item => item.Confidence!.Value)
                .ToList();
            string? language = items.Select(item => item.Language).FirstOrDefault(l => !string.IsNullOrEmpty(l));
            return new Turn(
                SttProvider.Speechmatics,
                sessionId: null,
                source: null,
                TurnOrder,
                string.Join(WordDelimiter, words.Select(w => w.Text)),
                endOfTurn,
                isFormatted,
                words.Count > 0 ? words[0].StartTime : TimeSpan.Zero,
                words.Count > 0 ? words[words.Count - 1].EndTime : TimeSpan.Zero,
                confidences.Count > 0 ? confidences.Average() : (double?)null,
                endOfTurnConfidence: null,
                MostFrequentSpeaker(words),
                language,
                new WordList(words),
                receivedAt);
        }

        /// <summary>Joins each punctuation mark to its word: "world" + "." (previous) → "world.", "¿" (next) + "qué" → "¿qué".</summary>
        private static List<Word> MergePunctuation(IReadOnlyList<SpeechmaticsResultItem> items)
        {
            var words = new List<Word>();
            string prefix = string.Empty;
            bool glueToPrevious = false;
            foreach (SpeechmaticsResultItem item in items)
            {
                if (item.IsPunctuation)
                {
                    switch (item.AttachesTo)
                    {
                        case "next":
                            prefix += item.Content;
                            continue;
                        case "both" when words.Count > 0:
                            Extend(words, item.Content, item);
                            glueToPrevious = true;
                            continue;
                        case "none":
                            break;
                        default: // previous (the documented default for trailing marks)
                            if (words.Count > 0)
                            {
                                Extend(words, prefix + item.Content, item);
                                prefix = string.Empty;
                                continue;
                            }
                            break;
                    }
                    words.Add(new Word(prefix + item.Content, item.StartTime, item.EndTime, null, item.IsFinal, item.Speaker));
                    prefix = string.Empty;
                    continue;
                }

                string text = prefix + item.Content;
                prefix = string.Empty;
                if (glueToPrevious && words.Count > 0)
                {
                    Extend(words, text, item);
                }
                else
                {
                    words.Add(new Word(text, item.StartTime, item.EndTime, item.Confidence, item.IsFinal, item.Speaker));
                }
                glueToPrevious = false;
            }
            if (prefix.Length > 0 && words.Count > 0)
            {
                // An opening mark with nothing after it yet: keep it visible at the end.
                Word last = words[words.Count - 1];
                words.Add(new Word(prefix, last.EndTime, last.EndTime, null, last.IsFinal, last.Speaker));
            }
            return words;
        }

        private static void Extend(List<Word> words, string text, SpeechmaticsResultItem item)
        {
            Word last = words[words.Count - 1];
            words[words.Count - 1] = new Word(last.Text + text, last.StartTime,
                item.EndTime > last.EndTime ? item.EndTime : last.EndTime,
                last.Confidence, last.IsFinal && item.IsFinal, last.Speaker ?? item.Speaker);
        }

        /// <summary>The label on most words; ties go to the one heard first.</summary>
        private static string? MostFrequentSpeaker(IReadOnlyList<Word> words) =>
            words.Where(w => !string.IsNullOrEmpty(w.Speaker))
                .GroupBy(w => w.Speaker, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .Select(g => g.Key)
                .FirstOrDefault();
    }
}
