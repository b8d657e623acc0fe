// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>
    /// Builds Turns from AssemblyAI's Turn messages (protocols.md §1). AssemblyAI numbers its turns
    /// (turn_order) and marks their end itself; what is left to do here is that each turn ends with
    /// exactly one EndOfTurn update: with format_turns the unformatted end is held until its formatted
    /// copy arrives, late copies of an ended turn are dropped, and a turn still open when the session
    /// ends is ended with its finalised words.
    /// </summary>
    internal sealed class AssemblyAITurnAssembler
    {
        private readonly bool _waitsForFormattedEnd;
        // The unformatted end-of-turn held until its formatted copy (same turn_order) arrives.
        private Turn? _heldEndOfTurn;
        // The finalised words of the turn still open, ready to end it if the session ends first (stop timeout, drop).
        private Turn? _openTurnFinalised;
        private int _lastEndedTurnOrder = -1;

        /// <param name="waitsForFormattedEnd">True when format_turns was requested: every turn ends with a formatted copy.</param>
        public AssemblyAITurnAssembler(bool waitsForFormattedEnd)
        {
            _waitsForFormattedEnd = waitsForFormattedEnd;
        }

        /// <summary>
        /// A Turn message for <paramref name="turnOrder"/> arrived. Delivers the held end of an earlier turn (a new
        /// turn began: it is as good as it will get); false when this turn has already ended, so the message is a
        /// late copy to ignore. Called before the message's words are read, so a late copy is never read.
        /// </summary>
        public bool BeginUpdate(int turnOrder, ICollection<ProviderMessage> output)
        {
            if (output is null) throw new ArgumentNullException(nameof(output));
            if (_heldEndOfTurn is not null && _heldEndOfTurn.TurnOrder != turnOrder)
            {
                DeliverHeld(output);
            }
            // Late copies of a turn already ended (e.g. a formatted copy we did not wait for).
            return turnOrder > _lastEndedTurnOrder;
        }

        /// <summary>The Turn message that <see cref="BeginUpdate"/> accepted: a partial, or the end of its turn (held when unformatted and a formatted copy is coming).</summary>
        public void OnUpdate(AssemblyAITurnUpdate update, DateTimeOffset receivedAt, ICollection<ProviderMessage> output)
        {
            if (update is null) throw new ArgumentNullException(nameof(update));
            if (output is null) throw new ArgumentNullException(nameof(output));

            _openTurnFinalised = update.EndOfTurn ? null : FinalisedPart(update, receivedAt);
            Turn turn = BuildTurn(update, receivedAt);

            if (!update.EndOfTurn)
            {
                output.Add(new ProviderTurn(turn));
                return;
            }
            if (_waitsForFormattedEnd && !update.IsFormatted)
            {
                _heldEndOfTurn = turn;
                return;
            }
            _heldEndOfTurn = null;
            _lastEndedTurnOrder = update.TurnOrder;
            output.Add(new ProviderTurn(turn));
        }

        /// <summary>The session ends: delivers the held end of turn, then ends the turn still open.</summary>
        public void Flush(ICollection<ProviderMessage> output)
        {
            if (output is null) throw new ArgumentNullException(nameof(output));
            DeliverHeld(output);
            EndOpenTurn(output);
        }

        private void DeliverHeld(ICollection<ProviderMessage> output)
        {
            if (_heldEndOfTurn is null) return;
            _lastEndedTurnOrder = _heldEndOfTurn.TurnOrder;
            output.Add(new ProviderTurn(_heldEndOfTurn));
            _heldEndOfTurn = null;
        }

        // The session ends inside a turn: its finalised words become its end-of-turn update (words still forming are not
        // kept: the service had not settled them). Nothing when no word was final (u3-rt-pro partials).
        private void EndOpenTurn(ICollection<ProviderMessage> output)
        {
            Turn? open = _openTurnFinalised;
            _openTurnFinalised = null;
            if (open is null || open.TurnOrder <= _lastEndedTurnOrder) return;
            _lastEndedTurnOrder = open.TurnOrder;
            output.Add(new ProviderTurn(open));
        }

        private static Turn BuildTurn(AssemblyAITurnUpdate update, DateTimeOffset receivedAt)
        {
            IReadOnlyList<Word> words = update.Words;
            string transcript = update.Transcript;
            // Universal-streaming partials carry only finalised words in "transcript"; show the
            // words still forming too, so a live display does not lag a word behind.
            // (u3-rt-pro partials already spell out every word, all marked non-final: leave those alone.)
            if (!update.EndOfTurn)
            {
                string forming = WordsStillForming(words);
                int transcriptWordCount = transcript.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                if (forming.Length > 0 && transcriptWordCount < words.Count)
                {
                    transcript = transcript.Length == 0 ? forming : transcript + " " + forming;
                }
            }

            double? confidence = words.Count == 0 || words.Any(w => !w.Confidence.HasValue) ? (double?)null : words.Average(w => w.Confidence!.Value);
            return new Turn(
                SttProvider.AssemblyAI,
                sessionId: null,
                source: null,
                update.TurnOrder,
                transcript,
                update.EndOfTurn,
                update.IsFormatted,
                words.Count > 0 ? words[0].StartTime : TimeSpan.Zero,
                words.Count > 0 ? words[words.Count - 1].EndTime : TimeSpan.Zero,
                confidence,
                update.EndOfTurnConfidence,
                update.Speaker,
                update.LanguageCode,
                new WordList(words),
                receivedAt);
        }

        // Separated by one space, as the words would read in the transcript (an empty word adds no space).
        private static string WordsStillForming(IReadOnlyList<Word> words)
        {
            var forming = new StringBuilder();
            foreach (Word word in words.Where(w => !w.IsFinal))
            {
                if (forming.Length > 0) forming.Append(' ');
                forming.Append(word.Text);
            }
            return forming.ToString();
        }

        private static Turn? FinalisedPart(AssemblyAITurnUpdate update, DateTimeOffset receivedAt)
        {
            List<Word> final = update.Words.Where(w => w.IsFinal).ToList();
            if (final.Count == 0 || update.Transcript.Trim().Length == 0) return null;
            double? confidence = final.Any(w => !w.Confidence.HasValue) ? (double?)null : final.Average(w => w.Confidence!.Value);
            return new Turn(SttProvider.AssemblyAI, null, null, update.TurnOrder, update.Transcript.Trim(), endOfTurn: true, isFormatted: false,
                final[0].StartTime, final[final.Count - 1].EndTime, confidence, endOfTurnConfidence: null, update.Speaker,
                update.LanguageCode, new WordList(final), receivedAt);
        }
    }
}
