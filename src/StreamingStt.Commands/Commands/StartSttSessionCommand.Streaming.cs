// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    // Streaming: one session in the foreground (events drained on the pipeline thread) or as a job.
    public sealed partial class StartSttSessionCommand
    {
        // The foreground sessions' summaries for -SummaryVariable, in the order they ran; null without it.
        private List<SessionSummary>? _summaries;

        /// <summary>One session from a single source (microphone, stream, stdin): in the foreground or as a job.</summary>
        private void RunSession(Func<IAudioSource> open, string command)
        {
            if (AsJob) StartJob(open, command, failureEndsCommand: true);
            else StreamSession(open, failureEndsCommand: true);
        }

        private void StreamFile(string file) => StreamSession(() => OpenFile(file), failureEndsCommand: false);

        private void StreamSession(Func<IAudioSource> open, bool failureEndsCommand)
        {
            SttSession? session = CreateSession(open, failureEndsCommand);
            if (session is null) return;

            Volatile.Write(ref _current, session);
            bool ended = false;
            try
            {
                try
                {
                    session.Start();
                }
                catch (SttException ex)
                {
                    Report(ex);
                    return;
                }

                PumpResult result = _pump!.Drain(session, _stop.Token);
                if (result.Cancelled) return;
                ended = true;

                // Before Report: an error that ends the command must not lose the summary of the session it ended.
                RecordSummary(result.Summary ?? session.GetSummary());
                SttException? fault = result.Fault;
                if (fault is null && result.Summary?.EndReason == SessionEndReason.Failed) fault = session.Error;
                if (fault is not null) Report(fault);
            }
            finally
            {
                // Reached early when Ctrl+C or a downstream Select-Object -First stopped the
                // pipeline (WriteObject threw): close the connection now rather than at Dispose.
                Interlocked.CompareExchange(ref _current, null, session);
                if (!ended && session.IsLiveSource && _stop.IsSignalled)
                {
                    // Ctrl+C on a microphone: let the provider's graceful stop finish in the
                    // background so it closes the session cleanly; the session releases itself.
                    session.StopDetached();
                }
                else
                {
                    if (!ended) session.Cancel();
                    session.Dispose();
                }
            }
        }

        /// <summary>
        /// -SummaryVariable: refused with -AsJob (a job keeps its own summary), else emptied so a command in which no
        /// session ran leaves $null rather than the summary of an earlier command.
        /// </summary>
        private void PrepareSummaryVariable()
        {
            if (SummaryVariable is null) return;
            if (AsJob)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                    "-SummaryVariable is for sessions in the foreground; a job keeps its own summary.", "SummaryVariable",
                    "Read the job's Summary property, or use Stop-SttSession -PassThru."));
            }
            _summaries = new List<SessionSummary>();
            SessionState.PSVariable.Set(SummaryVariable, null);
        }

        /// <summary>Sets -SummaryVariable after each session, so the summaries so far survive a later Ctrl+C or terminating error.</summary>
        private void RecordSummary(SessionSummary summary)
        {
            if (_summaries is null || SummaryVariable is null) return;
            _summaries.Add(summary);
            object value = _summaries.Count == 1 ? summary : _summaries.ToArray();
            SessionState.PSVariable.Set(SummaryVariable, value);
        }

        /// <summary>
        /// With -ThrottleLimit, how a job opens its source again when the provider refused it for concurrency;
        /// built here, on the pipeline thread, because the job calls it from its own.
        /// </summary>
        private Func<SttSession>? ReopenForRetry(Func<IAudioSource> open)
        {
            if (_jobThrottle is null) return null;
            SttSessionOptions options = BuildOptions();
            return () =>
            {
                IAudioSource source = open();
                try
                {
                    return new SttSession(source, options);
                }
                catch
                {
                    source.Dispose();
                    throw;
                }
            };
        }

        private void StartJob(string file) => StartJob(() => OpenFile(file), "Start-SttSession -LiteralPath '" + file.Replace("'", "''") + "'", failureEndsCommand: false);

        private void StartJob(Func<IAudioSource> open, string command, bool failureEndsCommand)
        {
            SttSession? session = CreateSession(open, failureEndsCommand);
            if (session is null) return;

            var job = new SttJob(session, Name, command,
                MaxBufferedTurns, StopTimeout, Runspace.DefaultRunspace, ReopenForRetry(open));
            try
            {
                // With -ThrottleLimit the job may wait, NotStarted, until a running one finishes.
                if (_jobThrottle is not null) _jobThrottle.Submit(job);
                else job.Start();
            }
            catch (SttException ex)
            {
                job.Dispose();
                Report(ex);
                return;
            }

            JobRepository.Add(job);
            WriteObject(job);
        }
    }
}
