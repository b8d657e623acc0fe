// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Start-SttSession -AsJob -ThrottleLimit N: at most N of one command's jobs run; the others wait
    /// NotStarted (Get-SttSession shows them) and start, in order, as running ones finish.
    /// </summary>
    internal sealed class SttJobThrottle
    {
        private readonly int _limit;
        private readonly object _gate = new object();
        private readonly Queue<SttJob> _queued = new Queue<SttJob>();
        private readonly HashSet<SttJob> _running = new HashSet<SttJob>();

        public SttJobThrottle(int limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "At least one job.");
            _limit = limit;
        }

        /// <summary>
        /// Starts the job now if a place is free (throws SttException when its session cannot start, as
        /// <see cref="SttJob.Start"/> does), else queues it. Pipeline thread.
        /// </summary>
        public void Submit(SttJob job)
        {
            bool startNow;
            lock (_gate)
            {
                startNow = _running.Count < _limit;
                if (startNow) _running.Add(job);
                else _queued.Enqueue(job);
            }
            job.StateChanged += OnStateChanged;
            if (!startNow) return;
            try
            {
                job.Start();
            }
            catch (SttException)
            {
                job.StateChanged -= OnStateChanged;
                lock (_gate) _running.Remove(job);
                throw;
            }
        }

        // Raised on the thread that set the state, often under the job's own lock: only pick the next job here.
        private void OnStateChanged(object? sender, JobStateEventArgs e)
        {
            if (sender is not SttJob job) return;
            JobState state = e.JobStateInfo.State;
            if (state != JobState.Completed && state != JobState.Failed && state != JobState.Stopped) return;
            job.StateChanged -= OnStateChanged;

            SttJob? next = null;
            lock (_gate)
            {
                if (!_running.Remove(job)) return; // a queued job stopped before it ran
                while (_queued.Count > 0)
                {
                    SttJob candidate = _queued.Dequeue();
                    if (candidate.IsDisposed || candidate.IsFinished) continue;
                    next = candidate;
                    _running.Add(next);
                    break;
                }
            }
            // Off the finished job's thread and locks; a failed start fails the job, which starts the next.
            if (next is not null) ThreadPool.QueueUserWorkItem(_ => next.StartQueued());
        }
    }
}
