// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Lets -Session take a session name (wildcards allowed) or id as well as the SttJob object,
    /// so `Receive-SttTurn Stt1` and tab completion of names work. Anything that matches no
    /// session of this runspace is passed on unchanged, and parameter binding reports it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SttJobTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = Unwrap(inputData);
            if (value is SttJob || value is SttJob[] || value is null) return inputData;

            if (value is string || value is int)
            {
                List<SttJob> matches = Find(value);
                return matches.Count == 0 ? inputData : matches.ToArray();
            }

            if (value is IList list)
            {
                var result = new List<object?>(list.Count);
                bool changed = false;
                foreach (object? item in list)
                {
                    object? element = Unwrap(item);
                    if (element is string || element is int)
                    {
                        List<SttJob> matches = Find(element);
                        if (matches.Count > 0)
                        {
                            result.AddRange(matches);
                            changed = true;
                            continue;
                        }
                    }
                    result.Add(item);
                }
                return changed ? result.ToArray() : inputData;
            }

            return inputData;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static List<SttJob> Find(object key)
        {
            Runspace? current = Runspace.DefaultRunspace;
            var matches = new List<SttJob>();
            WildcardPattern? pattern = key is string name ? new WildcardPattern(name, WildcardOptions.IgnoreCase) : null;
            foreach (SttJob job in SttJobTracker.Snapshot())
            {
                if (current is not null && job.OwnerRunspace is not null && !ReferenceEquals(job.OwnerRunspace, current)) continue;
                bool match = pattern is not null
                    ? job.Name is not null && pattern.IsMatch(job.Name)
                    : job.Id == (int)key;
                if (match) matches.Add(job);
            }
            matches.Sort((a, b) => a.Id.CompareTo(b.Id));
            return matches;
        }
    }
}
