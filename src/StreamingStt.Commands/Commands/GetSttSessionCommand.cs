// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Lists the background sessions (SttJob) of this PowerShell session: all of them, or those
    /// with the given ids, names or instance ids, optionally only in one state.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SttSession", DefaultParameterSetName = NameParameterSet)]
    [OutputType(typeof(SttJob))]
    public sealed class GetSttSessionCommand : SttJobCmdletBase
    {
        #region Parameters

        /// <summary>The ids of the sessions to get (the job Id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdParameterSet)]
        [ValidateNotNullOrEmpty]
        public int[]? Id { get; set; }

        /// <summary>The names of the sessions to get. Wildcards are allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = NameParameterSet)]
        [ArgumentCompleter(typeof(SttSessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>The instance ids of the sessions to get (the job InstanceId).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InstanceIdParameterSet)]
        [ValidateNotNullOrEmpty]
        public Guid[]? InstanceId { get; set; }

        /// <summary>Only sessions in this state (Running, Stopping, Completed, Stopped, Failed).</summary>
        [Parameter]
        public JobState State { get; set; }

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            bool filterState = MyInvocation.BoundParameters.ContainsKey(nameof(State));
            foreach (SttJob job in ResolveSessions(null, Id, Name, InstanceId))
            {
                if (filterState && job.JobStateInfo.State != State) continue;
                WriteObject(job);
            }
        }

        #endregion
    }
}
