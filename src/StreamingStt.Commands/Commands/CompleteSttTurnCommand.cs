// Copyright (c) StreamingStt contributors. MIT License.
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Ends the current turn of background sessions now (AssemblyAI ForceEndpoint, Deepgram Finalize,
    /// Speechmatics ForceEndOfUtterance): the words heard so far arrive as an end-of-turn turn and the
    /// session goes on. Returns once the request is sent; the turn arrives in the job's buffer.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Complete, "SttTurn", DefaultParameterSetName = SessionParameterSet)]
    [OutputType(typeof(SttJob))]
    public sealed class CompleteSttTurnCommand : SttSessionSteeringCmdletBase
    {
        /// <summary>Write each session the turn was ended on (the SttJob), e.g. for Receive-SttTurn.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (SttJob job in SelectedSessions())
            {
                SttSession? session = StreamingSession(job);
                if (session is null) continue;
                WriteVerbose("Ending the current turn of " + Describe(job) + ".");
                session.ForceEndpoint();
                if (PassThru) WriteObject(job);
            }
        }
    }
}
