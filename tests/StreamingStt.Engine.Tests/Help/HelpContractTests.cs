// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.HelpCompiler;
using Xunit;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>
/// docs/&lt;Verb-Noun&gt;.md against the compiled cmdlet: same parameters, sets, Mandatory, Position,
/// pipeline binding, aliases, wildcards and accepted values. When this fails, fix the page (the
/// code is the contract) unless the code is what is wrong.
/// </summary>
public sealed class HelpContractTests
{
    public static TheoryData<string> CmdletNames()
    {
        using var reader = new CmdletMetadataReader();
        var data = new TheoryData<string>();
        foreach (CmdletMetadata cmdlet in reader.ReadCmdlets().OrderBy(c => c.Name, StringComparer.Ordinal)) data.Add(cmdlet.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void PageDescribesTheCmdletParameters(string cmdletName)
    {
        using var reader = new CmdletMetadataReader();
        CmdletMetadata code = reader.ReadCmdlets().Single(c => c.Name == cmdletName);
        CommandHelp docs = PlatyPsMarkdownParser.ParseFile(HelpTestPaths.PagePath(cmdletName));

        IReadOnlyList<string> problems = DocsCodeComparison.Compare(code, docs);

        Assert.True(problems.Count == 0, $"docs/{cmdletName}.md disagrees with the code:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void BuildScriptCompilesAPageForEveryCmdlet()
    {
        using var reader = new CmdletMetadataReader();
        var cmdlets = reader.ReadCmdlets().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(cmdlets, HelpTestPaths.BuildScriptCommands().OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void ComparisonReportsAParameterTheDocsMiss()
    {
        var code = new CmdletMetadata("Get-Thing", null, false, new[]
        {
            new CodeParameter("Name", "String", new[] { new CodeParameterSet("__AllParameterSets", true, 0, false, false, false) },
                Array.Empty<string>(), null, null, false),
        });
        var docs = new CommandHelp { Name = "Get-Thing" };

        Assert.Contains(DocsCodeComparison.Compare(code, docs), p => p.Contains("-Name", StringComparison.Ordinal));
    }
}
