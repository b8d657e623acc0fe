// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Threading;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// The bounded hand-off between a session's background tasks and its consumer. When the
    /// consumer falls behind and the queue is full, the oldest partial turn is dropped (it is
    /// superseded by later updates anyway) and counted; anything else makes the producer wait,
    /// so end-of-turn updates are never lost and memory never grows without bound.
    /// </summary>
    internal sealed class SessionEventQueue
    {
        private readonly object _gate = new object();
        private readonly LinkedList<SessionEvent> _events = new LinkedList<SessionEvent>();
        private readonly int _capacity;
        private bool _completed;
        private bool _abandoned;
        private int _droppedPartials;

        public SessionEventQueue(int capacity)
        {
            if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The event queue needs room for at least 2 events.");
            _capacity = capacity;
        }

        public int DroppedPartials
        {
            get { lock (_gate) return _droppedPartials; }
        }

        public int Count
        {
            get { lock (_gate) return _events.Count; }
        }

        /// <summary>True once no more events will come and every event was taken.</summary>
        public bool IsDrained
        {
            get { lock (_gate) return _completed && _events.Count == 0; }
        }

        /// <summary>
        /// Adds an event. Returns true when this add dropped a partial turn to make room (the
        /// caller may want to say so once). Waits while the queue is full of events that must not
        /// be dropped; returns at once once the queue is abandoned or completed.
        /// </summary>
        public bool Add(SessionEvent sessionEvent)
        {
            lock (_gate)
            {
                bool dropped = false;
                while (!_abandoned && !_completed && _events.Count >= _capacity)
                {
                    if (RemoveOldestPartial())
                    {
                        dropped = true;
                        break;
                    }
                    Monitor.Wait(_gate, 100);
                }
                if (_abandoned || _completed) return dropped;
                _events.AddLast(sessionEvent);
                Monitor.PulseAll(_gate);
                return dropped;
            }
        }

        private bool RemoveOldestPartial()
        {
            for (LinkedListNode<SessionEvent>? node = _events.First; node is not null; node = node.Next)
            {
                if (node.Value is TurnEvent turnEvent && !turnEvent.Turn.EndOfTurn)
                {
                    _events.Remove(node);
                    _droppedPartials++;
                    return true;
                }
            }
            return false;
        }

        /// <summary>No more events will be added.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The consumer is gone: producers stop waiting and further events are discarded.</summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _abandoned = true;
                Monitor.PulseAll(_gate);
            }
        }

        public bool TryTake(out SessionEvent? sessionEvent, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * System.Diagnostics.Stopwatch.Frequency);
            using (cancellationToken.CanBeCanceled ? cancellationToken.Register(PulseAll) : default)
            {
                lock (_gate)
                {
                    while (true)
                    {
                        if (_events.Count > 0)
                        {
                            sessionEvent = _events.First!.Value;
                            _events.RemoveFirst();
                            Monitor.PulseAll(_gate);
                            return true;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        long remaining = (deadline - System.Diagnostics.Stopwatch.GetTimestamp()) * 1000 / System.Diagnostics.Stopwatch.Frequency;
                        if (_completed || remaining <= 0)
                        {
                            sessionEvent = null;
                            return false;
                        }
                        Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
                    }
                }
            }
        }

        private void PulseAll()
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }
}
