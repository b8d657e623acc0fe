// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Removes background sessions from the PowerShell session and releases them. A running
    /// session is refused (SttSessionStillRunning) unless -Force, which cancels it first.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SttSession", SupportsShouldProcess = true, DefaultParameterSetName = SessionParameterSet)]
    public sealed class RemoveSttSessionCommand : SttJobSelectionCmdletBase, IDisposable
    {
        private readonly StopSignal _stop = new StopSignal();

        #region Parameters

        /// <summary>Remove running sessions too, cancelling them first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            foreach (SttJob job in SelectedSessions())
            {
                if (_stop.IsSignalled) return;
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

        protected override void StopProcessing() => _stop.Signal();

        #endregion

        public void Dispose() => _stop.Dispose();
    }
}
