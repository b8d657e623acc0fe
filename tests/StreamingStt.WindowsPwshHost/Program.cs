// Copyright (c) StreamingStt contributors. MIT License.
using Microsoft.PowerShell;
using System.Management.Automation.Runspaces;

namespace StreamingStt.WindowsPwshHost;

/// <summary>pwsh's own console host: the same command line (-NoProfile -NonInteractive -File ...) and exit codes.</summary>
internal static class Program
{
    private static int Main(string[] args) =>
        ConsoleShell.Start(InitialSessionState.CreateDefault2(), string.Empty, string.Empty, args);
}
