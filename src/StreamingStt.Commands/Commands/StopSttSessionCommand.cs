// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Stops background sessions. By default the stop is graceful: audio stops, the provider is
    /// asked to finish, and the command waits (bounded by the session's StopTimeout) until the
    /// last turns are in the session's buffer. -Force cancels at once.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "SttSession", SupportsShouldProcess = true, DefaultParameterSetName = SessionParameterSet)]
    [OutputType(typeof(SessionSummary))]
    public sealed class StopSttSessionCommand : SttJobSelectionCmdletBase, IDisposable
    {
        private readonly StopSignal _stop = new StopSignal();

        #region Parameters

        /// <summary>Cancel at once, without waiting for the provider's last turns.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write each stopped session's summary (StreamingStt.SessionSummary).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            foreach (SttJob job in SelectedSessions())
            {
                if (_stop.IsSignalled) return;
                if (job.IsFinished || job.IsDisposed)
                {
                    string message = string.Format(CultureInfo.CurrentCulture,
                        "The session {0} is not running (state {1}).", Describe(job), job.JobStateInfo.State);
                    WriteError(ErrorRecordFactory.Create(new InvalidOperationException(message), ErrorIds.SessionNotRunning,
                        ErrorCategory.InvalidOperation, job));
                    continue;
                }

                string action = Force ? "Cancel the session now" : "Stop the session after its last turns";
                if (!ShouldProcess(Describe(job), action)) continue;

                // Interrupted only by Ctrl+C; the session then keeps stopping on its own.
                if (!job.StopJob(Force.IsPresent, _stop.Token)) return;
                if (PassThru) WriteObject(job.GetSummary());
            }
        }

        protected override void StopProcessing() => _stop.Signal();

        #endregion

        public void Dispose() => _stop.Dispose();
    }
}
