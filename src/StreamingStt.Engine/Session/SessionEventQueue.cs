// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// The bounded hand-off between a session's background tasks and its consumer.
    /// Turns: when the consumer falls behind and the queue is full, the oldest partial turn is
    /// dropped (later updates supersede it) and counted; an end-of-turn update is never dropped —
    /// the receiver awaits room instead (asynchronously: no pool thread is blocked).
    /// Other events never wait: a small headroom above the capacity holds them, and past it only
    /// narration (verbose/debug/warning) is dropped; faults and the end event always get in.
    /// So memory stays bounded by capacity + headroom whatever the consumer does.
    /// </summary>
    internal sealed class SessionEventQueue
    {
        /// <summary>Room above the capacity for non-turn events (there are only a handful per session).</summary>
        internal const int ControlHeadroom = 64;

        private readonly object _gate = new object();
        private readonly LinkedList<SessionEvent> _events = new LinkedList<SessionEvent>();
        private readonly int _capacity;
        private TaskCompletionSource<bool>? _roomAvailable;
        private bool _completed;
        private bool _abandoned;
        // A consumer that watches several queues at once (one thread for a batch) is told here when one has
        // something for it, rather than polling each; called under the gate, so it must only signal.
        private Action? _changed;
        private int _droppedPartials;
        private int _droppedDiagnostics;

        public SessionEventQueue(int capacity)
        {
            if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The event queue needs room for at least 2 events.");
            _capacity = capacity;
        }

        public int DroppedPartials
        {
            get { lock (_gate) return _droppedPartials; }
        }

        public int DroppedDiagnostics
        {
            get { lock (_gate) return _droppedDiagnostics; }
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
        /// Adds a turn. Completes with true when a partial turn was dropped to keep within the
        /// capacity (the caller may say so once). Waits only for room for an end-of-turn update.
        /// </summary>
        public async Task<bool> AddTurnAsync(TurnEvent turnEvent)
        {
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    if (_abandoned || _completed) return false;
                    if (TurnCount() < _capacity)
                    {
                        Append(turnEvent);
                        return false;
                    }
                    if (RemoveOldestPartial())
                    {
                        Append(turnEvent);
                        return true;
                    }
                    if (!turnEvent.Turn.EndOfTurn)
                    {
                        // Full of end-of-turn updates: the newest partial is the one to go.
                        _droppedPartials++;
                        return true;
                    }
                    _roomAvailable ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _roomAvailable.Task;
                }
                await wait.ConfigureAwait(false);
            }
        }

        /// <summary>Adds a non-turn event without waiting (see the class remarks for what may be dropped).</summary>
        public void Add(SessionEvent sessionEvent)
        {
            Debug.Assert(sessionEvent is not TurnEvent, "Turns go through AddTurnAsync.");
            lock (_gate)
            {
                if (_abandoned || _completed) return;
                bool mustKeep = sessionEvent is SessionFaultEvent || sessionEvent is SessionEndedEvent || sessionEvent is SessionBeganEvent;
                if (!mustKeep && _events.Count >= _capacity + ControlHeadroom)
                {
                    _droppedDiagnostics++;
                    return;
                }
                Append(sessionEvent);
            }
        }

        private int TurnCount()
        {
            // Non-turn events are few; counting them out keeps the turn budget exact.
            int turns = 0;
            for (LinkedListNode<SessionEvent>? node = _events.First; node is not null; node = node.Next)
            {
                if (node.Value is TurnEvent) turns++;
            }
            return turns;
        }

        private void Append(SessionEvent sessionEvent)
        {
            _events.AddLast(sessionEvent);
            Monitor.PulseAll(_gate);
            _changed?.Invoke();
        }

        /// <summary>
        /// Calls <paramref name="changed"/> whenever an event is added or the queue completes (under the queue's
        /// lock: it must only signal, e.g. set an event). Called once at once if there is already something to take.
        /// </summary>
        public void NotifyOnChange(Action changed)
        {
            lock (_gate)
            {
                _changed = changed;
                if (_events.Count > 0 || _completed) changed();
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

        private void SignalRoom()
        {
            TaskCompletionSource<bool>? waiter = _roomAvailable;
            _roomAvailable = null;
            waiter?.TrySetResult(true);
        }

        /// <summary>No more events will be added.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                SignalRoom();
                Monitor.PulseAll(_gate);
                _changed?.Invoke();
            }
        }

        /// <summary>The consumer is gone: producers stop waiting and further events are discarded.</summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _abandoned = true;
                SignalRoom();
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>
        /// Takes the next event, waiting up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until
        /// an event comes, the queue completes or the token is cancelled, with no wake-up in between).
        /// </summary>
        public bool TryTake(out SessionEvent? sessionEvent, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool forever = timeout == Timeout.InfiniteTimeSpan;
            long deadline = forever ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency);
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
                            SignalRoom();
                            return true;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        if (_completed)
                        {
                            sessionEvent = null;
                            return false;
                        }
                        if (forever)
                        {
                            Monitor.Wait(_gate);
                            continue;
                        }
                        long remainingMs = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                        if (remainingMs <= 0)
                        {
                            sessionEvent = null;
                            return false;
                        }
                        Monitor.Wait(_gate, (int)Math.Min(remainingMs, int.MaxValue));
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
