// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace StreamingStt.HelpCompiler
{
    /// <summary>docs/&lt;Verb-Noun&gt;.md pages to one MAML file, named by their "external help file".</summary>
    public static class ExternalHelpCompiler
    {
        /// <summary>
        /// Reads the named pages (docs/&lt;name&gt;.md), or, without names, every page in the folder
        /// whose front matter names an external help file (about_*.md and other notes have none).
        /// </summary>
        public static IReadOnlyList<CommandHelp> ReadCommands(string docsDirectory, IReadOnlyList<string>? commandNames = null)
        {
            if (!Directory.Exists(docsDirectory))
            {
                throw new DirectoryNotFoundException($"The docs folder {docsDirectory} does not exist.");
            }

            IReadOnlyList<string> paths = commandNames is { Count: > 0 }
                ? PagesFor(docsDirectory, commandNames)
                : Directory.GetFiles(docsDirectory, "*.md")
                    .Where(path => MarkdownPageReader.Read(File.ReadAllText(path), path).FrontMatter.ContainsKey("external help file"))
                    .OrderBy(path => path, StringComparer.Ordinal)
                    .ToArray();
            if (paths.Count == 0)
            {
                throw new FileNotFoundException($"No cmdlet help pages (markdown with an 'external help file' front matter) in {docsDirectory}.");
            }

            var commands = paths.Select(PlatyPsMarkdownParser.ParseFile).ToArray();
            string helpFile = commands[0].ExternalHelpFile;
            CommandHelp? other = commands.FirstOrDefault(c => !string.Equals(c.ExternalHelpFile, helpFile, StringComparison.Ordinal));
            if (other is not null)
            {
                throw new HelpSourceException(other.SourceName, 1,
                    $"'external help file: {other.ExternalHelpFile}' differs from {commands[0].SourceName} ('{helpFile}'); the pages are compiled into one file.");
            }
            if (helpFile.IndexOfAny(new[] { '/', '\\' }) >= 0 || !helpFile.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpSourceException(commands[0].SourceName, 1, $"'external help file: {helpFile}' should be a file name ending in -Help.xml.");
            }
            return commands;
        }

        /// <summary>Compiles the pages and writes &lt;outputDirectory&gt;/&lt;external help file&gt;. Returns its path.</summary>
        public static string CompileToDirectory(string docsDirectory, string outputDirectory, IReadOnlyList<string>? commandNames = null)
        {
            IReadOnlyList<CommandHelp> commands = ReadCommands(docsDirectory, commandNames);
            XDocument document = MamlWriter.ToDocument(commands);
            Directory.CreateDirectory(outputDirectory);
            string path = Path.Combine(outputDirectory, commands[0].ExternalHelpFile);
            MamlWriter.Save(document, path);
            return path;
        }

        private static IReadOnlyList<string> PagesFor(string docsDirectory, IReadOnlyList<string> commandNames)
        {
            var paths = new List<string>();
            foreach (string name in commandNames)
            {
                if (commandNames.Count(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) > 1)
                {
                    throw new ArgumentException($"{name} is listed twice.");
                }
                string path = Path.Combine(docsDirectory, name + ".md");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"No help page for {name}: {path} does not exist.", path);
                }
                paths.Add(path);
            }
            return paths;
        }
    }
}
