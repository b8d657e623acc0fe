// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.RegularExpressions;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>Where the repository's docs/ and the built StreamingStt.Commands.dll are, seen from the test output folder.</summary>
public static class HelpTestPaths
{
    /// <summary>The cmdlet pages build.ps1 compiles: its $cmdletHelpCommands list, in its order.</summary>
    public static IReadOnlyList<string> BuildScriptCommands()
    {
        string script = File.ReadAllText(Path.Combine(RepoRoot, "build.ps1"));
        Match list = Regex.Match(script, @"\$cmdletHelpCommands\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
        if (!list.Success) throw new InvalidOperationException("build.ps1 has no $cmdletHelpCommands = @(...) list.");
        return Regex.Matches(list.Groups["list"].Value, @"'(?<name>[^']+)'").Select(m => m.Groups["name"].Value).ToArray();
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DocsDirectory => Path.Combine(RepoRoot, "docs");

    public static string PagePath(string commandName) => Path.Combine(DocsDirectory, commandName + ".md");

    /// <summary>
    /// The Commands dll built in the same configuration as this test assembly (bin/&lt;Configuration&gt;/net10.0),
    /// so a stale build of the other configuration is never read; the newest build otherwise.
    /// </summary>
    public static string FindCommandsDll()
    {
        string bin = Path.Combine(RepoRoot, "src", "StreamingStt.Commands", "bin");
        string? configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Parent?.Name;
        if (configuration is not null)
        {
            string sameConfiguration = Path.Combine(bin, configuration, "netstandard2.0", "StreamingStt.Commands.dll");
            if (File.Exists(sameConfiguration)) return sameConfiguration;
        }

        FileInfo? newest = Directory.Exists(bin)
            ? new DirectoryInfo(bin).EnumerateFiles("StreamingStt.Commands.dll", SearchOption.AllDirectories)
                .Where(f => f.Directory?.Name == "netstandard2.0")
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return newest?.FullName ?? throw new InvalidOperationException($"Build src/StreamingStt.Commands first: no StreamingStt.Commands.dll under {bin}.");
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamingStt.psd1"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds StreamingStt.psd1.");
    }
}
