// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// The cmdlets that steer a running background session (Set-SttSession, Complete-SttTurn): the
    /// selection Stop-SttSession uses, plus the check that the session is streaming now.
    /// </summary>
    public abstract class SttSessionSteeringCmdletBase : SttJobSelectionCmdletBase
    {
        /// <summary>
        /// The job's engine session when it is streaming; otherwise writes a non-terminating error
        /// (SttSessionNotRunning once it ended, SttSessionNotStreaming while it connects or stops) and returns null.
        /// </summary>
        protected SttSession? StreamingSession(SttJob job)
        {
            if (job.IsFinished || job.IsDisposed)
            {
                string ended = string.Format(CultureInfo.CurrentCulture,
                    "The session {0} is not running (state {1}).", Describe(job), job.JobStateInfo.State);
                WriteError(ErrorRecordFactory.Create(new InvalidOperationException(ended), ErrorIds.SessionNotRunning,
                    ErrorCategory.InvalidOperation, job));
                return null;
            }

            SttSession session = job.SteeredSession;
            SttSessionState state = session.State;
            if (state == SttSessionState.Streaming) return session;

            // A turn can be ended and settings changed only on a live connection: not before Begin, not after the stop.
            string message = string.Format(CultureInfo.CurrentCulture,
                "The session {0} is not streaming (its state is {1}); it can be steered only while audio is being sent.", Describe(job), state);
            WriteError(ErrorRecordFactory.Create(new InvalidOperationException(message), ErrorIds.SessionNotStreaming,
                ErrorCategory.InvalidOperation, job, "Wait until Get-SttSession shows the session streaming (StatusMessage Streaming), then try again."));
            return null;
        }
    }
}
