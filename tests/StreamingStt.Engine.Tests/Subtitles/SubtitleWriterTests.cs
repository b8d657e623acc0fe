// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Subtitles;
using Xunit;
using static StreamingStt.Engine.Tests.Subtitles.SubtitleTurns;

namespace StreamingStt.Engine.Tests.Subtitles;

/// <summary>The two file formats: layout, time notation, speaker labels, escaping; documents per source and file names.</summary>
public sealed class SubtitleWriterTests
{
    private static readonly SubtitleOptions Defaults = new();

    private static SubtitleDocument Document(SubtitleFormat format, params Turn[] turns) =>
        SubtitleDocumentBuilder.Create("call.wav", turns, format, Defaults);

    [Fact]
    public void SrtNumbersCuesAndWritesCommaMilliseconds()
    {
        string text = Document(SubtitleFormat.Srt, Timed("Hello world.", 0.5), Timed("How are you today?", 3)).Text;

        Assert.Equal("1\n00:00:00,500 --> 00:00:01,100\nHello world.\n\n2\n00:00:03,000 --> 00:00:04,200\nHow are you today?\n\n", text);
    }

    [Fact]
    public void WebVttHasItsHeaderAndWritesDotMilliseconds()
    {
        string text = Document(SubtitleFormat.WebVtt, Timed("Hello world.", 0.5), Timed("How are you today?", 3)).Text;

        Assert.Equal("WEBVTT\n\n00:00:00.500 --> 00:00:01.100\nHello world.\n\n00:00:03.000 --> 00:00:04.200\nHow are you today?\n\n", text);
    }

    [Theory]
    [InlineData(1.0, ',', "00:00:01,000")]
    [InlineData(1.0, '.', "00:00:01.000")]
    [InlineData(3723.4567, ',', "01:02:03,457")]
    [InlineData(0.0004, '.', "00:00:00.000")]
    [InlineData(0.0005, '.', "00:00:00.001")]
    [InlineData(360000.0, '.', "100:00:00.000")]
    public void TimesAreWrittenToTheNearestMillisecond(double seconds, char separator, string expected)
    {
        Assert.Equal(expected, SubtitleTime.Format(Seconds(seconds), separator));
    }

    [Fact]
    public void SpeakersAreAPrefixInSrtAndAVoiceTagInWebVtt()
    {
        var turn = Timed("Good morning.", 1, speaker: "A");

        Assert.Equal("1\n00:00:01,000 --> 00:00:01,600\nA: Good morning.\n\n", Document(SubtitleFormat.Srt, turn).Text);
        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:01.600\n<v A>Good morning.\n\n", Document(SubtitleFormat.WebVtt, turn).Text);
    }

    [Fact]
    public void WebVttEscapesMarkupCharactersAndTheCueArrow()
    {
        var turn = Timed("R&D said x<y --> done", 0, 0.2, speaker: "Q&A <team>");

        string text = Document(SubtitleFormat.WebVtt, turn).Text;

        Assert.Contains("<v Q&amp;A &lt;team&gt;>R&amp;D said x&lt;y --&gt; done\n", text);
        // Only the header's and the timing line's arrows remain.
        Assert.Single(text.Split('\n'), line => line.Contains("-->", StringComparison.Ordinal));
    }

    [Fact]
    public void SrtKeepsTagsAndTheArrowOutOfCueText()
    {
        string text = Document(SubtitleFormat.Srt, Timed("a --> b & <b>c</b>", 0, 0.2, speaker: "<i>")).Text;

        Assert.Contains("\n\u2039i\u203A: a --\u203A b & \u2039b\u203Ac\u2039/b\u203A\n", text);
        Assert.Single(text.Split('\n'), line => line.Contains("-->", StringComparison.Ordinal));
        Assert.DoesNotContain('<', text);
    }

    [Fact]
    public void ADocumentPerSourceInTheOrderSourcesFirstCame()
    {
        var builder = new SubtitleDocumentBuilder(SubtitleFormat.Srt, Defaults);
        builder.Add(Timed("From b.", 0, source: "/calls/b.wav"));
        builder.Add(Timed("From a.", 0, source: "/calls/a.wav"));
        builder.Add(Timed("partial", 1, source: "/calls/b.wav", endOfTurn: false));
        builder.Add(Timed("More b.", 2, source: "/calls/b.wav"));
        builder.Add(Timed("No name.", 0, source: null));

        IReadOnlyList<SubtitleDocument> documents = builder.Build();

        Assert.Equal(new[] { "/calls/b.wav", "/calls/a.wav", null }, documents.Select(d => d.Source));
        Assert.Equal(new[] { 2, 1, 1 }, documents.Select(d => d.CueCount));
        Assert.Equal(1, builder.PartialTurnsIgnored);
        Assert.Equal(Seconds(2.6), documents[0].EndTime);
    }

    [Theory]
    [InlineData("/calls/monday.wav", SubtitleFormat.Srt, "monday.srt")]
    [InlineData(@"C:\calls\monday.wav", SubtitleFormat.WebVtt, "monday.vtt")]
    [InlineData("stdin", SubtitleFormat.Srt, "stdin.srt")]
    [InlineData("Microphone (USB: Audio?)", SubtitleFormat.Srt, "Microphone (USB_ Audio_).srt")]
    [InlineData(null, SubtitleFormat.WebVtt, "subtitles.vtt")]
    public void OutputFolderFileNamesComeFromTheSource(string? source, SubtitleFormat format, string expected)
    {
        Assert.Equal(expected, SubtitleFileName.ForSource(source, format));
    }

    [Theory]
    [InlineData("a.srt", SubtitleFormat.Srt)]
    [InlineData("a.VTT", SubtitleFormat.WebVtt)]
    [InlineData("a.txt", null)]
    public void APathsExtensionNamesItsFormat(string path, SubtitleFormat? expected)
    {
        Assert.Equal(expected, SubtitleFileName.FormatOf(path));
    }
}
