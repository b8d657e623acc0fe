// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Ffmpeg;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Ffmpeg;

public class FfmpegCommandLineTests
{
    [Theory]
    [InlineData("-i", "-i")]
    [InlineData(@"C:\music\a.mp3", @"C:\music\a.mp3")]               // backslashes alone are literal
    [InlineData("/home/me/a.mp3", "/home/me/a.mp3")]
    [InlineData("", "\"\"")]
    [InlineData("my song.mp3", "\"my song.mp3\"")]
    [InlineData("tab\there", "\"tab\there\"")]
    [InlineData("say \"hi\".mp3", "\"say \\\"hi\\\".mp3\"")]
    [InlineData(@"a\""b", "\"a\\\\\\\"b\"")]                          // a\"b → "a\\\"b": the backslash doubled, the quote escaped
    [InlineData(@"C:\my folder\", "\"C:\\my folder\\\\\"")]           // trailing backslash doubled before the closing quote
    [InlineData(@"x\\ y", "\"x\\\\ y\"")]                             // backslashes not before a quote stay as they are
    public void Quote_follows_the_CommandLineToArgvW_rules(string argument, string expected)
    {
        Assert.Equal(expected, FfmpegCommandLine.Quote(argument));
    }

    [Fact]
    public void Join_separates_arguments_with_one_space()
    {
        Assert.Equal("-i \"a b.mp3\" -f wav -", FfmpegCommandLine.Join(new[] { "-i", "a b.mp3", "-f", "wav", "-" }));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with space")]
    [InlineData("quote\"inside")]
    [InlineData("\\\"leading")]
    [InlineData("trailing\\")]
    [InlineData("trailing\\\\")]
    [InlineData("mid\\\\\"dle")]
    [InlineData("\"")]
    [InlineData("")]
    [InlineData(@"C:\Program Files\ffmpeg\")]
    public void Quoted_arguments_parse_back_to_themselves(string argument)
    {
        // Round trip through a reference parser written from Microsoft's documented rules
        // (the same rules .NET uses to split Arguments on Unix).
        string line = FfmpegCommandLine.Join(new[] { "first", argument, "last" });
        Assert.Equal(new[] { "first", argument, "last" }, Parse(line));
    }

    private static List<string> Parse(string line)
    {
        var result = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i == line.Length) return result;
            var current = new System.Text.StringBuilder();
            bool inQuotes = false;
            while (i < line.Length)
            {
                int backslashes = 0;
                while (i < line.Length && line[i] == '\\') { backslashes++; i++; }
                if (i < line.Length && line[i] == '"')
                {
                    current.Append('\\', backslashes / 2);
                    if (backslashes % 2 == 1) { current.Append('"'); i++; continue; }
                    inQuotes = !inQuotes;
                    i++;
                    continue;
                }
                current.Append('\\', backslashes);
                if (i == line.Length) break;
                if (!inQuotes && (line[i] == ' ' || line[i] == '\t')) break;
                current.Append(line[i]);
                i++;
            }
            result.Add(current.ToString());
        }
    }
}
