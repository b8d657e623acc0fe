// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Subtitles;
using Xunit;
using static StreamingStt.Engine.Tests.Subtitles.SubtitleTurns;

namespace StreamingStt.Engine.Tests.Subtitles;

/// <summary>How turns become cues: word boundaries, two lines, line length, cue duration, speakers, turn times.</summary>
public sealed class SubtitleCueBuilderTests
{
    private static readonly SubtitleOptions Defaults = new();

    [Fact]
    public void AShortTurnIsOneCueOnOneLineTimedByItsWords()
    {
        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { Timed("Hello world.", 0.5) }, SubtitleFormat.Srt, Defaults);

        SubtitleCue cue = Assert.Single(cues);
        Assert.Equal(1, cue.Index);
        Assert.Equal(Seconds(0.5), cue.StartTime);
        Assert.Equal(Seconds(1.1), cue.EndTime);
        Assert.Equal(new[] { "Hello world." }, cue.Lines);
    }

    [Fact]
    public void PartialTurnsAreLeftOut()
    {
        var turns = new[] { Timed("Hello", 0.5, endOfTurn: false), Timed("Hello world.", 0.5) };

        Assert.Equal(new[] { "Hello world." }, SubtitleCueBuilder.Build(turns, SubtitleFormat.WebVtt, Defaults).Single().Lines);
    }

    [Fact]
    public void LinesBreakBetweenWordsWithinTheLineLengthAndEvenly()
    {
        // 57 characters: more than one 42-character line, so two lines; the most even split.
        var turn = Timed("The quarterly numbers are in and they look better than expected", 0, 0.1);

        SubtitleCue cue = Assert.Single(SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, Defaults));

        Assert.Equal(new[] { "The quarterly numbers are in and", "they look better than expected" }, cue.Lines);
        Assert.All(cue.Lines, line => Assert.True(line.Length <= 42, line));
    }

    [Fact]
    public void ACueNeverHasMoreThanTwoLines()
    {
        string[] words = Enumerable.Range(1, 40).Select(i => "word" + i).ToArray();
        var turn = Timed(string.Join(' ', words), 0, 0.1);

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, new SubtitleOptions(maxLineLength: 20));

        Assert.True(cues.Count > 1);
        Assert.All(cues, cue => Assert.InRange(cue.Lines.Count, 1, 2));
        Assert.All(cues.SelectMany(c => c.Lines), line => Assert.True(line.Length <= 20, line));
        // Every word once, in order: nothing lost or repeated at the cuts.
        Assert.Equal(words, cues.SelectMany(c => c.Lines).SelectMany(l => l.Split(' ')));
        // Each cue starts where its first word starts: the next cue begins when the previous one's last word ended.
        for (int i = 1; i < cues.Count; i++) Assert.Equal(cues[i - 1].EndTime, cues[i].StartTime);
    }

    [Fact]
    public void ACueIsCutBeforeItWouldLastLongerThanTheMaximum()
    {
        // Ten 1-second words fit in two lines, but not in 7 s.
        var turn = Timed("one two three four five six seven eight nine ten", 0, 1.0);

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, Defaults);

        Assert.Equal(2, cues.Count);
        Assert.Equal((Seconds(0), Seconds(7)), (cues[0].StartTime, cues[0].EndTime));
        Assert.Equal("one two three four five six seven", cues[0].Text);
        Assert.Equal((Seconds(7), Seconds(10)), (cues[1].StartTime, cues[1].EndTime));

        IReadOnlyList<SubtitleCue> shorter = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, new SubtitleOptions(maxCueDuration: TimeSpan.FromSeconds(3)));
        Assert.Equal(new[] { 3.0, 3.0, 3.0, 1.0 }, shorter.Select(c => (c.EndTime - c.StartTime).TotalSeconds));
    }

    [Fact]
    public void AWordLongerThanALineIsKeptWhole()
    {
        string longWord = new('x', 50);
        var turn = Timed($"see {longWord} here", 0, 0.2);

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, Defaults);

        Assert.Contains(cues.SelectMany(c => c.Lines), line => line == longWord);
        Assert.Equal(new[] { "see", longWord, "here" }, cues.SelectMany(c => c.Lines).SelectMany(l => l.Split(' ')));
        Assert.All(cues, cue => Assert.InRange(cue.Lines.Count, 1, 2));
    }

    [Fact]
    public void TurnsAreNeverJoinedInOneCue()
    {
        var turns = new[] { Timed("Hello world.", 0.5, order: 0), Timed("How are you today?", 3, order: 1) };

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(turns, SubtitleFormat.WebVtt, Defaults);

        Assert.Equal(new[] { "Hello world.", "How are you today?" }, cues.Select(c => c.Text));
        Assert.Equal(new[] { 1, 2 }, cues.Select(c => c.Index));
        Assert.Equal((Seconds(3), Seconds(4.2)), (cues[1].StartTime, cues[1].EndTime));
    }

    [Fact]
    public void WithoutWordTimingsTheTurnTimeIsSharedByWordLength()
    {
        // 12 words over 12 s: cut at 7 s at the latest, at a word boundary.
        var turn = Untimed("aa bb cc dd ee ff gg hh ii jj kk ll", 10, 22);

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, Defaults);

        Assert.Equal(2, cues.Count);
        Assert.Equal(Seconds(10), cues[0].StartTime);
        Assert.Equal(Seconds(17), cues[0].EndTime);
        Assert.Equal("aa bb cc dd ee ff gg", cues[0].Text);
        Assert.Equal(Seconds(17), cues[1].StartTime);
        Assert.Equal(Seconds(22), cues[1].EndTime);
    }

    [Fact]
    public void TheTranscriptsFormattingIsUsedWhenItHasAsManyWordsAsTheTimings()
    {
        var formatted = WithWords("Hello, World.", ("hello", 0.5, 0.8), ("world", 0.8, 1.1));
        var different = WithWords("It's 5 PM.", ("it", 0, 0.2), ("is", 0.2, 0.4), ("five", 0.4, 0.6), ("pm", 0.6, 0.8));

        Assert.Equal("Hello, World.", SubtitleCueBuilder.Build(new[] { formatted }, SubtitleFormat.Srt, Defaults).Single().Text);
        Assert.Equal("it is five pm", SubtitleCueBuilder.Build(new[] { different }, SubtitleFormat.Srt, Defaults).Single().Text);
    }

    [Fact]
    public void TheSrtSpeakerPrefixCountsInTheFirstLineButTheWebVttVoiceTagDoesNot()
    {
        // 40 characters: one line in WebVTT; with "Alice: " in front (47) SRT needs two.
        var turn = Timed("This sentence is exactly forty chars ok.", 0, 0.2, speaker: "Alice");
        Assert.Equal(40, turn.Transcript.Length);

        SubtitleCue vtt = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.WebVtt, Defaults).Single();
        SubtitleCue srt = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.Srt, Defaults).Single();

        Assert.Single(vtt.Lines);
        Assert.Equal(2, srt.Lines.Count);
        Assert.True(("Alice: " + srt.Lines[0]).Length <= 42);
        Assert.Equal("Alice", srt.Speaker);
    }

    [Fact]
    public void ASpeakerChangeInsideATurnStartsANewCue()
    {
        var words = new WordList(new[]
        {
            new Word("yes", Seconds(0), Seconds(0.3), null, true, "A"),
            new Word("no", Seconds(0.4), Seconds(0.6), null, true, "B"),
        });
        var turn = new Turn(SttProvider.Deepgram, "s", "x.wav", 0, "yes no", true, true, Seconds(0), Seconds(0.6), null, null, "A", null, words, DateTimeOffset.UnixEpoch);

        IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(new[] { turn }, SubtitleFormat.WebVtt, Defaults);

        Assert.Equal(new[] { ("A", "yes"), ("B", "no") }, cues.Select(c => (c.Speaker!, c.Text)));
    }

    [Theory]
    [InlineData(9, 7.0)]
    [InlineData(1001, 7.0)]
    [InlineData(42, 0.5)]
    [InlineData(42, 601.0)]
    public void OptionsOutOfRangeAreRefusedNamingTheOption(int lineLength, double seconds)
    {
        var ex = Assert.Throws<SttException>(() => new SubtitleOptions(lineLength, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal(lineLength is < 10 or > 1000 ? "MaxLineLength" : "MaxCueDuration", ex.Target);
    }

    [Fact]
    public void LayOutRefusesWordsThatNeedThreeLines()
    {
        Assert.Null(SubtitleCueBuilder.LayOut(new[] { "aaaaaaaa", "bbbbbbbb", "cccccccc" }, 10));
        Assert.Equal(new[] { "aaaa", "bbbb cccc" }, SubtitleCueBuilder.LayOut(new[] { "aaaa", "bbbb", "cccc" }, 10));
    }
}
