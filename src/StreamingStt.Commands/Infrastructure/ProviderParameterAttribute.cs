// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Marks a cmdlet parameter that only some providers have, beside its declaration: the one place that says
    /// which providers a parameter applies to. Parameters without it apply to every provider.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class ProviderParameterAttribute : Attribute
    {
        public ProviderParameterAttribute(params SttProvider[] providers)
        {
            if (providers is null || providers.Length == 0) throw new ArgumentException("Name at least one provider.", nameof(providers));
            Providers = providers;
        }

        /// <summary>The providers the parameter applies to.</summary>
        public IReadOnlyList<SttProvider> Providers { get; }
    }

    /// <summary>
    /// Refuses a bound parameter that the chosen provider does not have, so a script moved from one provider to
    /// another says what no longer applies instead of silently ignoring it. Reads <see cref="ProviderParameterAttribute"/>.
    /// </summary>
    internal static class ProviderParameters
    {
        private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, IReadOnlyList<SttProvider>>> MarkedByCmdlet =
            new ConcurrentDictionary<Type, IReadOnlyDictionary<string, IReadOnlyList<SttProvider>>>();

        /// <summary>The provider-specific parameters of a cmdlet class and the providers each applies to.</summary>
        internal static IReadOnlyDictionary<string, IReadOnlyList<SttProvider>> Of(Type cmdletType) =>
            MarkedByCmdlet.GetOrAdd(cmdletType, type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(property => (property.Name, Marker: property.GetCustomAttribute<ProviderParameterAttribute>()))
                .Where(marked => marked.Marker is not null)
                .ToDictionary(marked => marked.Name, marked => marked.Marker!.Providers, StringComparer.OrdinalIgnoreCase));

        /// <summary>Throws SttException OptionInvalid naming every bound parameter of <paramref name="cmdletType"/> that <paramref name="provider"/> does not have.</summary>
        internal static void Check(Type cmdletType, SttProvider provider, IEnumerable<string> boundParameterNames, string? what = null)
        {
            IReadOnlyDictionary<string, IReadOnlyList<SttProvider>> marked = Of(cmdletType);
            List<string> foreign = boundParameterNames
                .Where(name => marked.TryGetValue(name, out IReadOnlyList<SttProvider>? providers) && !providers.Contains(provider))
                .ToList();
            if (foreign.Count == 0) return;
            string list = string.Join(", ", foreign.Select(name => "-" + name + " (" + string.Join("/", marked[name]) + ")"));
            throw new SttException(SttErrorKind.OptionInvalid,
                $"{(foreign.Count == 1 ? "This parameter does" : "These parameters do")} not apply to {what ?? provider.ToString()}: {list}.",
                string.Join(",", foreign))
            {
                RecommendedAction = $"Remove {(foreign.Count == 1 ? "it" : "them")}, or choose the provider {(foreign.Count == 1 ? "it belongs" : "they belong")} to with -Provider.",
            };
        }
    }
}
