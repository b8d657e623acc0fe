// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Text;

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>
    /// Builds ProcessStartInfo.Arguments (netstandard2.0 has no ArgumentList). Windows programs split
    /// the string with the CommandLineToArgvW rules, and .NET on Unix splits it with the same rules,
    /// so one quoting scheme is right everywhere.
    /// </summary>
    internal static class FfmpegCommandLine
    {
        private static readonly char[] NeedsQuotes = { ' ', '\t', '\n', '\v', '\r', '"' };

        public static string Join(IEnumerable<string> arguments)
        {
            var builder = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(Quote(argument));
            }
            return builder.ToString();
        }

        /// <summary>
        /// Quotes one argument so it arrives unchanged: backslashes are literal except before a
        /// quote, where they must be doubled, and a quote inside is escaped with one backslash.
        /// </summary>
        public static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(NeedsQuotes) < 0)
            {
                return argument;
            }
            var builder = new StringBuilder(argument.Length + 8).Append('"');
            int i = 0;
            while (i < argument.Length)
            {
                int backslashes = 0;
                while (i < argument.Length && argument[i] == '\\')
                {
                    backslashes++;
                    i++;
                }
                if (i == argument.Length)
                {
                    // Before the closing quote: double them so the quote stays a delimiter.
                    builder.Append('\\', backslashes * 2);
                    break;
                }
                if (argument[i] == '"')
                {
                    builder.Append('\\', backslashes * 2 + 1).Append('"');
                }
                else
                {
                    builder.Append('\\', backslashes).Append(argument[i]);
                }
                i++;
            }
            return builder.Append('"').ToString();
        }
    }
}
