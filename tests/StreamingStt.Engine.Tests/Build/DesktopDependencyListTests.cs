// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.RegularExpressions;
using StreamingStt.Engine.Tests.Help;
using Xunit;

namespace StreamingStt.Engine.Tests.Build;

/// <summary>
/// The Windows PowerShell 5.1 dependencies are named twice: build.ps1 copies them into
/// dependencies/, ModuleInitializer resolves them from there. A name on one list only is an
/// assembly 5.1 cannot load (or a file shipped for nothing).
/// </summary>
public sealed class DesktopDependencyListTests
{
    private static string[] BuildList(string script, string variable)
    {
        Match list = Regex.Match(script, @"\$" + variable + @"\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(list.Success, $"build.ps1 has no ${variable} = @(...) list.");
        return Regex.Matches(list.Groups["list"].Value, @"'(?<name>[^']+)'").Select(m => m.Groups["name"].Value).ToArray();
    }

    [Fact]
    public void BuildScriptAndModuleInitializerNameTheSameAssemblies()
    {
        string script = File.ReadAllText(Path.Combine(HelpTestPaths.RepoRoot, "build.ps1"));
        string[] copied = BuildList(script, "desktopDependencies").Concat(BuildList(script, "desktopFrameworkDependencies"))
            .Select(file => Path.GetFileNameWithoutExtension(file)).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        string initializer = File.ReadAllText(Path.Combine(HelpTestPaths.RepoRoot, "src", "StreamingStt.Commands", "Infrastructure", "ModuleInitializer.cs"));
        Match set = Regex.Match(initializer, @"DesktopDependencies\s*=\s*new HashSet<string>\([^)]*\)\s*\{(?<list>[^}]*)\}", RegexOptions.Singleline);
        Assert.True(set.Success, "ModuleInitializer has no DesktopDependencies set.");
        string[] resolved = Regex.Matches(set.Groups["list"].Value, "\"(?<name>[^\"]+)\"").Select(m => m.Groups["name"].Value)
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(copied, resolved);
        Assert.Contains("Microsoft.Win32.Registry", resolved); // NAudio.WinMM's reference
    }

    [Fact]
    public void NAudioShipsInTheModuleRootNotInDependencies()
    {
        string script = File.ReadAllText(Path.Combine(HelpTestPaths.RepoRoot, "build.ps1"));

        Assert.Equal(new[] { "NAudio.Core.dll", "NAudio.Wasapi.dll", "NAudio.WinMM.dll" }, BuildList(script, "moduleDependencies"));
        Assert.DoesNotContain(BuildList(script, "desktopDependencies"), n => n.StartsWith("NAudio", StringComparison.Ordinal));
    }
}
