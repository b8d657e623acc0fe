// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Shared lookup of SttJobs in the runspace's JobRepository for Get/Receive/Stop/Remove:
    /// by object, -Id, -Name (wildcards) or -InstanceId. A requested Id, InstanceId or
    /// wildcard-free Name that matches nothing is a non-terminating SttSessionNotFound, per item.
    /// </summary>
    public abstract class SttJobCmdletBase : PSCmdlet
    {
        /// <summary>Parameter set: SttJob objects (also from the pipeline).</summary>
        protected const string SessionParameterSet = "Session";

        /// <summary>Parameter set: job ids.</summary>
        protected const string IdParameterSet = "Id";

        /// <summary>Parameter set: job names, wildcards allowed.</summary>
        protected const string NameParameterSet = "Name";

        /// <summary>Parameter set: job instance ids.</summary>
        protected const string InstanceIdParameterSet = "InstanceId";

        /// <summary>Every SttJob in this runspace's job repository, in Id order.</summary>
        protected IEnumerable<SttJob> AllSessions() =>
            JobRepository.Jobs.OfType<SttJob>().OrderBy(job => job.Id);

        /// <summary>
        /// Resolves the jobs for the current parameter set; writes SttSessionNotFound for each
        /// explicit id/name that matches nothing. Returns each job once, in the order asked for.
        /// </summary>
        protected List<SttJob> ResolveSessions(SttJob[]? sessions, int[]? ids, string[]? names, Guid[]? instanceIds)
        {
            var result = new List<SttJob>();
            var seen = new HashSet<Guid>();
            void Add(SttJob job)
            {
                if (seen.Add(job.InstanceId)) result.Add(job);
            }

            if (sessions is not null)
            {
                foreach (SttJob job in sessions)
                {
                    if (job is not null) Add(job);
                }
                return result;
            }

            List<SttJob> all = AllSessions().ToList();

            if (ids is not null)
            {
                foreach (int id in ids)
                {
                    SttJob? match = all.FirstOrDefault(job => job.Id == id);
                    if (match is null) WriteNotFound(id.ToString(CultureInfo.InvariantCulture), "Id", id);
                    else Add(match);
                }
                return result;
            }

            if (instanceIds is not null)
            {
                foreach (Guid instanceId in instanceIds)
                {
                    SttJob? match = all.FirstOrDefault(job => job.InstanceId == instanceId);
                    if (match is null) WriteNotFound(instanceId.ToString(), "InstanceId", instanceId);
                    else Add(match);
                }
                return result;
            }

            if (names is not null)
            {
                foreach (string name in names)
                {
                    if (name is null) continue;
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    bool any = false;
                    foreach (SttJob job in all)
                    {
                        if (job.Name is not null && pattern.IsMatch(job.Name))
                        {
                            any = true;
                            Add(job);
                        }
                    }
                    if (!any && !WildcardPattern.ContainsWildcardCharacters(name)) WriteNotFound(name, "Name", name);
                }
                return result;
            }

            result.AddRange(all);
            return result;
        }

        /// <summary>The target text used in ShouldProcess and messages.</summary>
        protected static string Describe(SttJob job) =>
            string.Format(CultureInfo.CurrentCulture, "{0} (Id {1}, {2})", job.Name, job.Id, job.Source);

        private void WriteNotFound(string value, string parameter, object target)
        {
            string message = string.Format(CultureInfo.CurrentCulture,
                "No StreamingStt session with {0} '{1}' was found in this session. Use Get-SttSession to list them.", parameter, value);
            WriteError(ErrorRecordFactory.Create(new ItemNotFoundException(message), ErrorIds.SessionNotFound, ErrorCategory.ObjectNotFound, target));
        }
    }
}
