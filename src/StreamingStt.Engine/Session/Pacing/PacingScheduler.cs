// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Threading;

namespace StreamingStt.Engine.Session.Pacing
{
    /// <summary>
    /// One thread that paces every session in the process. It sleeps until the next tick at which some frame is
    /// due, then releases every <see cref="FramePacer"/> due by then. A release runs the session's send loop on
    /// this thread up to its next wait (a socket send almost always completes at once), so a paced frame costs
    /// one shared wake-up instead of a timer callback plus a thread-pool hop (and its spinning) per session.
    /// </summary>
    /// <remarks>
    /// Due times are rounded up to the tick grid: a frame is never released early (the service closes sessions
    /// that run ahead of real time) and at most one tick late, and sessions whose frames fall in the same tick
    /// share one wake-up. The caller's schedule is absolute, so lateness never accumulates.
    /// </remarks>
    internal sealed class PacingScheduler
    {
        /// <summary>The process-wide scheduler every session on the real clock uses.</summary>
        public static readonly PacingScheduler Shared = new PacingScheduler(TimeSpan.FromMilliseconds(10));

        private readonly object _lock = new object();
        private readonly long _tickTimestamps;
        private readonly Action? _releasing;
        private readonly Action? _released;
        private FramePacer[] _heap = new FramePacer[64];
        private int _count;
        private FramePacer[] _due = new FramePacer[64];
        private Thread? _thread;
        private long _sequence;

        /// <param name="tick">The wake-up grid.</param>
        /// <param name="releasing">Tests: called on the pacing thread just before each release (allocation counting).</param>
        /// <param name="released">Tests: called on the pacing thread just after each release.</param>
        internal PacingScheduler(TimeSpan tick, Action? releasing = null, Action? released = null)
        {
            if (tick <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(tick), "The tick must be positive.");
            _tickTimestamps = Math.Max(1, (long)(tick.TotalSeconds * Stopwatch.Frequency));
            _releasing = releasing;
            _released = released;
        }

        /// <summary>True on the pacing thread: code that may block (a read from a pipe) moves off it first.</summary>
        public bool IsPacingThread => ReferenceEquals(Thread.CurrentThread, Volatile.Read(ref _thread));

        /// <summary>Queues <paramref name="pacer"/> for release at the first tick at or after <paramref name="dueTimestamp"/>.</summary>
        internal void Schedule(FramePacer pacer, long dueTimestamp)
        {
            long tick = (dueTimestamp + _tickTimestamps - 1) / _tickTimestamps * _tickTimestamps;
            lock (_lock)
            {
                pacer.DueTimestamp = tick;
                pacer.Sequence = _sequence++;
                if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
                _heap[_count] = pacer;
                SiftUp(_count++);
                if (_thread is null)
                {
                    // Started on first use; a background thread, so it never keeps a host process alive.
                    var thread = new Thread(Run) { IsBackground = true, Name = "StreamingStt pacing" };
                    Volatile.Write(ref _thread, thread);
                    thread.Start();
                }
                else if (ReferenceEquals(_heap[0], pacer))
                {
                    Monitor.Pulse(_lock); // the new frame is due before the one the thread sleeps for
                }
            }
        }

        private void Run()
        {
            while (true)
            {
                int due = 0;
                lock (_lock)
                {
                    while (due == 0)
                    {
                        if (_count == 0)
                        {
                            Monitor.Wait(_lock);
                            continue;
                        }
                        long now = Stopwatch.GetTimestamp();
                        long wait = _heap[0].DueTimestamp - now;
                        if (wait > 0)
                        {
                            // Rounded up: waking before the tick would only mean sleeping again.
                            long milliseconds = (wait * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                            Monitor.Wait(_lock, (int)Math.Min(milliseconds, int.MaxValue));
                            continue;
                        }
                        while (_count > 0 && _heap[0].DueTimestamp <= now)
                        {
                            if (due == _due.Length) Array.Resize(ref _due, _due.Length * 2);
                            _due[due++] = PopMin();
                        }
                    }
                }
                // Outside the lock: a released send loop schedules its next frame from this thread.
                for (int i = 0; i < due; i++)
                {
                    FramePacer pacer = _due[i];
                    _due[i] = null!;
                    try
                    {
                        _releasing?.Invoke();
                        pacer.Release();
                        _released?.Invoke();
                    }
                    catch (Exception)
                    {
                        // A send loop catches its own errors; nothing a release throws may stop pacing for the others.
                    }
                }
            }
        }

        private FramePacer PopMin()
        {
            FramePacer min = _heap[0];
            _count--;
            _heap[0] = _heap[_count];
            _heap[_count] = null!;
            if (_count > 0) SiftDown(0);
            return min;
        }

        // Earlier due first; equal due times in the order they were scheduled.
        private static bool Before(FramePacer a, FramePacer b) =>
            a.DueTimestamp < b.DueTimestamp || (a.DueTimestamp == b.DueTimestamp && a.Sequence < b.Sequence);

        private void SiftUp(int index)
        {
            FramePacer item = _heap[index];
            while (index > 0)
            {
                int parent = (index - 1) / 2;
                if (!Before(item, _heap[parent])) break;
                _heap[index] = _heap[parent];
                index = parent;
            }
            _heap[index] = item;
        }

        private void SiftDown(int index)
        {
            FramePacer item = _heap[index];
            while (true)
            {
                int child = index * 2 + 1;
                if (child >= _count) break;
                if (child + 1 < _count && Before(_heap[child + 1], _heap[child])) child++;
                if (!Before(_heap[child], item)) break;
                _heap[index] = _heap[child];
                index = child;
            }
            _heap[index] = item;
        }
    }
}
