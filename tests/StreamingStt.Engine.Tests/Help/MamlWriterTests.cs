// Copyright (c) StreamingStt contributors. MIT License.
using System.Xml.Linq;
using StreamingStt.HelpCompiler;
using Xunit;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>The MAML details platyPS's New-ExternalHelp gets right and Get-Help depends on.</summary>
public sealed class MamlWriterTests
{
    private static readonly XNamespace Maml = MamlWriter.MamlNamespace;
    private static readonly XNamespace Command = MamlWriter.CommandNamespace;
    private static readonly XNamespace Dev = MamlWriter.DevNamespace;

    private static XElement CompileInlinePage() =>
        MamlWriter.ToDocument(new[] { PlatyPsMarkdownParser.Parse(InlinePages.Valid, InlinePages.SourceName) })
            .Root!.Element(Command + "command")!;

    private static XElement Parameter(XElement container, string name) =>
        container.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);

    [Fact]
    public void TextBecomesPlainParagraphs()
    {
        XElement command = CompileInlinePage();

        Assert.Equal(
            new[] { "Gets the things you ask for.", "Uses bold and `code` and a link (https://example.com/thing)." },
            command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
        Assert.Equal("Gets things.", command.Element(Command + "details")!.Element(Maml + "description")!.Value);
    }

    [Fact]
    public void SyntaxItemsFollowTheSyntaxBlocks()
    {
        XElement[] items = CompileInlinePage().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();

        Assert.Equal(new[] { "Name", "Force" }, items[0].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal(new[] { "Id", "Force" }, items[1].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
        Assert.All(items, item => Assert.Equal("Get-Thing", item.Element(Maml + "name")!.Value));
    }

    [Fact]
    public void ParameterAttributesFollowTheYaml()
    {
        XElement parameters = CompileInlinePage().Element(Command + "parameters")!;

        XElement name = Parameter(parameters, "Name");
        Assert.Equal("false", (string?)name.Attribute("required"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("True (ByValue)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("N", (string?)name.Attribute("aliases"));
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("None", name.Element(Dev + "defaultValue")!.Value);

        XElement id = Parameter(parameters, "Id");
        Assert.Equal("true", (string?)id.Attribute("required"));
        Assert.Equal("named", (string?)id.Attribute("position"));
        Assert.Equal("none", (string?)id.Attribute("aliases"));
    }

    [Fact]
    public void SwitchesShowNoValueInTheSyntaxAndDefaultToFalse()
    {
        XElement command = CompileInlinePage();
        XElement inSyntax = Parameter(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").First(), "Force");
        XElement inParameters = Parameter(command.Element(Command + "parameters")!, "Force");

        Assert.Null(inSyntax.Element(Command + "parameterValue"));
        Assert.Equal("false", (string?)inParameters.Element(Command + "parameterValue")!.Attribute("required"));
        Assert.Equal("False", inParameters.Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void AcceptedValuesAppearInTheSyntaxOnly()
    {
        XElement command = CompileInlinePage();
        XElement inSyntax = Parameter(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").First(), "Name");
        XElement inParameters = Parameter(command.Element(Command + "parameters")!, "Name");

        Assert.Equal(new[] { "a", "b" }, inSyntax.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
        Assert.Null(inParameters.Element(Command + "parameterValueGroup"));
    }

    [Fact]
    public void ExamplesKeepEveryCodeBlockAndTheRemarks()
    {
        XElement example = CompileInlinePage().Element(Command + "examples")!.Element(Command + "example")!;

        string title = example.Element(Maml + "title")!.Value;
        Assert.Equal(64, title.Length);
        Assert.Matches(@"^-+ Example 1: Get a thing -+$", title);
        Assert.Equal("# Not a heading: a comment in the code.\nGet-Thing -Name a\n\na", example.Element(Dev + "code")!.Value);
        Assert.Equal("Gets the thing named a.", example.Element(Dev + "remarks")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void LongExampleTitlesStillGetDashes()
    {
        string title = MamlWriter.PadExampleTitle("Example 9: " + new string('x', 80));

        Assert.StartsWith("---- Example 9:", title, StringComparison.Ordinal);
        Assert.EndsWith("x ----", title, StringComparison.Ordinal);
    }

    [Fact]
    public void InputsOutputsNotesAndLinks()
    {
        XElement command = CompileInlinePage();

        XElement input = command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        Assert.Equal("System.String[]", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Names, by value into `-Name`.", input.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal("Thing", command.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Some notes.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);

        // Get-Help -Online opens maml:uri; a link to another markdown page has none.
        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (Text: l.Element(Maml + "linkText")!.Value, Uri: l.Element(Maml + "uri")!.Value))
            .ToArray();
        Assert.Equal(new[] { ("Online", "https://example.com/get-thing"), ("Set-Thing", "") }, links);
    }
}
