// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Commands
{
    // Streaming: one session in the foreground (events drained on the pipeline thread) or as a job.
    public sealed partial class StartSttSessionCommand
    {
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

        private void StartJob(string file) => StartJob(() => OpenFile(file), "Start-SttSession -LiteralPath '" + file.Replace("'", "''") + "'", failureEndsCommand: false);

        private void StartJob(Func<IAudioSource> open, string command, bool failureEndsCommand)
        {
            SttSession? session = CreateSession(open, failureEndsCommand);
            if (session is null) return;

            var job = new SttJob(session, Name, command,
                MaxBufferedTurns, StopTimeout, Runspace.DefaultRunspace);
            try
            {
                job.Start();
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
