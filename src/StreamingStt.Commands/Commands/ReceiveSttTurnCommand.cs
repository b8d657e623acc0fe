// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Threading;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Writes the turns a background session (Start-SttSession -AsJob) has buffered, and its
    /// errors and warnings, like Receive-Job does for any job. -Wait streams until the session
    /// ends; -Keep leaves the buffer as it is. Ctrl+C stops receiving, never the session.
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "SttTurn", DefaultParameterSetName = SessionParameterSet)]
    [OutputType(typeof(Turn))]
    public sealed class ReceiveSttTurnCommand : SttJobSelectionCmdletBase
    {
        private readonly List<SttJob> _waitFor = new List<SttJob>();
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();
        private readonly Dictionary<Guid, KeepCursor> _cursors = new Dictionary<Guid, KeepCursor>();

        // Never disposed: StopProcessing may Set it from another thread at any time, and a
        // ManualResetEventSlim whose WaitHandle is never taken holds nothing to release.
        private readonly ManualResetEventSlim _stopping = new ManualResetEventSlim(false);

        // -Wait sleeps on _wake until a job it waits for has new data, changes state or is removed (or Ctrl+C), and
        // then reads only those jobs (_changed), so many quiet sessions cost nothing and a busy one does not make
        // every other one be read. Never disposed, for the same reason as _stopping.
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false);
        private readonly object _changedGate = new object();
        private HashSet<SttJob> _changed = new HashSet<SttJob>();

        #region Parameters

        /// <summary>Keep receiving until the sessions end, writing turns as they arrive.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Leave the turns in the session's buffer, so a later receive gets them again.</summary>
        [Parameter]
        public SwitchParameter Keep { get; set; }

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            foreach (SttJob job in SelectedSessions())
            {
                if (!_seen.Add(job.InstanceId)) continue;
                if (Wait) _waitFor.Add(job);
                else WriteAvailable(job);
            }
        }

        protected override void EndProcessing()
        {
            if (!Wait) return;
            var pending = new List<SttJob>(_waitFor);
            var watches = new List<JobWatch>(pending.Count);
            try
            {
                foreach (SttJob job in pending) watches.Add(new JobWatch(this, job));
                // The first round reads every job: anything written before the watches began is read there.
                HashSet<SttJob>? changed = null;
                while (true)
                {
                    foreach (SttJob job in pending.ToArray())
                    {
                        if (changed is not null && !changed.Contains(job)) continue;
                        if (_stopping.IsSet) return;
                        // Read the state first: a job writes all of its data before it reaches a
                        // final state, so after this read nothing is missed.
                        bool finished = job.IsFinished || job.IsDisposed;
                        WriteAvailable(job);
                        if (finished) pending.Remove(job);
                    }
                    if (pending.Count == 0) return;
                    _wake.Wait();
                    if (_stopping.IsSet) return;
                    changed = TakeChanged();
                }
            }
            finally
            {
                foreach (JobWatch watch in watches) watch.Dispose();
            }
        }

        /// <summary>Ctrl+C: stop receiving. The sessions keep running.</summary>
        protected override void StopProcessing()
        {
            _stopping.Set();
            _wake.Set();
        }

        #endregion

        private void WriteAvailable(SttJob job)
        {
            if (job.IsDisposed) return;
            KeepCursor cursor = CursorFor(job);

            foreach (PSObject turn in Read(job.Output, ref cursor.Output))
            {
                if (turn is not null) WriteObject(turn);
            }
            foreach (ErrorRecord error in Read(job.Error, ref cursor.Error))
            {
                if (error is not null) WriteError(error);
            }
            foreach (WarningRecord warning in Read(job.Warning, ref cursor.Warning))
            {
                if (warning is not null) WriteWarning(warning.Message);
            }
            foreach (VerboseRecord verbose in Read(job.Verbose, ref cursor.Verbose))
            {
                if (verbose is not null) WriteVerbose(verbose.Message);
            }
            foreach (DebugRecord debug in Read(job.Debug, ref cursor.Debug))
            {
                if (debug is not null) WriteDebug(debug.Message);
            }
        }

        /// <summary>Consumes everything (Receive-Job semantics) or, with -Keep, copies what this command has not written yet.</summary>
        private IList<T> Read<T>(PSDataCollection<T> stream, ref int cursor)
        {
            if (!Keep) return stream.ReadAll();

            T[] snapshot;
            lock (((ICollection)stream).SyncRoot)
            {
                snapshot = new T[stream.Count];
                stream.CopyTo(snapshot, 0);
            }
            // The buffer only shrinks when turns are consumed or dropped; start over from what is left.
            int start = cursor <= snapshot.Length ? cursor : 0;
            cursor = snapshot.Length;
            var result = new Collection<T>();
            for (int i = start; i < snapshot.Length; i++) result.Add(snapshot[i]);
            return result;
        }

        private KeepCursor CursorFor(SttJob job)
        {
            if (!_cursors.TryGetValue(job.InstanceId, out KeepCursor? cursor))
            {
                cursor = new KeepCursor();
                _cursors.Add(job.InstanceId, cursor);
            }
            return cursor;
        }

        /// <summary>Any thread: the job has something new for -Wait.</summary>
        private void MarkChanged(SttJob job)
        {
            lock (_changedGate)
            {
                _changed.Add(job);
                _wake.Set();
            }
        }

        /// <summary>The jobs changed since the last call; re-arms the wait (under the same lock, so no change is lost).</summary>
        private HashSet<SttJob> TakeChanged()
        {
            lock (_changedGate)
            {
                HashSet<SttJob> changed = _changed;
                _changed = new HashSet<SttJob>();
                _wake.Reset();
                return changed;
            }
        }

        /// <summary>-Wait's subscriptions to one job: data added to a stream it writes, a state change, removal.</summary>
        private sealed class JobWatch : IDisposable
        {
            private readonly SttJob _job;
            private readonly EventHandler<DataAddedEventArgs> _dataAdded;
            private readonly EventHandler<JobStateEventArgs> _stateChanged;
            private readonly Action _removed;

            public JobWatch(ReceiveSttTurnCommand command, SttJob job)
            {
                _job = job;
                _dataAdded = (_, _) => command.MarkChanged(job);
                _stateChanged = (_, _) => command.MarkChanged(job);
                _removed = () => command.MarkChanged(job);
                job.Output.DataAdded += _dataAdded;
                job.Error.DataAdded += _dataAdded;
                job.Warning.DataAdded += _dataAdded;
                job.Verbose.DataAdded += _dataAdded;
                job.Debug.DataAdded += _dataAdded;
                job.StateChanged += _stateChanged;
                job.Removed += _removed;
            }

            public void Dispose()
            {
                _job.Output.DataAdded -= _dataAdded;
                _job.Error.DataAdded -= _dataAdded;
                _job.Warning.DataAdded -= _dataAdded;
                _job.Verbose.DataAdded -= _dataAdded;
                _job.Debug.DataAdded -= _dataAdded;
                _job.StateChanged -= _stateChanged;
                _job.Removed -= _removed;
            }
        }

        /// <summary>How far -Keep -Wait has written each stream of one job.</summary>
        private sealed class KeepCursor
        {
            public int Output;
            public int Error;
            public int Warning;
            public int Verbose;
            public int Debug;
        }
    }
}
