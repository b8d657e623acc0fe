// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Import and removal hooks. On Windows PowerShell 5.1 (.NET Framework) it resolves
    /// System.Text.Json and its closure, and NAudio.WinMM's Microsoft.Win32.Registry and its
    /// closure, from the module's dependencies/ folder by simple name (the NAudio assemblies
    /// themselves sit in the module root, found next to StreamingStt.Engine.dll),
    /// which acts as the binding redirect powershell.exe.config cannot provide; on PowerShell 7
    /// those assemblies come from PowerShell itself and nothing is registered. On removal it
    /// cancels the sessions this runspace started.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly HashSet<string> DesktopDependencies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Text.Json",
            "Microsoft.Bcl.AsyncInterfaces",
            "System.Buffers",
            "System.Memory",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Text.Encodings.Web",
            "System.Threading.Tasks.Extensions",
            // NAudio.WinMM's references (its net461 builds, which forward to the Framework's own types).
            "Microsoft.Win32.Registry",
            "System.Security.AccessControl",
            "System.Security.Principal.Windows",
        };

        private static readonly object Gate = new object();
        private static int s_imports;
        private static bool s_resolverRegistered;
        private static string? s_dependencyDirectory;

        /// <summary>True on .NET Framework (Windows PowerShell), where there is no AssemblyLoadContext.</summary>
        internal static bool IsNetFramework =>
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") is null;

        public void OnImport()
        {
            lock (Gate)
            {
                s_imports++;
                if (s_resolverRegistered || !IsNetFramework) return;
                string? moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
                if (string.IsNullOrEmpty(moduleDirectory)) return;
                s_dependencyDirectory = Path.Combine(moduleDirectory, "dependencies");
                AppDomain.CurrentDomain.AssemblyResolve += ResolveDesktopDependency;
                s_resolverRegistered = true;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Sessions of this runspace end with the module; other runspaces keep theirs.
            Runspace? current = Runspace.DefaultRunspace;
            foreach (SttJob job in SttJobTracker.Snapshot())
            {
                if (current is null || job.OwnerRunspace is null || ReferenceEquals(job.OwnerRunspace, current))
                {
                    job.CancelWithoutWaiting();
                }
            }

            lock (Gate)
            {
                if (s_imports > 0) s_imports--;
                if (s_imports == 0 && s_resolverRegistered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= ResolveDesktopDependency;
                    s_resolverRegistered = false;
                }
            }
        }

        private static Assembly? ResolveDesktopDependency(object? sender, ResolveEventArgs args)
        {
            string? directory = s_dependencyDirectory;
            if (directory is null || string.IsNullOrEmpty(args.Name)) return null;

            string? simpleName;
            try
            {
                simpleName = new AssemblyName(args.Name).Name;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
            {
                return null;
            }
            if (simpleName is null || !DesktopDependencies.Contains(simpleName)) return null;

            string path = Path.Combine(directory, simpleName + ".dll");
            // LoadFrom, not LoadFile: the same identity rules as the module's own assemblies.
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
