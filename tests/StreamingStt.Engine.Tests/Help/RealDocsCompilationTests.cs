// Copyright (c) StreamingStt contributors. MIT License.
using System.Xml.Linq;
using StreamingStt.HelpCompiler;
using Xunit;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>
/// Compiles the real docs/ the way build.ps1 does and checks the MAML has what Get-Help needs:
/// without it Get-Help shows syntax only and the Pester help test fails.
/// </summary>
public sealed class RealDocsCompilationTests
{
    private static readonly XNamespace Maml = MamlWriter.MamlNamespace;
    private static readonly XNamespace Command = MamlWriter.CommandNamespace;
    private static readonly XNamespace Dev = MamlWriter.DevNamespace;

    private static XDocument CompileToFileAndLoad(out string path)
    {
        string outDirectory = Path.Combine(Path.GetTempPath(), "stt-help-" + Guid.NewGuid().ToString("N"));
        path = ExternalHelpCompiler.CompileToDirectory(HelpTestPaths.DocsDirectory, outDirectory, HelpTestPaths.BuildScriptCommands());
        // XDocument.Load throws on anything that is not well-formed XML.
        return XDocument.Load(path);
    }

    [Fact]
    public void WritesWellFormedMamlNamedByTheFrontMatter()
    {
        XDocument document = CompileToFileAndLoad(out string path);
        try
        {
            Assert.Equal("StreamingStt.Commands.dll-Help.xml", Path.GetFileName(path));
            Assert.Equal(MamlWriter.MshNamespace + "helpItems", document.Root!.Name);
            Assert.Equal("maml", (string?)document.Root.Attribute("schema"));
            byte[] head = File.ReadAllBytes(path).Take(3).ToArray();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, head);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void EveryCommandHasWhatGetHelpShows()
    {
        XDocument document = CompileToFileAndLoad(out string path);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

        var commands = document.Root!.Elements(Command + "command").ToArray();
        Assert.Equal(HelpTestPaths.BuildScriptCommands(), commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value));

        foreach (XElement command in commands)
        {
            XElement details = command.Element(Command + "details")!;
            string name = details.Element(Command + "name")!.Value;
            Assert.Equal(name, details.Element(Command + "verb")!.Value + "-" + details.Element(Command + "noun")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(details.Element(Maml + "description")?.Element(Maml + "para")?.Value), $"{name}: no synopsis.");
            Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));

            // The element order platyPS writes; Get-Help reads them by name, but keep files comparable.
            Assert.Equal(
                new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks" },
                command.Elements().Select(e => e.Name.LocalName));

            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToArray();
            Assert.True(examples.Length > 0, $"{name}: no example.");
            foreach (XElement example in examples)
            {
                Assert.Matches(@"^-+ Example \d+: .+ -+$", example.Element(Maml + "title")!.Value);
                Assert.False(string.IsNullOrWhiteSpace(example.Element(Dev + "code")?.Value), $"{name}: an example without code.");
            }

            var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();
            Assert.NotEmpty(syntaxItems);
            foreach (XElement parameter in command.Descendants(Command + "parameter"))
            {
                string parameterName = parameter.Element(Maml + "name")!.Value;
                Assert.False(string.IsNullOrWhiteSpace(parameter.Element(Dev + "type")?.Element(Maml + "name")?.Value), $"{name} -{parameterName}: no type.");
                Assert.Contains((string?)parameter.Attribute("required"), new[] { "true", "false" });
                Assert.Matches(@"^(named|\d+)$", (string?)parameter.Attribute("position") ?? string.Empty);
            }
            foreach (XElement parameter in command.Element(Command + "parameters")!.Elements(Command + "parameter"))
            {
                Assert.NotEmpty(parameter.Element(Maml + "description")!.Elements(Maml + "para"));
                Assert.NotNull(parameter.Element(Command + "parameterValue"));
            }
        }
    }

    [Fact]
    public void StartSttSessionSyntaxMatchesItsPage()
    {
        CommandHelp help = PlatyPsMarkdownParser.ParseFile(HelpTestPaths.PagePath("Start-SttSession"));
        XElement command = MamlWriter.ToDocument(new[] { help }).Root!.Element(Command + "command")!;

        var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();
        // Path (default), LiteralPath, Device, Stream, StandardInput.
        Assert.Equal(5, syntaxItems.Length);
        XElement first = syntaxItems[0].Elements(Command + "parameter").First();
        Assert.Equal("Path", first.Element(Maml + "name")!.Value);
        Assert.Equal("0", (string?)first.Attribute("position"));
        Assert.Equal("True (ByPropertyName, ByValue)", (string?)first.Attribute("pipelineInput"));
        Assert.Equal("true", (string?)first.Attribute("globbing"));

        XElement literalPath = syntaxItems[1].Elements(Command + "parameter").First();
        Assert.Equal("LiteralPath", literalPath.Element(Maml + "name")!.Value);
        Assert.Equal("PSPath, LP, FullName", (string?)literalPath.Attribute("aliases"));
        Assert.Equal("true", (string?)literalPath.Attribute("required"));

        Assert.Contains("Device", syntaxItems[2].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal("InputStream", syntaxItems[3].Elements(Command + "parameter").First(p => (string?)p.Attribute("required") == "true").Element(Maml + "name")!.Value);
        Assert.Equal("StandardInput", syntaxItems[4].Elements(Command + "parameter").First(p => (string?)p.Attribute("required") == "true").Element(Maml + "name")!.Value);

        XElement provider = syntaxItems[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Provider");
        Assert.Equal(new[] { "AssemblyAI", "Deepgram", "Speechmatics" },
            provider.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
    }
}
