// Copyright (c) StreamingStt contributors. MIT License.
using System.Xml.Linq;
using StreamingStt.HelpCompiler;
using Xunit;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>The command line build.ps1 runs: exit codes and messages.</summary>
public sealed class HelpCompilerCommandLineTests : IDisposable
{
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "stt-helpc-" + Guid.NewGuid().ToString("N"));

    public HelpCompilerCommandLineTests() => Directory.CreateDirectory(_workDirectory);

    public void Dispose() => Directory.Delete(_workDirectory, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = HelpCompilerCommandLine.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void CompilesTheRealDocsIntoTheOutFolder()
    {
        string outDirectory = Path.Combine(_workDirectory, "en-US");

        var (exitCode, output, error) = Run("--docs", HelpTestPaths.DocsDirectory, "--out", outDirectory,
            "--commands", string.Join(",", HelpTestPaths.BuildScriptCommands()));

        Assert.True(exitCode == HelpCompilerCommandLine.Success, error);
        string path = Path.Combine(outDirectory, "StreamingStt.Commands.dll-Help.xml");
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.Equal(HelpTestPaths.BuildScriptCommands().Count, XDocument.Load(path).Root!.Elements().Count());
    }

    [Fact]
    public void WithoutCommandsTakesOnlyPagesWithHelpFrontMatter()
    {
        string docs = Path.Combine(_workDirectory, "docs");
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "Get-Thing.md"), InlinePages.Valid);
        File.WriteAllText(Path.Combine(docs, "about_Thing.md"), "# about_Thing\n\n## SHORT DESCRIPTION\nNot cmdlet help.\n");
        File.WriteAllText(Path.Combine(docs, "engine-api.md"), "# Engine API\n\nNot cmdlet help either.\n");

        var (exitCode, _, error) = Run("--docs", docs, "--out", _workDirectory);

        Assert.True(exitCode == HelpCompilerCommandLine.Success, error);
        XDocument help = XDocument.Load(Path.Combine(_workDirectory, "Thing.dll-Help.xml"));
        Assert.Single(help.Root!.Elements());
    }

    [Fact]
    public void BrokenPageFailsWithFileAndLine()
    {
        string docs = Path.Combine(_workDirectory, "docs");
        Directory.CreateDirectory(docs);
        string page = Path.Combine(docs, "Get-Thing.md");
        File.WriteAllText(page, InlinePages.With("## NOTES\nSome notes.\n\n", ""));

        var (exitCode, _, error) = Run("--docs", docs, "--out", _workDirectory, "--commands", "Get-Thing");

        Assert.Equal(HelpCompilerCommandLine.PageError, exitCode);
        Assert.Contains($"{page}:", error, StringComparison.Ordinal);
        Assert.Contains("no '## NOTES' section", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_workDirectory, "Thing.dll-Help.xml")));
    }

    [Fact]
    public void MissingPageFails()
    {
        var (exitCode, _, error) = Run("--docs", HelpTestPaths.DocsDirectory, "--out", _workDirectory, "--commands", "Get-Nothing");

        Assert.Equal(HelpCompilerCommandLine.PageError, exitCode);
        Assert.Contains("Get-Nothing", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--docs", "docs")]
    [InlineData("--docs", "docs", "--out")]
    [InlineData("--docs", "docs", "--out", "x", "--colour", "red")]
    public void UsageErrorsExitWithTwo(params string[] args)
    {
        var (exitCode, _, error) = Run(args);

        Assert.Equal(HelpCompilerCommandLine.UsageError, exitCode);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }
}
