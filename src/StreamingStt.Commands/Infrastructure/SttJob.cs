// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    /// <summary>
    /// A background transcription (Start-SttSession -AsJob). It owns one engine session and one
    /// background adapter thread that moves the session's events into the job's streams: turns to
    /// Output, faults to Error, diagnostics to Warning/Verbose/Debug. It lives in the runspace's
    /// JobRepository, so Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job work on it.
    /// </summary>
    /// <remarks>
    /// Output is bounded (<see cref="DefaultMaxBufferedTurns"/> by default): when it is full the
    /// oldest partial turn is dropped first (one warning), then the oldest end-of-turn turn (one
    /// more warning). The engine is never blocked by a consumer that does not receive. The other
    /// streams keep at most <see cref="MaxBufferedRecords"/> records each, oldest dropped first.
    /// </remarks>
    public sealed class SttJob : Job, ISessionEventSink
    {
        /// <summary>Turns held for Receive-SttTurn unless -MaxBufferedTurns says otherwise.</summary>
        public const int DefaultMaxBufferedTurns = 10000;

        /// <summary>Records held in each of the Error, Warning, Verbose and Debug streams.</summary>
        public const int MaxBufferedRecords = 1000;

        /// <summary>The value of PSJobTypeName, e.g. for Get-Job | Where-Object PSJobTypeName -eq SttJob.</summary>
        public const string JobTypeName = "SttJob";

        private static readonly TimeSpan ForceStopBudget = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan DisposeBudget = TimeSpan.FromSeconds(3);
        private static readonly TimeSpan GracefulStopSlack = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan AdapterExitBudget = TimeSpan.FromSeconds(1);
        // Refusals in a row before the job fails with the provider's error (about 3 minutes of waiting).
        private const int MaxRefusals = 20;

        // Replaced only by a retry after a concurrency refusal (-ThrottleLimit), under _stateLock.
        private volatile SttSession _session;
        private readonly Func<SttSession>? _reopen;
        private readonly int _maxBufferedTurns;
        private readonly TimeSpan _stopTimeout;

        // _outputLock serializes writes to the job's streams with Dispose; _stateLock serializes
        // state changes (Stopping, the final state) with Dispose. Dispose takes output → state.
        private readonly object _outputLock = new object();
        private readonly object _stateLock = new object();

        // Neither is disposed: no WaitHandle is ever taken from them, so they hold nothing to
        // release, and the adapter may still touch them while a timed-out Dispose returns.
        private readonly ManualResetEventSlim _adapterDone = new ManualResetEventSlim(false);
        private readonly CancellationTokenSource _adapterCancel = new CancellationTokenSource();

        private Thread? _adapter;
        private int _disposeStarted;
        private bool _disposed;
        private string? _sessionId;
        private string? _lastError;
        private SessionSummary? _summary;
        private bool _warnedPartialDrop;
        private bool _warnedFinalDrop;
        private bool _finalStateSet;
        private bool _started;
        private int _turnsAdded;
        private SttException? _deferredRefusal;
        private bool _warnedRefusal;

        // reopen (-ThrottleLimit): a new session for the same source, so a session the provider refuses for
        // concurrency before any turn is tried again (after a wait) instead of failing the job.
        internal SttJob(SttSession session, string? name, string command, int maxBufferedTurns, TimeSpan stopTimeout, object? ownerRunspace,
            Func<SttSession>? reopen = null)
            : base(command, name)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _reopen = reopen;
            _maxBufferedTurns = Math.Max(1, maxBufferedTurns);
            _stopTimeout = stopTimeout < TimeSpan.Zero ? TimeSpan.Zero : stopTimeout;
            OwnerRunspace = ownerRunspace;
            PSJobTypeName = JobTypeName;
            if (string.IsNullOrEmpty(name))
            {
                Name = "Stt" + Id.ToString(CultureInfo.InvariantCulture);
            }

            // Receive-Job and Receive-SttTurn read with ReadAll/CopyTo; an enumerator must never
            // block waiting for more data either.
            Output.EnumeratorNeverBlocks = true;
            Error.EnumeratorNeverBlocks = true;
            Warning.EnumeratorNeverBlocks = true;
            Verbose.EnumeratorNeverBlocks = true;
            Debug.EnumeratorNeverBlocks = true;
            Progress.EnumeratorNeverBlocks = true;
            Information.EnumeratorNeverBlocks = true;

            StartTime = DateTimeOffset.Now;
            SttJobTracker.Register(this);
        }

        #region Properties

        /// <summary>The speech-to-text service.</summary>
        public SttProvider Provider => _session.Provider;

        /// <summary>Where the audio comes from (a full file path).</summary>
        public string Source => _session.Source;

        /// <summary>The provider's id for the session, once it began.</summary>
        public string? SessionId => Volatile.Read(ref _sessionId) ?? _session.SessionId;

        /// <summary>The job's state (the same as JobStateInfo.State).</summary>
        public JobState State => JobStateInfo.State;

        /// <summary>When the job was started (created, while it waits NotStarted behind -ThrottleLimit).</summary>
        public DateTimeOffset StartTime { get; private set; }

        /// <summary>Audio sent to the provider so far.</summary>
        public TimeSpan AudioSent => _session.AudioSent;

        /// <summary>End-of-turn turns received so far.</summary>
        public int TurnCount => _session.TurnCount;

        /// <summary>The message of the last error the session reported, if any.</summary>
        public string? LastError => Volatile.Read(ref _lastError);

        /// <summary>Counters and outcome, once the session ended; null while it runs.</summary>
        public SessionSummary? Summary => Volatile.Read(ref _summary);

        /// <summary>True while any stream holds data Receive-SttTurn / Receive-Job has not consumed.</summary>
        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 ||
            Debug.Count > 0 || Progress.Count > 0 || Information.Count > 0;

        /// <summary>Job.Location: the audio source.</summary>
        public override string Location => Source;

        /// <summary>Short state of the engine session (Connecting, Streaming, Stopping, Completed, …).</summary>
        public override string StatusMessage => JobStateInfo.State == JobState.NotStarted ? "Queued" : _session.State.ToString();

        internal object? OwnerRunspace { get; }

        internal bool IsDisposed => Volatile.Read(ref _disposeStarted) != 0;

        internal bool IsFinished => IsFinishedState(JobStateInfo.State);

        /// <summary>Raised once when the job is disposed (Remove-Job), from the thread that removes it: Receive-SttTurn -Wait stops waiting for it.</summary>
        internal event Action? Removed;

        /// <summary>The engine session, for steering it while it runs (Set-SttSession, Complete-SttTurn).</summary>
        internal SttSession SteeredSession => _session;

        /// <summary>Summary if the session ended, else a snapshot of the counters so far.</summary>
        internal SessionSummary GetSummary() => Summary ?? _session.GetSummary();

        #endregion

        #region Start and stop

        /// <summary>Starts the session and the adapter thread. Throws SttException when the session cannot start.</summary>
        internal void Start()
        {
            lock (_stateLock)
            {
                // Stopped or removed while it waited behind -ThrottleLimit: nothing to start.
                if (_disposed || _finalStateSet) return;
                // Started and said Running under the lock StopJob takes: a stop that comes at this moment finds
                // either a job that never runs or a running session to stop, never a session about to start.
                _started = true;
                StartTime = DateTimeOffset.Now;
                _session.Start();
                SetJobState(JobState.Running);
            }
            _adapter = new Thread(RunAdapter)
            {
                IsBackground = true,
                Name = "StreamingStt job " + Id.ToString(CultureInfo.InvariantCulture),
            };
            _adapter.Start();
        }

        /// <summary>
        /// Starts a job that waited behind -ThrottleLimit (on a thread pool thread): a session that cannot start
        /// fails the job with the reason in its Error stream, as a session that fails later does.
        /// </summary>
        internal void StartQueued()
        {
            try
            {
                Start();
            }
            catch (SttException ex)
            {
                Volatile.Write(ref _lastError, CmdletParameterNames.Translate(ex.Message));
                AddRecord(Error, ErrorRecordFactory.FromSttException(ex));
                Interlocked.CompareExchange(ref _summary, _session.GetSummary(), null);
                _adapterDone.Set();
                SetFinalState(JobState.Failed);
            }
        }

        /// <summary>Stop-Job: a graceful stop that waits (bounded by StopTimeout + 2 s) for the last turns.</summary>
        public override void StopJob() => StopJob(force: false);

        /// <summary>Stops the session: gracefully, or with <paramref name="force"/> at once without waiting for the provider.</summary>
        public void StopJob(bool force) => StopJob(force, CancellationToken.None);

        /// <summary>
        /// Stops the session and waits until the job reached its final state, so every turn the
        /// provider sent is in Output when this returns. Returns false when the wait was
        /// interrupted by <paramref name="cancellationToken"/> (the session keeps stopping).
        /// </summary>
        internal bool StopJob(bool force, CancellationToken cancellationToken)
        {
            if (IsDisposed || _adapterDone.IsSet) return true;
            lock (_stateLock)
            {
                if (!_started)
                {
                    // Still waiting behind -ThrottleLimit: it never runs.
                    if (!_finalStateSet) Interlocked.CompareExchange(ref _summary, _session.GetSummary(), null);
                    _adapterDone.Set();
                    SetFinalState(JobState.Stopped);
                    return true;
                }
                if (!_disposed && !IsFinished && JobStateInfo.State != JobState.Stopping)
                {
                    SetJobState(JobState.Stopping);
                }
            }

            if (force) _session.Cancel();
            else _session.RequestStop();

            try
            {
                if (!_adapterDone.Wait(force ? ForceStopBudget : _stopTimeout + GracefulStopSlack, cancellationToken))
                {
                    // The provider did not finish in time: give up on it.
                    _session.Cancel();
                    if (!_adapterDone.Wait(ForceStopBudget, cancellationToken)) EndWithoutTheSession(cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            return true;
        }

        /// <summary>
        /// The session did not end even when cancelled (it should always; this is the guard that keeps a job from
        /// staying Running or Stopping forever): stop draining it, and end the job as Stopped with the counters so far
        /// and an error that says so. Whatever the session does later is no longer reported.
        /// </summary>
        private void EndWithoutTheSession(CancellationToken cancellationToken)
        {
            _adapterCancel.Cancel();
            if (_adapterDone.Wait(AdapterExitBudget, cancellationToken) && IsFinished) return;
            string message = string.Format(CultureInfo.CurrentCulture,
                "The session of {0} did not end within {1:0.#} s of being cancelled; the job was stopped without it.",
                Name, ForceStopBudget.TotalSeconds);
            AddRecord(Error, ErrorRecordFactory.Create(new TimeoutException(message), ErrorIds.SessionNotEnded, ErrorCategory.OperationTimeout, Source));
            Volatile.Write(ref _lastError, message);
            Interlocked.CompareExchange(ref _summary, _session.GetSummary(), null);
            SetFinalState(JobState.Stopped);
        }

        // Either the adapter or EndWithoutTheSession sets the final state, once; never after Dispose.
        private void SetFinalState(JobState final)
        {
            lock (_stateLock)
            {
                if (_disposed || _finalStateSet) return;
                _finalStateSet = true;
                // Every record is in the streams now; a finished state closes them.
                SetJobState(final);
            }
        }

        /// <summary>Cancels the session without waiting (module removal).</summary>
        internal void CancelWithoutWaiting()
        {
            if (IsDisposed) return;
            _session.Cancel();
        }

        #endregion

        #region Adapter (background thread)

        private void RunAdapter()
        {
            SessionSummary? summary = null;
            SttException? fault = null;
            Exception? unexpected = null;
            try
            {
                CancellationToken token = _adapterCancel.Token;
                int refusals = 0;
                while (true)
                {
                    var dispatcher = new SessionEventDispatcher(this);
                    try
                    {
                        while (true)
                        {
                            // No timeout: the session's end (or Dispose's token) wakes the wait, so a job costs no wake-up between events.
                            if (!_session.TryTake(out SessionEvent? sessionEvent, Timeout.InfiniteTimeSpan, token) || sessionEvent is null)
                            {
                                if (_session.IsDrained) break;
                                continue;
                            }
                            if (dispatcher.Dispatch(sessionEvent)) break;
                        }
                    }
                    finally
                    {
                        summary = dispatcher.Summary;
                        fault = dispatcher.Fault;
                    }
                    if (_deferredRefusal is null || !TryReopen(++refusals, token)) break;
                    _deferredRefusal = null;
                }
                if (_deferredRefusal is not null) AddError(_deferredRefusal);
            }
            catch (OperationCanceledException)
            {
                // Dispose gave up waiting for the session; end as Stopped.
            }
            catch (Exception ex)
            {
                // This is a background thread: an escaping exception would end the whole process.
                unexpected = ex;
            }
            finally
            {
                try
                {
                    Finish(summary, fault, unexpected);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    // The job was disposed under us; nobody is left to tell.
                }
                finally
                {
                    _adapterDone.Set();
                }
            }
        }

        // ISessionEventSink: the adapter thread moves events into the job's streams, which PowerShell
        // designed for writes from other threads. Explicit, so they stay off the job's public surface.
        void ISessionEventSink.WriteTurn(Turn turn)
        {
            _turnsAdded++;
            AddTurn(turn);
        }

        void ISessionEventSink.WriteError(SttException error, bool isTerminating)
        {
            if (isTerminating && _reopen is not null && ConcurrencyRetry.CanRetry(error, _turnsAdded))
            {
                // Reported only if the adapter gives up retrying (TryReopen).
                _deferredRefusal = error;
                return;
            }
            AddError(error);
        }

        private void AddError(SttException error)
        {
            Volatile.Write(ref _lastError, CmdletParameterNames.Translate(error.Message));
            AddRecord(Error, ErrorRecordFactory.FromSttException(error));
        }

        void ISessionEventSink.WriteWarning(string message) => AddRecord(Warning, new WarningRecord(message));

        void ISessionEventSink.WriteVerbose(string message) => AddRecord(Verbose, new VerboseRecord(message));

        void ISessionEventSink.WriteDebug(string message) => AddRecord(Debug, new DebugRecord(message));

        void ISessionEventSink.SessionBegan(string sessionId) => Volatile.Write(ref _sessionId, sessionId);

        /// <summary>
        /// After a concurrency refusal: waits (longer each time), then replaces the session with a new one for the
        /// same source and starts it. False when the job is stopping or removed, or refusals go on too long.
        /// </summary>
        private bool TryReopen(int refusals, CancellationToken token)
        {
            if (refusals > MaxRefusals) return false;
            if (!_warnedRefusal)
            {
                _warnedRefusal = true;
                AddRecord(Warning, new WarningRecord(string.Format(CultureInfo.CurrentCulture,
                    "{0} refused the session ({1}). {2} waits and tries again; lower -ThrottleLimit to match the account's limit.",
                    Provider, _deferredRefusal!.Message.TrimEnd('.'), Name)));
            }
            DateTime due = DateTime.UtcNow + ConcurrencyRetry.DelayAfter(refusals);
            while (DateTime.UtcNow < due)
            {
                if (IsDisposed || JobStateInfo.State == JobState.Stopping) return false;
                if (token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100))) return false;
            }

            SttSession next;
            try
            {
                next = _reopen!();
            }
            catch (SttException ex)
            {
                _deferredRefusal = null;
                AddError(ex);
                return false;
            }

            SttSession refused;
            lock (_stateLock)
            {
                // Checked and swapped under the lock StopJob takes to say Stopping, so a stop reaches the new session.
                if (_disposed || IsDisposed || JobStateInfo.State == JobState.Stopping)
                {
                    next.Dispose();
                    return false;
                }
                refused = _session;
                _session = next;
                try
                {
                    next.Start();
                }
                catch (SttException ex)
                {
                    _deferredRefusal = null;
                    AddError(ex);
                    refused.Dispose();
                    return false;
                }
            }
            refused.Dispose();
            return true;
        }

        private void Finish(SessionSummary? summary, SttException? fault, Exception? unexpected)
        {
            summary ??= _session.GetSummary();
            Volatile.Write(ref _summary, summary);
            if (unexpected is not null)
            {
                Volatile.Write(ref _lastError, unexpected.Message);
                AddRecord(Error, ErrorRecordFactory.Create(unexpected, ErrorIds.ProviderError, ErrorCategory.NotSpecified, Source));
            }

            JobState final;
            if (fault is not null || unexpected is not null || summary.EndReason == SessionEndReason.Failed)
            {
                final = JobState.Failed;
            }
            else if (summary.EndReason == SessionEndReason.Stopped || summary.EndReason == SessionEndReason.StopTimedOut ||
                     summary.EndReason == SessionEndReason.Cancelled || summary.EndReason == SessionEndReason.None)
            {
                // None: the adapter was cancelled before the session reported its end.
                final = JobState.Stopped;
            }
            else
            {
                final = JobState.Completed;
            }

            SetFinalState(final);
        }

        private void AddTurn(Turn turn)
        {
            PSObject item = PSObject.AsPSObject(turn);
            lock (_outputLock)
            {
                if (_disposed) return;
                MakeRoomForTurn();
                Output.Add(item);
            }
        }

        // Called under _outputLock; the collection's own SyncRoot makes scan + remove atomic with
        // a concurrent ReadAll from Receive-Job / Receive-SttTurn.
        private void MakeRoomForTurn()
        {
            string? warning = null;
            lock (((ICollection)Output).SyncRoot)
            {
                while (Output.Count >= _maxBufferedTurns)
                {
                    int victim = -1;
                    bool partial = false;
                    for (int i = 0; i < Output.Count; i++)
                    {
                        if (Output[i]?.BaseObject is Turn t && !t.EndOfTurn)
                        {
                            victim = i;
                            partial = true;
                            break;
                        }
                    }
                    if (victim < 0) victim = 0;
                    Output.RemoveAt(victim);

                    if (partial && !_warnedPartialDrop)
                    {
                        _warnedPartialDrop = true;
                        warning = string.Format(CultureInfo.CurrentCulture,
                            "{0} holds {1} unreceived turns: dropping the oldest partial turns. Receive turns more often with Receive-SttTurn, or start the session with a larger -MaxBufferedTurns.",
                            Name, _maxBufferedTurns);
                    }
                    else if (!partial && !_warnedFinalDrop)
                    {
                        _warnedFinalDrop = true;
                        warning = string.Format(CultureInfo.CurrentCulture,
                            "{0} holds {1} unreceived end-of-turn turns: dropping the oldest ones. Receive turns with Receive-SttTurn to keep them.",
                            Name, _maxBufferedTurns);
                    }
                }
            }
            if (warning is not null) AddRecordUnlocked(Warning, new WarningRecord(warning));
        }

        private void AddRecord<T>(PSDataCollection<T> stream, T record)
        {
            lock (_outputLock)
            {
                if (_disposed) return;
                AddRecordUnlocked(stream, record);
            }
        }

        // Called under _outputLock (or from a method that holds it).
        private static void AddRecordUnlocked<T>(PSDataCollection<T> stream, T record)
        {
            lock (((ICollection)stream).SyncRoot)
            {
                while (stream.Count >= MaxBufferedRecords) stream.RemoveAt(0);
            }
            // Outside the collection's lock: Add raises DataAdded to Receive-Job's handlers.
            stream.Add(record);
        }

        #endregion

        #region Dispose

        /// <summary>Remove-Job / Remove-SttSession: cancels the session if it still runs and releases it.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposeStarted, 1) == 0)
            {
                _session.Cancel();
                if (_adapter is not null && !ReferenceEquals(Thread.CurrentThread, _adapter))
                {
                    if (!_adapterDone.Wait(DisposeBudget)) _adapterCancel.Cancel();
                }
                lock (_outputLock)
                {
                    lock (_stateLock)
                    {
                        _disposed = true;
                    }
                }
                _session.Dispose();
                if (_adapterDone.IsSet) _adapterCancel.Dispose();
                Removed?.Invoke();
            }
            base.Dispose(disposing);
        }

        #endregion

        private static bool IsFinishedState(JobState state) =>
            state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped;
    }

    /// <summary>Every SttJob the module created in this process, weakly held (module removal, completion).</summary>
    internal static class SttJobTracker
    {
        private static readonly object Gate = new object();
        private static readonly List<WeakReference<SttJob>> Jobs = new List<WeakReference<SttJob>>();

        public static void Register(SttJob job)
        {
            lock (Gate)
            {
                Prune();
                Jobs.Add(new WeakReference<SttJob>(job));
            }
        }

        /// <summary>Live (not disposed) jobs.</summary>
        public static List<SttJob> Snapshot()
        {
            lock (Gate)
            {
                Prune();
                var alive = new List<SttJob>(Jobs.Count);
                foreach (WeakReference<SttJob> reference in Jobs)
                {
                    if (reference.TryGetTarget(out SttJob? job)) alive.Add(job);
                }
                return alive;
            }
        }

        private static void Prune() =>
            Jobs.RemoveAll(reference => !reference.TryGetTarget(out SttJob? job) || job.IsDisposed);
    }
}
