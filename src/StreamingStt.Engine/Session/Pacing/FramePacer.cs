// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace StreamingStt.Engine.Session.Pacing
{
    /// <summary>
    /// One send loop's wait for its next frame on a <see cref="PacingScheduler"/>. Reused for every frame, so
    /// waiting allocates nothing; the stop token is registered once for the whole loop. One wait at a time.
    /// </summary>
    internal sealed class FramePacer : IValueTaskSource, IDisposable
    {
        private const int Idle = 0;
        private const int Waiting = 1;
        private const int Done = 2;

        private readonly PacingScheduler _scheduler;
        private readonly CancellationToken _stop;
        private readonly CancellationTokenRegistration _registration;
        private static readonly Action<object?> CompletedSentinel = _ => { };
        private int _state;
        // One wait's completion (ManualResetValueTaskSourceCore would need Microsoft.Bcl.AsyncInterfaces, which
        // the netstandard2.0 build must not bring into PowerShell 7's process).
        private short _version;
        private volatile bool _completed;
        private Exception? _error;
        private bool _continueAsynchronously;
        private Action<object?>? _continuation;
        private object? _continuationState;

        public FramePacer(PacingScheduler scheduler, CancellationToken stop)
        {
            _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
            _stop = stop;
            _registration = stop.Register(state => ((FramePacer)state!).OnStop(), this);
        }

        // Kept by the scheduler's heap.
        internal long DueTimestamp;
        internal long Sequence;

        /// <summary>True when the caller runs on the pacing thread (released inline there).</summary>
        public bool OnPacingThread => _scheduler.IsPacingThread;

        /// <summary>
        /// Completes once <paramref name="delay"/> has passed (rounded up to the scheduler's tick), on the pacing
        /// thread; throws OperationCanceledException once the stop token fires. A terminal state: no wait after that.
        /// </summary>
        public ValueTask WaitAsync(TimeSpan delay)
        {
            if (_stop.IsCancellationRequested) return new ValueTask(Task.FromCanceled(_stop));
            if (delay <= TimeSpan.Zero) return default;
            _version++;
            _completed = false;
            _error = null;
            _continuationState = null;
            Volatile.Write(ref _continuation, null);
            if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
            {
                if (_stop.IsCancellationRequested) return new ValueTask(Task.FromCanceled(_stop)); // stopped just now
                throw new InvalidOperationException("A frame pacer serves one wait at a time, and none after a stop.");
            }
            long due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            _scheduler.Schedule(this, due);
            return new ValueTask(this, _version);
        }

        /// <summary>The scheduler's call: the frame is due.</summary>
        internal void Release()
        {
            if (Interlocked.CompareExchange(ref _state, Done, Waiting) != Waiting) return; // stopped meanwhile
            // Inline on the pacing thread: that is the point (no pool hop per frame).
            Complete(null, continueAsynchronously: false);
        }

        private void OnStop()
        {
            if (Interlocked.CompareExchange(ref _state, Done, Waiting) != Waiting)
            {
                Volatile.Write(ref _state, Done); // no later wait may start
                return;
            }
            // Not inline on the thread that stopped the session (it may hold the session's locks).
            Complete(new OperationCanceledException(_stop), continueAsynchronously: true);
        }

        private void Complete(Exception? error, bool continueAsynchronously)
        {
            _error = error;
            _continueAsynchronously = continueAsynchronously;
            _completed = true;
            Action<object?>? continuation = Interlocked.CompareExchange(ref _continuation, CompletedSentinel, null);
            if (continuation is null) return; // nobody awaits yet: OnCompleted sees the sentinel
            if (_continueAsynchronously) ContinueOnThreadPool(continuation, _continuationState);
            else continuation(_continuationState);
        }

        void IValueTaskSource.GetResult(short token)
        {
            if (token != _version || !_completed) throw new InvalidOperationException("The frame pacer's wait was read twice or before it ended.");
            Exception? error = _error;
            // Ready for the next wait unless a stop ended it.
            Interlocked.CompareExchange(ref _state, Idle, Done);
            if (_stop.IsCancellationRequested) Volatile.Write(ref _state, Done);
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token)
        {
            if (token != _version) throw new InvalidOperationException("The frame pacer's wait was read after the next began.");
            if (!_completed) return ValueTaskSourceStatus.Pending;
            return _error is null ? ValueTaskSourceStatus.Succeeded
                : _error is OperationCanceledException ? ValueTaskSourceStatus.Canceled : ValueTaskSourceStatus.Faulted;
        }

        // The engine awaits with ConfigureAwait(false): no context to capture or flow.
        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            if (token != _version) throw new InvalidOperationException("The frame pacer's wait was awaited after the next began.");
            _continuationState = state;
            if (Interlocked.CompareExchange(ref _continuation, continuation, null) is not null)
            {
                // Completed between the awaiter's check and here: continue elsewhere, never deep in this stack.
                ContinueOnThreadPool(continuation, state);
            }
        }

        // Its own method: a lambda capturing a local allocates its closure on every call of the method holding it.
        private static void ContinueOnThreadPool(Action<object?> continuation, object? state) =>
            ThreadPool.QueueUserWorkItem(_ => continuation(state));

        public void Dispose() => _registration.Dispose();
    }
}
