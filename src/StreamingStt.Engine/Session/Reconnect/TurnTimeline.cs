// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>
    /// Keeps one turn sequence and one audio timeline across connections. Each new connection's provider
    /// counts turns from 0 and times from the first audio it hears (the replay's start); this adds the
    /// replay's place on the session timeline to every time and continues TurnOrder after the last turn
    /// that ended, so the turn that was open when a connection dropped keeps its number.
    /// </summary>
    internal sealed class TurnTimeline
    {
        private readonly object _gate = new object();
        private TimeSpan _offset;
        private int _orderBase;
        private int _nextOrder;
        private bool _openTurn;
        private long _endsOfTurn;

        /// <summary>True when a partial arrived after the last end of turn (a turn is being spoken).</summary>
        public bool HasOpenTurn { get { lock (_gate) return _openTurn; } }

        /// <summary>Ends of turn delivered so far (the rollover waits for the next one).</summary>
        public long EndsOfTurn { get { lock (_gate) return _endsOfTurn; } }

        /// <summary>A new connection hears audio from <paramref name="audioOffset"/> on (session timeline).</summary>
        public void StartConnection(TimeSpan audioOffset)
        {
            lock (_gate)
            {
                _offset = audioOffset;
                _orderBase = _nextOrder;
            }
        }

        public TimeSpan MapAudioTime(TimeSpan providerTime)
        {
            lock (_gate) return providerTime + _offset;
        }

        /// <summary>
        /// The turn as the session delivers it: on the session's timeline and turn sequence, with the session's
        /// identity (the protocol layer knows neither), built once. Records whether it ends a turn.
        /// </summary>
        public Turn Map(Turn turn, string? sessionId, string? source)
        {
            TimeSpan offset;
            int order;
            lock (_gate)
            {
                offset = _offset;
                order = _orderBase + turn.TurnOrder;
                if (turn.EndOfTurn)
                {
                    _nextOrder = Math.Max(_nextOrder, order + 1);
                    _openTurn = false;
                    _endsOfTurn++;
                }
                else
                {
                    _openTurn = true;
                }
            }
            return new Turn(turn.Provider, sessionId, source, order, turn.Transcript, turn.EndOfTurn, turn.IsFormatted,
                turn.StartTime + offset, turn.EndTime + offset, turn.Confidence, turn.EndOfTurnConfidence, turn.Speaker, turn.Language,
                Shift(turn.Words, offset), turn.ReceivedAt);
        }

        private static WordList Shift(WordList words, TimeSpan offset)
        {
            if (offset == TimeSpan.Zero || words.Count == 0) return words;
            var shifted = new List<Word>(words.Count);
            foreach (Word word in words)
            {
                shifted.Add(new Word(word.Text, word.StartTime + offset, word.EndTime + offset, word.Confidence, word.IsFinal, word.Speaker));
            }
            return new WordList(shifted);
        }
    }
}
