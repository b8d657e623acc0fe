// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Ffmpeg;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Ffmpeg;

public class FfmpegStderrLogTests
{
    [Fact]
    public void Keeps_warnings_and_errors_with_their_context_and_reads_the_duration()
    {
        using var log = new FfmpegStderrLog();
        log.Add("[info] Input #0, mp3, from 'file:/tmp/a.mp3':");
        log.Add("[info]   Duration: 00:01:02.34, start: 0.025057, bitrate: 64 kb/s");
        log.Add("[info]   Duration: 00:09:00.00, start: 0.000000, bitrate: 1 kb/s");   // a second input does not count
        log.Add("[mp3float @ 0x55e2ed17c940] [warning] Header missing");
        log.Add("[fatal] Stream map '0:a:0' matches no streams.");
        log.Add("To ignore this, add a trailing '?' to the map.");
        log.Add("[info] Conversion failed!");

        Assert.True(log.WaitForInputDescription(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(62.34), log.Duration);
        Assert.Equal(new[]
        {
            "mp3float: Header missing",
            "Stream map '0:a:0' matches no streams.",
            "To ignore this, add a trailing '?' to the map.",
        }, log.Messages());
    }

    [Fact]
    public void Keeps_only_the_last_twenty_messages()
    {
        using var log = new FfmpegStderrLog();
        for (int i = 0; i < 50; i++) log.Add($"[error] line {i}");
        Assert.Equal(FfmpegStderrLog.MaxLines, log.Messages().Count);
        Assert.Equal("line 49", log.Messages()[^1]);
    }

    [Fact]
    public void Duration_NA_leaves_it_unknown_and_the_stream_mapping_ends_the_wait()
    {
        using var log = new FfmpegStderrLog();
        log.Add("[info]   Duration: N/A, bitrate: N/A");
        log.Add("[info] Stream mapping:");
        Assert.True(log.WaitForInputDescription(TimeSpan.Zero));
        Assert.Null(log.Duration);
    }

    [Fact]
    public void Untagged_lines_from_an_ffmpeg_without_level_tags_are_kept()
    {
        using var log = new FfmpegStderrLog();
        log.Add("/tmp/x.mp3: Invalid data found when processing input");
        Assert.Equal(new[] { "/tmp/x.mp3: Invalid data found when processing input" }, log.Messages());
        Assert.False(log.WaitForInputDescription(TimeSpan.Zero));
        log.Complete();
        Assert.True(log.WaitForInputDescription(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Duration: 00:00:02.00, start", 2.0)]
    [InlineData("  Duration: 01:02:03.5, start", 3723.5)]
    [InlineData("Duration: 123:00:00.00", 442800.0)]
    public void ParseDuration(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), FfmpegStderrLog.ParseDuration(text));
    }

    [Fact]
    public void Failures_are_classified_and_quote_ffmpeg()
    {
        var noAudio = FfmpegFailure.FromExit("/v.mp4", 1, new[] { "Stream map '0:a:0' matches no streams." }, producedAudio: false);
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, noAudio.Kind);
        Assert.Contains("no audio stream", noAudio.Message);

        var codec = FfmpegFailure.FromExit("/a.mka", 1, new[] { "Decoder (codec none) not found for input stream #0:0" }, producedAudio: false);
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, codec.Kind);

        var corrupt = FfmpegFailure.FromExit("/g.mp3", 1, new[] { "file:/g.mp3: Invalid data found when processing input" }, producedAudio: false);
        Assert.Equal(SttErrorKind.AudioFileCorrupt, corrupt.Kind);
        Assert.Equal("/g.mp3", corrupt.Target);
        Assert.Contains("'/g.mp3'", corrupt.Message);
        Assert.Contains("exit code 1", corrupt.Message);
        Assert.EndsWith("ffmpeg said: \"file:/g.mp3: Invalid data found when processing input\".", corrupt.Message);

        var windows = FfmpegFailure.FromExit("/g.mp3", unchecked((int)0xC0000135), Array.Empty<string>(), producedAudio: true);
        Assert.Contains("0xC0000135", windows.Message);
        Assert.Contains("part way through", windows.Message);
    }
}
