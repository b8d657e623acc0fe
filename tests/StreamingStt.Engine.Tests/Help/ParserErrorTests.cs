// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.HelpCompiler;
using Xunit;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>
/// A broken page must stop the build with "file:line: what is wrong", never compile into help
/// that silently lacks a section or documents a parameter that does not exist.
/// </summary>
public sealed class ParserErrorTests
{
    [Fact]
    public void ValidPageParses()
    {
        CommandHelp help = PlatyPsMarkdownParser.Parse(InlinePages.Valid, InlinePages.SourceName, "Get-Thing");

        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal(new[] { "Name", "Id" }, help.Syntax.Select(s => s.ParameterSetName));
        Assert.True(help.Syntax[0].IsDefault);
        Assert.Equal(new[] { "Name", "Id", "Force" }, help.Parameters.Select(p => p.Name));
        Assert.True(help.SupportsCommonParameters);
        ParameterHelp name = help.Parameters[0];
        Assert.Equal(0, name.Position);
        Assert.True(name.AcceptsPipelineInputByValue);
        Assert.False(name.AcceptsPipelineInputByPropertyName);
        Assert.Equal(new[] { "N" }, name.Aliases);
        Assert.Equal(new[] { "a", "b" }, name.AcceptedValues);
        Assert.True(help.Parameters[1].IsRequired);
        Assert.True(help.Parameters[2].AppliesToAllParameterSets);
        Assert.Single(help.Examples);
        Assert.Contains("# Not a heading", help.Examples[0].Code, StringComparison.Ordinal);
        Assert.Equal(new[] { "Online", "Set-Thing" }, help.RelatedLinks.Select(l => l.Text));
    }

    [Theory]
    // A missing section is reported where it should have been.
    [InlineData("## NOTES\nSome notes.\n\n", "", "## RELATED LINKS", "no '## NOTES' section")]
    [InlineData("## EXAMPLES\n", "## EXTRA\n", "## EXTRA", "unknown section")]
    // A parameter without its yaml block.
    [InlineData("Forces.\n\n```yaml\nType: SwitchParameter\nParameter Sets: (All)\nAliases:\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n",
        "Forces.\n", "### -Force", "-Force has no ```yaml block")]
    // A syntax block naming a parameter the page does not document.
    [InlineData("Get-Thing -Id <Int32> [-Force]", "Get-Thing -Id <Int32> [-Force] [-Missing <String>]", "Get-Thing -Id <Int32>", "names -Missing, which has no '### -Missing' entry")]
    // A documented parameter its parameter set's syntax leaves out.
    [InlineData("Get-Thing -Id <Int32> [-Force]", "Get-Thing -Id <Int32>", "### -Force", "-Force belongs in the syntax of parameter set 'Id'")]
    // Syntax and yaml disagree.
    [InlineData("Get-Thing -Id <Int32> [-Force]", "Get-Thing [-Id <Int32>] [-Force]", "Get-Thing [-Id <Int32>]", "shows -Id as optional, but its yaml says 'Required: True'")]
    [InlineData("Get-Thing -Id <Int32> [-Force]", "Get-Thing -Id <String> [-Force]", "Get-Thing -Id <String>", "shows -Id as <String>, but its yaml says 'Type: Int32'")]
    [InlineData("Parameter Sets: Id\n", "Parameter Sets: Key\n", "### -Id", "parameter set 'Key', which has no syntax block")]
    // Unreadable yaml.
    [InlineData("Position: 0\n", "Position: first\n", "Position: first", "'Position:' should be Named or a number")]
    [InlineData("Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: True (ByPropertyName)\nGlobbing: True\n", "Globbing: True", "unknown yaml key 'Globbing'")]
    [InlineData("Accept pipeline input: True (ByValue)\n", "Accept pipeline input: Sometimes\n", "Accept pipeline input: Sometimes", "'Accept pipeline input:' should be")]
    [InlineData("Type: Int32\n", "", "```yaml\nParameter Sets: Id", "no 'Type:' line")]
    // Structure.
    [InlineData("### -Force\n", "### Force\n", "### Force", "should be '### -ParameterName'")]
    [InlineData("```powershell\n# Not a heading: a comment in the code.\nGet-Thing -Name a\n```\n\n```Output\na\n```\n", "", "### Example 1", "has no code block")]
    [InlineData("## RELATED LINKS\n\n[Online](https://example.com/get-thing)", "## RELATED LINKS\n\nOnline help", "Online help", "is not a [text](target) link")]
    [InlineData("## OUTPUTS\n\n### Thing\n", "## OUTPUTS\n\n### Thing\n\n```powershell\nGet-Thing\n", "```powershell\nGet-Thing\n", "is never closed")]
    [InlineData("schema: 2.0.0", "schema: 3.0.0", "---", "schema: 2.0.0")]
    public void BrokenPageNamesFileAndLine(string find, string replace, string lineMarker, string expectedProblem)
    {
        string page = InlinePages.With(find, replace);
        int expectedLine = InlinePages.LineOf(page, lineMarker.Split('\n')[0]);
        if (lineMarker.Contains('\n'))
        {
            // A marker spanning lines points at its first line, found where the following lines match too.
            string[] markerLines = lineMarker.Split('\n');
            string[] pageLines = page.Split('\n');
            expectedLine = Enumerable.Range(0, pageLines.Length)
                .First(i => markerLines.Select((m, k) => i + k < pageLines.Length && pageLines[i + k].Contains(m, StringComparison.Ordinal)).All(x => x)) + 1;
        }

        var error = Assert.Throws<HelpSourceException>(() => PlatyPsMarkdownParser.Parse(page, InlinePages.SourceName, "Get-Thing"));

        Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{InlinePages.SourceName}:{expectedLine}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(expectedLine, error.Line);
    }

    [Fact]
    public void HeadingMustNameTheCommandOfTheFile()
    {
        var error = Assert.Throws<HelpSourceException>(() => PlatyPsMarkdownParser.Parse(InlinePages.Valid, "Get-Other.md", "Get-Other"));

        Assert.StartsWith($"Get-Other.md:{InlinePages.LineOf(InlinePages.Valid, "# Get-Thing")}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'# Get-Thing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsOutOfOrderAreReported()
    {
        string withoutDescription = InlinePages.With("## DESCRIPTION\nGets the things\nyou ask for.\n\nUses **bold** and `code` and a [link](https://example.com/thing).\n\n", "");
        string page = withoutDescription.Replace("## NOTES\n", "## DESCRIPTION\nLate.\n\n## NOTES\n", StringComparison.Ordinal);

        var error = Assert.Throws<HelpSourceException>(() => PlatyPsMarkdownParser.Parse(page, InlinePages.SourceName));

        Assert.Equal(InlinePages.LineOf(page, "## DESCRIPTION"), error.Line);
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageWithoutFrontMatterIsRejected()
    {
        string page = InlinePages.Valid.Replace("\r\n", "\n");
        page = page.Substring(page.IndexOf("# Get-Thing", StringComparison.Ordinal));

        var error = Assert.Throws<HelpSourceException>(() => PlatyPsMarkdownParser.Parse(page, InlinePages.SourceName));

        Assert.Equal(1, error.Line);
        Assert.Contains("no front matter", error.Message, StringComparison.Ordinal);
    }
}
