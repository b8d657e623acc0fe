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
        private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(100);

        private readonly List<SttJob> _waitFor = new List<SttJob>();
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();
        private readonly Dictionary<Guid, KeepCursor> _cursors = new Dictionary<Guid, KeepCursor>();

        // Never disposed: StopProcessing may Set it from another thread at any time, and a
        // ManualResetEventSlim whose WaitHandle is never taken holds nothing to release.
        private readonly ManualResetEventSlim _stopping = new ManualResetEventSlim(false);

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
            while (pending.Count > 0)
            {
                foreach (SttJob job in pending.ToArray())
                {
                    if (_stopping.IsSet) return;
                    // Read the state first: a job writes all of its data before it reaches a
                    // final state, so after this read nothing is missed.
                    bool finished = job.IsFinished || job.IsDisposed;
                    WriteAvailable(job);
                    if (finished) pending.Remove(job);
                }
                if (pending.Count == 0 || _stopping.Wait(WaitPollInterval)) return;
            }
        }

        /// <summary>Ctrl+C: stop receiving. The sessions keep running.</summary>
        protected override void StopProcessing() => _stopping.Set();

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
