// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Start-SttSession -ThrottleLimit in the foreground: up to N file sessions at once, their events
    /// drained on the pipeline thread (the only writer), so turns of different files interleave in
    /// the output. A file the provider refuses for concurrency waits and is tried again; one
    /// progress bar for the batch with a child bar per running file.
    /// </summary>
    /// <remarks>
    /// Every method but <see cref="CancelAll"/> runs on the pipeline thread. Exceptions from
    /// WriteObject (Ctrl+C, Select-Object -First) and terminating errors pass through; the caller's
    /// Dispose releases whatever still runs. Between rounds the pipeline thread sleeps until a session
    /// queues an event or ends, Ctrl+C, a refused file's retry or (only while progress is shown) the next
    /// progress update is due: it never polls.
    /// </remarks>
    internal sealed class ParallelSessionRunner : IDisposable
    {
        private static readonly long ProgressIntervalTicks = Stopwatch.Frequency / 4;
        // Events taken from one session before the next gets its turn, so a chatty file cannot starve the others.
        private const int EventsPerSessionPerRound = 32;
        // Refusals while none of the batch's own sessions runs: someone else holds the account's places.
        private const int MaxRefusalsWhileAlone = 5;

        private readonly Cmdlet _cmdlet;
        private readonly int _limit;
        private readonly Func<string, SttSession?> _createSession;
        private readonly Action<SttException> _report;
        private readonly Action<SessionSummary> _sessionEnded;
        private readonly CancellationToken _stop;
        private readonly int _progressActivityId;
        private readonly bool _showProgress;
        // Set by any session's queue (from engine threads) when it has an event or ended. Never disposed: no
        // WaitHandle is taken from it, and a late engine thread may still set it.
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false);
        private readonly object _gate = new object(); // _running against CancelAll from StopProcessing
        private readonly List<RunningFile> _running = new List<RunningFile>();
        private readonly List<WaitingFile> _waiting = new List<WaitingFile>();
        private readonly bool[] _childBarInUse;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private bool _warnedConcurrency;
        // Places sessions gave back since the refused files were last looked at: each lets one refused file try
        // again at once, the one that has waited longest (one place, one retry: waking every refused file would only
        // have the rest refused again).
        private int _placesFreed;
        private int _filesStarted;
        private int _filesDone;
        private TimeSpan _audioKnown;
        private TimeSpan _audioDone;
        private SttProvider? _provider;
        private long _lastProgress;
        private bool _progressWritten;

        public ParallelSessionRunner(Cmdlet cmdlet, int limit, Func<string, SttSession?> createSession, Action<SttException> report,
            Action<SessionSummary> sessionEnded, int progressActivityId, bool showProgress, CancellationToken stop)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "At least one session.");
            _limit = limit;
            _createSession = createSession ?? throw new ArgumentNullException(nameof(createSession));
            _report = report ?? throw new ArgumentNullException(nameof(report));
            _sessionEnded = sessionEnded ?? throw new ArgumentNullException(nameof(sessionEnded));
            _stop = stop;
            _progressActivityId = progressActivityId;
            _showProgress = showProgress;
            _childBarInUse = new bool[limit];
        }

        /// <summary>Places taken: running sessions and refused files waiting to try again.</summary>
        private int Occupied => _running.Count + _waiting.Count;

        /// <summary>Starts the file once a place is free, writing the other files' events meanwhile.</summary>
        public void Add(string file)
        {
            while (Occupied >= _limit)
            {
                if (!PumpOnce()) return;
            }
            if (_stop.IsCancellationRequested) return;
            Start(file, refusals: 0, refusalsWhileAlone: 0, firstAttempt: true);
        }

        /// <summary>No more files: writes every running session's events until all have ended.</summary>
        public void Finish()
        {
            while (Occupied > 0)
            {
                if (!PumpOnce()) return;
            }
            CompleteProgress();
        }

        /// <summary>Ctrl+C (StopProcessing, any thread): files are abandoned, as a single file is.</summary>
        public void CancelAll()
        {
            lock (_gate)
            {
                foreach (RunningFile running in _running) running.Session.Cancel();
            }
        }

        public void Dispose()
        {
            List<RunningFile> left;
            lock (_gate)
            {
                left = new List<RunningFile>(_running);
                _running.Clear();
            }
            foreach (RunningFile running in left)
            {
                running.Session.Cancel();
                running.Session.Dispose();
            }
            _waiting.Clear();
        }

        private void Start(string file, int refusals, int refusalsWhileAlone, bool firstAttempt)
        {
            SttSession? session = _createSession(file);
            if (session is null) return; // reported; the batch goes on
            if (firstAttempt)
            {
                _filesStarted++;
                _audioKnown += session.SourceDuration ?? TimeSpan.Zero;
                _provider ??= session.Provider;
            }
            var running = new RunningFile(file, session, refusals, refusalsWhileAlone, TakeChildBar());
            running.Dispatcher = new SessionEventDispatcher(new CmdletEventSink(_cmdlet, _ => running.TurnsWritten++));
            lock (_gate) _running.Add(running);
            session.NotifyOnEvent(_wake.Set);
            try
            {
                session.Start();
            }
            catch (SttException ex)
            {
                End(running);
                _report(ex);
            }
        }

        /// <summary>One round: due retries start, each session's waiting events are written. False when cancelled.</summary>
        private bool PumpOnce()
        {
            if (_stop.IsCancellationRequested) return false;
            // Before the sessions are read: whatever is queued after this wakes the wait below.
            _wake.Reset();
            bool anything = StartDueRetries();
            foreach (RunningFile running in _running.ToArray())
            {
                for (int i = 0; i < EventsPerSessionPerRound; i++)
                {
                    SessionEvent? sessionEvent;
                    bool taken;
                    try
                    {
                        taken = running.Session.TryTake(out sessionEvent, TimeSpan.Zero, _stop);
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return false;
                    }
                    if (!taken || sessionEvent is null)
                    {
                        // Defensive: a session that ended without its SessionEndedEvent.
                        if (running.Session.IsDrained)
                        {
                            anything = true;
                            Ended(running);
                        }
                        break;
                    }
                    anything = true;
                    if (running.Dispatcher!.Dispatch(sessionEvent))
                    {
                        Ended(running);
                        break;
                    }
                }
            }
            UpdateProgress();
            if (!anything)
            {
                try
                {
                    _wake.Wait(UntilNextDue(), _stop);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return false;
                }
            }
            return !_stop.IsCancellationRequested;
        }

        /// <summary>How long to sleep when no session has an event: until a refused file's retry or a shown progress update is due.</summary>
        private TimeSpan UntilNextDue()
        {
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            if (_waiting.Count > 0 && _placesFreed > 0) return TimeSpan.Zero;
            if (_waiting.Count > 0)
            {
                DateTime due = DateTime.MaxValue;
                foreach (WaitingFile waiting in _waiting) if (waiting.Due < due) due = waiting.Due;
                wait = Shorter(wait, due - DateTime.UtcNow);
            }
            if (_showProgress && _progressWritten)
            {
                long ticks = _lastProgress + ProgressIntervalTicks - Stopwatch.GetTimestamp();
                wait = Shorter(wait, TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
            return wait;
        }

        private static TimeSpan Shorter(TimeSpan wait, TimeSpan other)
        {
            if (other < TimeSpan.Zero) other = TimeSpan.Zero;
            // Wait takes at most int.MaxValue ms.
            if (other.TotalMilliseconds > int.MaxValue) return wait;
            return wait == Timeout.InfiniteTimeSpan || other < wait ? other : wait;
        }

        /// <summary>Starts the refused files whose wait is over, and as many more as places were freed, longest waiting first.</summary>
        private bool StartDueRetries()
        {
            bool started = false;
            DateTime now = DateTime.UtcNow;
            int placesFreed = _placesFreed;
            _placesFreed = 0;
            for (int i = 0; i < _waiting.Count; i++)
            {
                WaitingFile waiting = _waiting[i];
                if (waiting.Due > now && placesFreed == 0) continue;
                if (placesFreed > 0) placesFreed--;
                _waiting.RemoveAt(i--);
                Start(waiting.File, waiting.Refusals, waiting.RefusalsWhileAlone, firstAttempt: false);
                started = true;
            }
            return started;
        }

        private void Ended(RunningFile running)
        {
            SessionSummary summary = running.Dispatcher!.Summary ?? running.Session.GetSummary();
            SttException? fault = running.Dispatcher.Fault;
            if (fault is null && summary.EndReason == SessionEndReason.Failed) fault = running.Session.Error;
            TimeSpan audio = running.Session.SourceDuration ?? running.Session.AudioSent;
            End(running);

            if (ConcurrencyRetry.CanRetry(fault, running.TurnsWritten) && Retry(running, fault!))
            {
                return;
            }

            _filesDone++;
            _audioDone += audio;
            _sessionEnded(summary);
            if (_waiting.Count > 0) _placesFreed++;
            if (fault is not null) _report(fault);
        }

        /// <summary>The provider refused for concurrency before any turn: wait and try the file again. False when it is time to give up.</summary>
        private bool Retry(RunningFile running, SttException refusal)
        {
            bool alone = _running.Count == 0;
            int refusalsWhileAlone = alone ? running.RefusalsWhileAlone + 1 : 0;
            if (refusalsWhileAlone > MaxRefusalsWhileAlone) return false;
            int refusals = running.Refusals + 1;
            _waiting.Add(new WaitingFile(running.File, refusals, refusalsWhileAlone, DateTime.UtcNow + ConcurrencyRetry.DelayAfter(refusals)));
            if (!_warnedConcurrency)
            {
                _warnedConcurrency = true;
                _cmdlet.WriteWarning(string.Format(CultureInfo.CurrentCulture,
                    "{0} refused a session ({1}). The batch waits and tries a refused file again each time a session ends; lower -ThrottleLimit to match the account's limit.",
                    running.Session.Provider, refusal.Message.TrimEnd('.')));
            }
            return true;
        }

        /// <summary>Takes the session out of the running set and releases it.</summary>
        private void End(RunningFile running)
        {
            lock (_gate) _running.Remove(running);
            CompleteChildBar(running);
            running.Session.Dispose();
        }

        #region Progress

        private int TakeChildBar()
        {
            for (int i = 0; i < _childBarInUse.Length; i++)
            {
                if (_childBarInUse[i]) continue;
                _childBarInUse[i] = true;
                return i;
            }
            return -1;
        }

        private int ChildActivityId(int bar) => _progressActivityId + 1 + bar;

        private void CompleteChildBar(RunningFile running)
        {
            if (running.ChildBar < 0) return;
            _childBarInUse[running.ChildBar] = false;
            if (!running.ChildBarWritten) return;
            _cmdlet.WriteProgress(new ProgressRecord(ChildActivityId(running.ChildBar), Activity(running.Session), "Done")
            {
                ParentActivityId = _progressActivityId,
                RecordType = ProgressRecordType.Completed,
            });
        }

        private void UpdateProgress()
        {
            if (!_showProgress) return;
            long now = Stopwatch.GetTimestamp();
            if (_progressWritten && now - _lastProgress < ProgressIntervalTicks) return;
            _lastProgress = now;

            TimeSpan audioSent = _audioDone;
            foreach (RunningFile running in _running) audioSent += running.Session.AudioSent;
            string activity = string.Format(CultureInfo.CurrentCulture, "Transcribing {0} with {1}",
                _filesStarted == 1 ? "1 file" : _filesStarted.ToString(CultureInfo.CurrentCulture) + " files", _provider);
            string status = string.Format(CultureInfo.CurrentCulture, "{0} of {1} files done, {2} running; {3} of {4} audio sent",
                _filesDone, _filesStarted, _running.Count, ProgressText.Duration(audioSent), ProgressText.Duration(_audioKnown));
            var batch = new ProgressRecord(_progressActivityId, activity, status);
            if (_audioKnown > TimeSpan.Zero)
            {
                double done = Math.Max(0, Math.Min(1, (double)audioSent.Ticks / _audioKnown.Ticks));
                batch.PercentComplete = (int)(done * 100);
                // Sessions run at real time side by side, so elapsed time per share done predicts the rest.
                if (done > 0.01) batch.SecondsRemaining = (int)Math.Ceiling(_elapsed.Elapsed.TotalSeconds * (1 - done) / done);
            }
            _cmdlet.WriteProgress(batch);
            _progressWritten = true;

            foreach (RunningFile running in _running)
            {
                if (running.ChildBar < 0) continue;
                TimeSpan duration = running.Session.SourceDuration ?? TimeSpan.Zero;
                TimeSpan sent = running.Session.AudioSent;
                var child = new ProgressRecord(ChildActivityId(running.ChildBar), Activity(running.Session),
                    string.Format(CultureInfo.CurrentCulture, "{0} of {1} sent, {2}", ProgressText.Duration(sent), ProgressText.Duration(duration),
                        ProgressText.Turns(running.Session.TurnCount)))
                {
                    ParentActivityId = _progressActivityId,
                };
                if (duration > TimeSpan.Zero) child.PercentComplete = (int)Math.Max(0, Math.Min(100, sent.Ticks * 100 / duration.Ticks));
                _cmdlet.WriteProgress(child);
                running.ChildBarWritten = true;
            }
        }

        private void CompleteProgress()
        {
            if (!_progressWritten) return;
            _cmdlet.WriteProgress(new ProgressRecord(_progressActivityId, "Transcribing files", "Done") { RecordType = ProgressRecordType.Completed });
            _progressWritten = false;
        }

        private static string Activity(SttSession session) =>
            string.Format(CultureInfo.CurrentCulture, "Transcribing {0}", ProgressText.FileName(session.Source));

        #endregion

        private sealed class RunningFile
        {
            public RunningFile(string file, SttSession session, int refusals, int refusalsWhileAlone, int childBar)
            {
                File = file;
                Session = session;
                Refusals = refusals;
                RefusalsWhileAlone = refusalsWhileAlone;
                ChildBar = childBar;
            }

            public string File { get; }
            public SttSession Session { get; }
            public int Refusals { get; }
            public int RefusalsWhileAlone { get; }
            public int ChildBar { get; }
            public SessionEventDispatcher? Dispatcher { get; set; }
            public int TurnsWritten { get; set; }
            public bool ChildBarWritten { get; set; }
        }

        private sealed class WaitingFile
        {
            public WaitingFile(string file, int refusals, int refusalsWhileAlone, DateTime due)
            {
                File = file;
                Refusals = refusals;
                RefusalsWhileAlone = refusalsWhileAlone;
                Due = due;
            }

            public string File { get; }
            public int Refusals { get; }
            public int RefusalsWhileAlone { get; }
            public DateTime Due { get; }
        }
    }
}
