// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// The session selection Receive-SttTurn, Stop-SttSession and Remove-SttSession share:
    /// SttJob objects (by position or pipeline; names and ids are accepted too), -Id or -Name.
    /// </summary>
    public abstract class SttJobSelectionCmdletBase : SttJobCmdletBase
    {
        /// <summary>The sessions: SttJob objects from Start-SttSession -AsJob or Get-SttSession (names are accepted too).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SessionParameterSet)]
        [SttJobTransformation]
        [ArgumentCompleter(typeof(SttSessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        public SttJob[]? Session { get; set; }

        /// <summary>The ids of the sessions (the job Id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdParameterSet)]
        [ValidateNotNullOrEmpty]
        public int[]? Id { get; set; }

        /// <summary>The names of the sessions. Wildcards are allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameParameterSet)]
        [ArgumentCompleter(typeof(SttSessionNameCompleter))]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>The sessions this call names, each once; SttSessionNotFound (non-terminating) for ids and names that match nothing.</summary>
        protected List<SttJob> SelectedSessions() => ResolveSessions(Session, Id, Name, null);
    }
}
