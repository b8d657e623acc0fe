// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>
    /// Builds Turns from Deepgram's segments (protocols.md §2.6, §4.2). Deepgram has no turn number:
    /// a turn is the run of is_final segments up to speech_final, UtteranceEnd or a from_finalize
    /// result, and TurnOrder counts those ends. Every Results message that adds text becomes one
    /// partial Turn; each turn ends with exactly one EndOfTurn Turn carrying all of its text.
    /// </summary>
    internal sealed class DeepgramTurnAssembler
    {
        private readonly bool _isFormatted;
        private readonly string? _requestedLanguage;
        private readonly List<DeepgramSegment> _finals = new List<DeepgramSegment>();
        private int _turnOrder;

        public DeepgramTurnAssembler(bool isFormatted, string? requestedLanguage)
        {
            _isFormatted = isFormatted;
            // "multi" means code-switching: the words say which language, the request does not.
            _requestedLanguage = string.Equals(requestedLanguage, "multi", StringComparison.OrdinalIgnoreCase) ? null : requestedLanguage;
        }

        /// <summary>An interim hypothesis: replaces the previous interim, shown after the turn's finals.</summary>
        public void OnInterim(DeepgramSegment interim, DateTimeOffset receivedAt, ICollection<ProviderMessage> output)
        {
            // An empty hypothesis adds nothing to show (silence, or a word withdrawn before the final).
            if (interim.IsEmpty) return;
            var parts = new List<DeepgramSegment>(_finals) { interim };
            output.Add(new ProviderTurn(BuildTurn(parts, endOfTurn: false, receivedAt)));
        }

        /// <summary>A final segment; <paramref name="endsTurn"/> for speech_final or from_finalize.</summary>
        public void OnFinal(DeepgramSegment final, bool endsTurn, DateTimeOffset receivedAt, ICollection<ProviderMessage> output)
        {
            if (!final.IsEmpty) _finals.Add(final);
            if (endsTurn)
            {
                EndTurn(receivedAt, output);
            }
            else if (!final.IsEmpty)
            {
                output.Add(new ProviderTurn(BuildTurn(_finals, endOfTurn: false, receivedAt)));
            }
        }

        /// <summary>UtteranceEnd, and the end of the session: delivers final text not yet ended; nothing otherwise.</summary>
        public void EndTurn(DateTimeOffset receivedAt, ICollection<ProviderMessage> output)
        {
            if (_finals.Count == 0) return;
            output.Add(new ProviderTurn(BuildTurn(_finals, endOfTurn: true, receivedAt)));
            _finals.Clear();
            _turnOrder++;
        }

        private Turn BuildTurn(IReadOnlyList<DeepgramSegment> parts, bool endOfTurn, DateTimeOffset receivedAt)
        {
            var words = parts.SelectMany(p => p.Words).ToList();
            string transcript = string.Join(" ", parts.Where(p => !p.IsEmpty).Select(p => p.Transcript));
            TimeSpan start = words.Count > 0 ? words[0].StartTime : parts[0].WindowStart;
            TimeSpan end = words.Count > 0 ? words[words.Count - 1].EndTime : parts[parts.Count - 1].WindowEnd;
            var confidences = parts.Where(p => !p.IsEmpty && p.Confidence.HasValue).Select(p => p.Confidence!.Value).ToList();
            double? confidence = confidences.Count > 0 ? confidences.Average() : (double?)null;

            return new Turn(
                SttProvider.Deepgram,
                sessionId: null,
                source: null,
                _turnOrder,
                transcript,
                endOfTurn,
                _isFormatted,
                start,
                end,
                confidence,
                endOfTurnConfidence: null,
                MostFrequent(words.Select(w => w.Speaker)),
                MostFrequent(parts.SelectMany(p => p.WordLanguages))
                    ?? parts.Select(p => p.AlternativeLanguage).FirstOrDefault(l => l is not null)
                    ?? _requestedLanguage,
                new WordList(words),
                receivedAt);
        }

        // The turn's speaker (or language) is the one most of its words have; ties go to the earliest.
        private static string? MostFrequent(IEnumerable<string?> values)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (string? value in values)
            {
                if (value is null) continue;
                if (counts.TryGetValue(value, out int count))
                {
                    counts[value] = count + 1;
                }
                else
                {
                    counts[value] = 1;
                    order.Add(value);
                }
            }
            string? best = null;
            foreach (string value in order)
            {
                if (best is null || counts[value] > counts[best]) best = value;
            }
            return best;
        }
    }
}
