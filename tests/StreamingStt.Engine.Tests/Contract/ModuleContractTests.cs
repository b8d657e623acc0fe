// Copyright (c) StreamingStt contributors. MIT License.
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace StreamingStt.Engine.Tests.Contract
{
    /// <summary>
    /// The module's public contract, read from the compiled StreamingStt.Commands.dll metadata
    /// (the PowerShellStandard facade cannot run cmdlets, but its metadata is enough): the manifest
    /// exports exactly the [Cmdlet] classes, every cmdlet has docs/Verb-Noun.md, cmdlet classes
    /// are sealed and named VerbNounCommand, and the format file only names types that exist.
    /// </summary>
    public sealed class ModuleContractTests : IDisposable
    {
        private const string CmdletAttributeName = "System.Management.Automation.CmdletAttribute";
        private const string PowerShellStandardVersion = "5.1.1";

        private readonly string _repoRoot;
        private readonly MetadataLoadContext _context;
        private readonly Assembly _commands;
        private readonly Assembly _engine;
        private readonly IReadOnlyList<(Type Type, string Verb, string Noun)> _cmdlets;

        public ModuleContractTests()
        {
            _repoRoot = FindRepoRoot();
            string commandsDll = FindCommandsDll(_repoRoot);
            string binDirectory = Path.GetDirectoryName(commandsDll)!;
            string engineDll = Path.Combine(binDirectory, "StreamingStt.Engine.dll");
            Assert.True(File.Exists(engineDll), $"StreamingStt.Engine.dll should be next to {commandsDll}.");

            var paths = new List<string>(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll"))
            {
                commandsDll,
                engineDll,
                FindPowerShellStandard(),
            };
            // The engine's System.Text.Json, when the build copied it; otherwise the runtime's copy resolves it.
            paths.AddRange(Directory.GetFiles(binDirectory, "System.Text.Json.dll"));

            _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
            _commands = _context.LoadFromAssemblyPath(commandsDll);
            _engine = _context.LoadFromAssemblyPath(engineDll);
            _cmdlets = FindCmdlets(_commands);
        }

        public void Dispose() => _context.Dispose();

        [Fact]
        public void CommandsAssemblyDefinesCmdlets()
        {
            Assert.NotEmpty(_cmdlets);
        }

        [Fact]
        public void ManifestExportsExactlyTheCmdletClasses()
        {
            string manifest = File.ReadAllText(Path.Combine(_repoRoot, "StreamingStt.psd1"));
            Match list = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
            Assert.True(list.Success, "StreamingStt.psd1 should list CmdletsToExport = @(...).");
            var exported = Regex.Matches(list.Groups["list"].Value, @"['""](?<name>[^'""]+)['""]")
                .Select(m => m.Groups["name"].Value)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var defined = _cmdlets.Select(c => c.Verb + "-" + c.Noun)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToArray();

            Assert.Equal(defined, exported);
        }

        [Fact]
        public void ManifestNamesFilesThatExist()
        {
            string manifest = File.ReadAllText(Path.Combine(_repoRoot, "StreamingStt.psd1"));
            Assert.Matches(@"RootModule\s*=\s*'StreamingStt\.Commands\.dll'", manifest);
            Assert.Matches(@"FormatsToProcess\s*=\s*@\(\s*'StreamingStt\.format\.ps1xml'\s*\)", manifest);
            Assert.True(File.Exists(FormatFilePath), $"{FormatFilePath} should exist.");
        }

        [Fact]
        public void EveryCmdletHasItsHelpMarkdown()
        {
            var missing = _cmdlets
                .Select(c => c.Verb + "-" + c.Noun)
                .Where(name => !File.Exists(Path.Combine(_repoRoot, "docs", name + ".md")))
                .ToArray();

            Assert.True(missing.Length == 0, "Missing docs/<Verb-Noun>.md for: " + string.Join(", ", missing));
        }

        [Fact]
        public void CmdletClassesAreSealedAndNamedVerbNounCommand()
        {
            foreach (var (type, verb, noun) in _cmdlets)
            {
                Assert.True(type.IsSealed, $"{type.FullName} should be sealed.");
                Assert.Equal(verb + noun + "Command", type.Name);
                Assert.Equal("StreamingStt.Commands", type.Namespace);
            }
        }

        [Fact]
        public void FormatFileSelectsOnlyTypesThatExist()
        {
            XDocument format = XDocument.Load(FormatFilePath);
            var typeNames = format.Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value.Trim()).Distinct().ToArray();
            Assert.NotEmpty(typeNames);

            foreach (string typeName in typeNames)
            {
                Type? type = _commands.GetType(typeName) ?? _engine.GetType(typeName);
                Assert.True(type is not null, $"The format file selects '{typeName}', which is neither in StreamingStt.Commands nor in StreamingStt.Engine.");
                Assert.True(type!.IsPublic, $"'{typeName}' should be public.");
            }
        }

        [Fact]
        public void FormatFileHasTheRequiredViews()
        {
            XDocument format = XDocument.Load(FormatFilePath);
            var views = format.Descendants("View")
                .Select(v => (Type: v.Element("ViewSelectedBy")?.Element("TypeName")?.Value.Trim(),
                              Control: v.Elements().Select(e => e.Name.LocalName).FirstOrDefault(n => n.EndsWith("Control", StringComparison.Ordinal))))
                .ToArray();

            Assert.Contains(views, v => v.Type == "StreamingStt.Turn" && v.Control == "TableControl");
            Assert.Contains(views, v => v.Type == "StreamingStt.Turn" && v.Control == "ListControl");
            Assert.Contains(views, v => v.Type == "StreamingStt.Commands.SttJob" && v.Control == "TableControl");
            Assert.Contains(views, v => v.Type == "StreamingStt.SessionSummary" && v.Control == "ListControl");
            Assert.Contains(views, v => v.Type == "StreamingStt.SttToken" && v.Control == "TableControl");

            // The token table must not show the token itself.
            XElement tokenTable = format.Descendants("View").First(v =>
                v.Element("ViewSelectedBy")?.Element("TypeName")?.Value.Trim() == "StreamingStt.SttToken" && v.Element("TableControl") is not null);
            Assert.DoesNotContain(tokenTable.Descendants("PropertyName"), p => p.Value.Trim() == "Token");
        }

        private string FormatFilePath => Path.Combine(_repoRoot, "src", "StreamingStt.Commands", "StreamingStt.format.ps1xml");

        private static IReadOnlyList<(Type Type, string Verb, string Noun)> FindCmdlets(Assembly assembly)
        {
            var cmdlets = new List<(Type, string, string)>();
            foreach (Type type in assembly.GetTypes())
            {
                CustomAttributeData? cmdlet = type.GetCustomAttributesData()
                    .FirstOrDefault(a => a.AttributeType.FullName == CmdletAttributeName);
                if (cmdlet is null) continue;
                string verb = (string)cmdlet.ConstructorArguments[0].Value!;
                string noun = (string)cmdlet.ConstructorArguments[1].Value!;
                cmdlets.Add((type, verb, noun));
            }
            return cmdlets;
        }

        private static string FindRepoRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "StreamingStt.psd1"))) return directory.FullName;
            }
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds StreamingStt.psd1.");
        }

        // The test project builds the Commands project first (a ProjectReference that does not
        // reference its output, since the facade cannot run); take the newest build of it.
        private static string FindCommandsDll(string repoRoot)
        {
            string bin = Path.Combine(repoRoot, "src", "StreamingStt.Commands", "bin");
            FileInfo? newest = Directory.Exists(bin)
                ? new DirectoryInfo(bin).EnumerateFiles("StreamingStt.Commands.dll", SearchOption.AllDirectories)
                    .Where(f => f.Directory?.Name == "netstandard2.0")
                    .OrderByDescending(f => f.LastWriteTimeUtc)
                    .FirstOrDefault()
                : null;
            Assert.True(newest is not null, $"Build src/StreamingStt.Commands first: no StreamingStt.Commands.dll under {bin}.");
            return newest!.FullName;
        }

        private static string FindPowerShellStandard()
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string sma = Path.Combine(packages, "powershellstandard.library", PowerShellStandardVersion, "lib", "netstandard2.0",
                "System.Management.Automation.dll");
            Assert.True(File.Exists(sma), $"PowerShellStandard.Library {PowerShellStandardVersion} should be restored at {sma}.");
            return sma;
        }
    }
}
