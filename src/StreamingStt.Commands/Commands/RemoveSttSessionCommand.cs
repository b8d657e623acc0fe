// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Removes background sessions from the PowerShell session and releases them. A running
    /// session is refused (SttSessionStillRunning) unless -Force, which cancels it first.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SttSession", SupportsShouldProcess = true, DefaultParameterSetName = SessionParameterSet)]
    public sealed class RemoveSttSessionCommand : SttJobCmdletBase, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        #region Parameters

        /// <summary>The sessions to remove: SttJob objects from Start-SttSession -AsJob or Get-SttSession (names are accepted too).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SessionParameterSet)]
        [SttJobTransformation]
        [ArgumentCompleter(typeof(SttSessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        public SttJob[]? Session { get; set; }

        /// <summary>The ids of the sessions to remove (the job Id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdParameterSet)]
        [ValidateNotNullOrEmpty]
        public int[]? Id { get; set; }

        /// <summary>The names of the sessions to remove. Wildcards are allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameParameterSet)]
        [ArgumentCompleter(typeof(SttSessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Remove running sessions too, cancelling them first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            foreach (SttJob job in ResolveSessions(Session, Id, Name, null))
            {
                if (_stop.IsCancellationRequested) return;
                if (job.IsDisposed) continue;
                if (!job.IsFinished && !Force)
                {
                    string message = string.Format(CultureInfo.CurrentCulture,
                        "The session {0} is still running. Stop it with Stop-SttSession first, or use -Force.", Describe(job));
                    WriteError(ErrorRecordFactory.Create(new InvalidOperationException(message), ErrorIds.SessionStillRunning,
                        ErrorCategory.InvalidOperation, job));
                    continue;
                }

                if (!ShouldProcess(Describe(job), "Remove the session")) continue;

                if (!job.IsFinished && !job.StopJob(force: true, _stop.Token)) return;
                if (JobRepository.GetJob(job.InstanceId) is not null) JobRepository.Remove(job);
                job.Dispose();
            }
        }

        protected override void StopProcessing()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        #endregion

        public void Dispose() => _stop.Dispose();
    }
}
