// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>How a drained session ended, as seen by the pipeline thread.</summary>
    internal sealed class PumpResult
    {
        public PumpResult(bool cancelled, SessionSummary? summary, SttException? fault)
        {
            Cancelled = cancelled;
            Summary = summary;
            Fault = fault;
        }

        /// <summary>The cmdlet's stop token fired (Ctrl+C); nothing more may be written.</summary>
        public bool Cancelled { get; }

        public SessionSummary? Summary { get; }

        /// <summary>The error that ended the session, when one did. Every turn has been written already.</summary>
        public SttException? Fault { get; }
    }

    /// <summary>
    /// Drains a session's events on the pipeline thread, the way PowerShell's own
    /// PSTaskDataStreamWriter does: engine threads only enqueue; this class, on the thread that
    /// created it, is the only caller of Write*. Turns go to the output one at a time as they
    /// arrive, diagnostics to the verbose/warning/debug streams, non-terminating faults to the
    /// error stream, and progress is reported from the session's counters.
    /// </summary>
    /// <remarks>
    /// The pipeline thread sleeps until there is something to do: an event, Ctrl+C (the token wakes the wait) or, only
    /// while progress is shown (<see cref="ProgressVisibility"/>), the next progress update that is due. A session
    /// nobody watches the progress of costs no wake-up between its events.
    /// Nothing here catches the exceptions WriteObject throws when the pipeline stops (Ctrl+C) or
    /// when a downstream Select-Object -First has enough: they must reach PowerShell. Cleanup is
    /// the caller's finally block / Dispose.
    /// </remarks>
    internal sealed class PipelineEventPump
    {
        private static readonly long ProgressIntervalTicks = Stopwatch.Frequency / 4;

        private readonly Cmdlet _cmdlet;
        private readonly int _threadId;
        private readonly int _progressActivityId;
        private readonly bool _reportProgress;

        public PipelineEventPump(Cmdlet cmdlet, int progressActivityId, bool reportProgress)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _threadId = Environment.CurrentManagedThreadId;
            _progressActivityId = progressActivityId;
            _reportProgress = reportProgress;
        }

        /// <summary>
        /// Writes the session's events until it ends (its SessionEndedEvent, always last) or the
        /// token is cancelled. A terminating fault is not written here: it is returned, after
        /// every turn before it has been written, so the caller decides whether it ends the command.
        /// </summary>
        public PumpResult Drain(SttSession session, CancellationToken cancellationToken)
        {
            CheckThread();
            var progress = new ProgressState(this, session);
            var dispatcher = new SessionEventDispatcher(new CmdletEventSink(_cmdlet, progress.Heard));

            while (true)
            {
                SessionEvent? sessionEvent;
                bool taken;
                try
                {
                    taken = session.TryTake(out sessionEvent, progress.UntilDue(), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: StopProcessing cancelled the session too. Writing anything now would
                    // only throw PipelineStoppedException, so leave quietly.
                    return new PumpResult(true, null, dispatcher.Fault);
                }

                if (!taken || sessionEvent is null)
                {
                    if (session.IsDrained)
                    {
                        // Defensive: the session ended without a SessionEndedEvent.
                        progress.Complete();
                        return new PumpResult(false, session.GetSummary(), dispatcher.Fault ?? session.Error);
                    }
                    progress.Update();
                    continue;
                }

                if (dispatcher.Dispatch(sessionEvent))
                {
                    progress.Complete();
                    return new PumpResult(false, dispatcher.Summary, dispatcher.Fault);
                }

                progress.Update();
            }
        }

        private void CheckThread()
        {
            if (Environment.CurrentManagedThreadId != _threadId)
            {
                throw new InvalidOperationException("Session events can only be written from the pipeline thread that created the pump.");
            }
        }

        /// <summary>
        /// Write-Progress, at most four times a second and only when it can be seen: for files the share sent; for a microphone a
        /// live status line with the words of the current turn, so the person at the prompt sees
        /// speech recognised while only Turn objects go down the pipeline.
        /// </summary>
        private sealed class ProgressState
        {
            // Hosts show one line of status; keep the newest words.
            private const int MaxLiveTextLength = 100;

            private readonly PipelineEventPump _pump;
            private readonly SttSession _session;
            private readonly TimeSpan _duration;
            private readonly string _activity;
            private readonly bool _live;
            private string _liveText = string.Empty;
            private bool _liveTextChanged;
            private long _lastWrite;
            private bool _written;

            public ProgressState(PipelineEventPump pump, SttSession session)
            {
                _pump = pump;
                _session = session;
                TimeSpan? duration = session.SourceDuration;
                _duration = duration.HasValue && duration.Value > TimeSpan.Zero ? duration.Value : TimeSpan.Zero;
                _live = session.IsLiveSource;
                string name = _live ? session.Source : ProgressText.FileName(session.Source);
                _activity = _live
                    ? string.Format(CultureInfo.CurrentCulture, "Listening to {0} with {1} (Ctrl+C stops)", name, session.Provider)
                    : string.Format(CultureInfo.CurrentCulture, "Transcribing {0} with {1}", name, session.Provider);
            }

            private bool Enabled => _pump._reportProgress && (_live || _duration > TimeSpan.Zero);

            /// <summary>How long the pipeline thread may sleep before the next update is due: forever when none is shown.</summary>
            public TimeSpan UntilDue()
            {
                if (!Enabled) return Timeout.InfiniteTimeSpan;
                if (!_written) return TimeSpan.Zero;
                long due = _lastWrite + (_liveTextChanged ? ProgressIntervalTicks / 5 : ProgressIntervalTicks);
                long wait = due - Stopwatch.GetTimestamp();
                return wait <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            }

            /// <summary>A turn went down the pipeline: the live line shows the current turn's words, cleared when it ends.</summary>
            public void Heard(Turn turn)
            {
                if (!_live) return;
                string text = turn.EndOfTurn ? string.Empty : turn.Transcript ?? string.Empty;
                if (text.Length > MaxLiveTextLength) text = "…" + text.Substring(text.Length - MaxLiveTextLength + 1);
                if (text == _liveText) return;
                _liveText = text;
                _liveTextChanged = true;
            }

            public void Update()
            {
                if (!Enabled) return;
                long now = Stopwatch.GetTimestamp();
                if (_written && now - _lastWrite < ProgressIntervalTicks && !(_liveTextChanged && now - _lastWrite >= ProgressIntervalTicks / 5)) return;
                _lastWrite = now;
                if (_live)
                {
                    WriteLive();
                    return;
                }
                TimeSpan sent = _session.AudioSent;
                int percent = (int)Math.Max(0, Math.Min(100, sent.Ticks * 100 / _duration.Ticks));
                var record = new ProgressRecord(_pump._progressActivityId, _activity,
                    string.Format(CultureInfo.CurrentCulture, "{0} of {1} sent, {2}",
                        ProgressText.Duration(sent), ProgressText.Duration(_duration), ProgressText.Turns(_session.TurnCount)))
                {
                    PercentComplete = percent,
                };
                _pump._cmdlet.WriteProgress(record);
                _written = true;
            }

            private void WriteLive()
            {
                _liveTextChanged = false;
                // StatusDescription must not be empty; between turns show the time listened.
                string status = _liveText.Length > 0
                    ? _liveText
                    : string.Format(CultureInfo.CurrentCulture, "Listening… {0}, {1}", ProgressText.Duration(_session.AudioSent), ProgressText.Turns(_session.TurnCount));
                _pump._cmdlet.WriteProgress(new ProgressRecord(_pump._progressActivityId, _activity, status));
                _written = true;
            }

            public void Complete()
            {
                if (!Enabled || !_written) return;
                var record = new ProgressRecord(_pump._progressActivityId, _activity, "Done")
                {
                    RecordType = ProgressRecordType.Completed,
                };
                _pump._cmdlet.WriteProgress(record);
                _written = false;
            }
        }
    }

    /// <summary>
    /// Session events on the pipeline: turns to the output, diagnostics to the verbose/warning/debug
    /// streams, non-terminating faults to the error stream. A terminating fault is not written here:
    /// the caller reports it after the end (every turn before it is written by then). Pipeline thread only.
    /// </summary>
    internal sealed class CmdletEventSink : ISessionEventSink
    {
        private readonly Cmdlet _cmdlet;
        private readonly Action<Turn>? _turnWritten;

        public CmdletEventSink(Cmdlet cmdlet, Action<Turn>? turnWritten)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _turnWritten = turnWritten;
        }

        public void WriteTurn(Turn turn)
        {
            _cmdlet.WriteObject(turn);
            _turnWritten?.Invoke(turn);
        }

        public void WriteError(SttException error, bool isTerminating)
        {
            if (!isTerminating) _cmdlet.WriteError(ErrorRecordFactory.FromSttException(error));
        }

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteDebug(string message) => _cmdlet.WriteDebug(message);

        public void SessionBegan(string sessionId)
        {
            // The id reaches the user on each Turn and in the debug line.
        }
    }
}
