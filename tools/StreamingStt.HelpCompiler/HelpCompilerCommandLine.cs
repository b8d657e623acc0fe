// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// The command line: --docs &lt;folder&gt; --out &lt;folder&gt; [--commands A-B,C-D]. Exit code 0 when
    /// the help file was written, 1 when a page is wrong (the message names file and line), 2 for
    /// a usage error. A class rather than Program, so tests can run it in-process.
    /// </summary>
    public static class HelpCompilerCommandLine
    {
        public const int Success = 0;
        public const int PageError = 1;
        public const int UsageError = 2;

        public const string Usage =
            "Usage: StreamingStt.HelpCompiler --docs <folder> --out <folder> [--commands Verb-Noun,Verb-Noun,...]\n" +
            "  Compiles docs/<Verb-Noun>.md (platyPS markdown, schema 2.0.0) into <out>/<external help file>.\n" +
            "  Without --commands, every page in --docs whose front matter names an external help file.";

        public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
        {
            string? docs = null, outDirectory = null;
            List<string>? commands = null;
            for (int i = 0; i < args.Count; i++)
            {
                string option = args[i];
                if (option is "-h" or "--help" or "-?")
                {
                    output.WriteLine(Usage);
                    return Success;
                }
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return Fail(error, $"{option} needs a value.");
                }
                string value = args[++i];
                switch (option)
                {
                    case "--docs": docs = value; break;
                    case "--out": outDirectory = value; break;
                    case "--commands":
                        commands = value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
                        break;
                    default: return Fail(error, $"unknown option {option}.");
                }
            }
            if (docs is null || outDirectory is null)
            {
                return Fail(error, "--docs and --out are required.");
            }

            try
            {
                string path = ExternalHelpCompiler.CompileToDirectory(docs, outDirectory, commands);
                output.WriteLine($"Wrote {path}");
                return Success;
            }
            catch (HelpSourceException e)
            {
                error.WriteLine($"error: {e.Message}");
                return PageError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"error: {e.Message}");
                return PageError;
            }
        }

        private static int Fail(TextWriter error, string message)
        {
            error.WriteLine($"error: {message}");
            error.WriteLine(Usage);
            return UsageError;
        }
    }
}
