// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.RegularExpressions;
using StreamingStt.Engine.Tests.Help;
using Xunit;

namespace StreamingStt.Engine.Tests.Contract
{
    /// <summary>
    /// docs/architecture.md: each engine layer knows only the layers below it. Read from the engine's
    /// source: every file's folder must declare its layer's namespace, and no file may name (by using
    /// directive or qualified name) the namespace of a layer that is not below its own. The order is
    /// Model (namespace StreamingStt) &lt; Audio, Transport &lt; Providers &lt; Session; Audio and Transport
    /// are peers and do not know each other.
    /// </summary>
    public sealed class EngineLayerTests
    {
        private sealed record Layer(string Folder, string Namespace, int Rank);

        private static readonly Layer[] Layers =
        {
            new Layer("Model", "StreamingStt", 0),
            new Layer("Audio", "StreamingStt.Engine.Audio", 1),
            new Layer("Transport", "StreamingStt.Engine.Transport", 1),
            new Layer("Subtitles", "StreamingStt.Engine.Subtitles", 1),
            new Layer("Providers", "StreamingStt.Engine.Providers", 2),
            new Layer("Session", "StreamingStt.Engine.Session", 3),
        };

        // "StreamingStt.Engine.Session" in a using directive, a qualified name or a cref; "Engine.Session." inside namespace StreamingStt.
        private static readonly Regex EngineNamespaceReference = new Regex(@"\b(?:StreamingStt\.)?Engine\.(?<layer>Audio|Transport|Subtitles|Providers|Session)\b", RegexOptions.Compiled);
        private static readonly Regex NamespaceDeclaration = new Regex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Compiled | RegexOptions.Multiline);

        [Fact]
        public void No_engine_file_reaches_a_layer_that_is_not_below_its_own()
        {
            string engineDirectory = Path.Combine(HelpTestPaths.RepoRoot, "src", "StreamingStt.Engine");
            var violations = new List<string>();
            int filesRead = 0;
            foreach (string file in Directory.EnumerateFiles(engineDirectory, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(engineDirectory, file).Replace('\\', '/');
                if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
                filesRead++;
                violations.AddRange(Violations(relative, File.ReadAllText(file)));
            }
            Assert.True(filesRead > 50, $"Expected the engine's source files under {engineDirectory}; read {filesRead}.");
            Assert.True(violations.Count == 0, "Upward or sideways references between engine layers (docs/architecture.md):\n  " + string.Join("\n  ", violations));
        }

        [Fact]
        public void The_check_finds_an_upward_using_a_qualified_name_and_a_namespace_that_does_not_match_the_folder()
        {
            Assert.Single(Violations("Audio/Decoder.cs", "using StreamingStt.Engine.Session;\nnamespace StreamingStt.Engine.Audio { }"));
            Assert.Single(Violations("Model/Turn.cs", "namespace StreamingStt { class T { Engine.Providers.ISttProtocol? p; } }"));
            Assert.Single(Violations("Transport/Socket.cs", "namespace StreamingStt.Engine.Transport { class S { StreamingStt.Engine.Audio.AudioFormat f; } }"));
            Assert.Contains(Violations("Providers/X.cs", "namespace StreamingStt.Engine.Session { }"), violation => violation.Contains("declares namespace StreamingStt.Engine.Session", StringComparison.Ordinal));
            Assert.Empty(Violations("Session/S.cs", "using StreamingStt.Engine.Providers;\nusing StreamingStt.Engine.Audio;\nnamespace StreamingStt.Engine.Session { }"));
            Assert.Single(Violations("Audio/A.cs", "namespace StreamingStt.Engine.Audio {\n/// <see cref=\"StreamingStt.Engine.Session.SttSession\"/>\nclass A { } }"));
            Assert.Empty(Violations("Providers/P.cs", "// Start-SttSession maps to StreamingStt.Engine.Session, said in a comment only\nnamespace StreamingStt.Engine.Providers.Deepgram { }"));
        }

        [Fact]
        public void Every_engine_folder_is_a_known_layer()
        {
            string engineDirectory = Path.Combine(HelpTestPaths.RepoRoot, "src", "StreamingStt.Engine");
            string[] unknown = Directory.EnumerateDirectories(engineDirectory)
                .Select(Path.GetFileName)
                .Where(name => name is not ("bin" or "obj" or "Properties") && !Layers.Any(layer => layer.Folder == name))
                .Select(name => name!)
                .ToArray();
            Assert.True(unknown.Length == 0, $"Engine folders with no place in the layer order (add them to docs/architecture.md and this test): {string.Join(", ", unknown)}");
        }

        private static IEnumerable<string> Violations(string relativePath, string source)
        {
            string folder = relativePath.Split('/')[0];
            Layer? own = Layers.FirstOrDefault(layer => layer.Folder == folder);
            if (own is null)
            {
                yield return $"{relativePath}: not in a layer folder";
                yield break;
            }
            string code = WithoutComments(source);
            foreach (Match declaration in NamespaceDeclaration.Matches(code))
            {
                string name = declaration.Groups["name"].Value;
                bool matches = own.Rank == 0 ? name == own.Namespace : name == own.Namespace || name.StartsWith(own.Namespace + ".", StringComparison.Ordinal);
                if (!matches) yield return $"{relativePath}: declares namespace {name}, but its folder is the {own.Folder} layer ({own.Namespace})";
            }
            foreach (Match reference in EngineNamespaceReference.Matches(code))
            {
                Layer target = Layers.Single(layer => layer.Folder == reference.Groups["layer"].Value);
                if (target == own || target.Rank < own.Rank) continue;
                int line = code.Take(reference.Index).Count(c => c == '\n') + 1;
                yield return $"{relativePath}:{line}: the {own.Folder} layer names {reference.Value} ({target.Folder} is not below it)";
            }
        }

        // Comments may say anything ("Start-SttSession's -Language"); only code and the crefs of doc comments count.
        // Line breaks are kept so line numbers hold.
        private static string WithoutComments(string source)
        {
            string noBlocks = Regex.Replace(source, @"/\*.*?\*/", match => new string('\n', match.Value.Count(c => c == '\n')), RegexOptions.Singleline);
            return Regex.Replace(noBlocks, @"//.*$", comment => comment.Value.StartsWith("///", StringComparison.Ordinal)
                ? string.Join(" ", Regex.Matches(comment.Value, "cref=\"([^\"]+)\"").Select(cref => cref.Groups[1].Value))
                : string.Empty, RegexOptions.Multiline);
        }
    }
}
