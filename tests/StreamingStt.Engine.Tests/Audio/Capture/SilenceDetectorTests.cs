// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture;

public sealed class SilenceDetectorTests
{
    private static readonly AudioFormat Pcm16 = new(1000, 1, SampleEncoding.Pcm16);
    private static readonly AudioFormat Float = new(1000, 2, SampleEncoding.Float32);

    private static byte[] Pcm16Samples(int count, short value) => Enumerable.Range(0, count).SelectMany(_ => BitConverter.GetBytes(value)).ToArray();

    [Fact]
    public void ReportsSilenceOnlyAfterTheWholeWindow()
    {
        var detector = new SilenceDetector(Pcm16, TimeSpan.FromSeconds(1));
        byte[] half = Pcm16Samples(500, 20); // 20/32768 ≈ -64 dBFS: hiss, not speech
        detector.Observe(half, 0, half.Length);
        Assert.False(detector.IsSilent);
        Assert.True(detector.Watching);
        detector.Observe(half, 0, half.Length);
        Assert.True(detector.IsSilent);
        Assert.False(detector.Watching);
    }

    [Fact]
    public void ASignalAboveMinus60DbfsEndsTheWatch()
    {
        var detector = new SilenceDetector(Pcm16, TimeSpan.FromSeconds(1));
        byte[] quiet = Pcm16Samples(100, 0);
        byte[] speech = Pcm16Samples(10, 2000);
        detector.Observe(quiet, 0, quiet.Length);
        detector.Observe(speech, 0, speech.Length);
        Assert.True(detector.HeardSignal);
        Assert.False(detector.Watching);
        detector.Observe(quiet, 0, quiet.Length);
        Assert.False(detector.IsSilent);
    }

    [Fact]
    public void FloatStereoIsReadPerSample()
    {
        var detector = new SilenceDetector(Float, TimeSpan.FromSeconds(1));
        var frames = new byte[8 * 10];
        BitConverter.GetBytes(-0.01f).CopyTo(frames, 8 * 9 + 4); // right channel of the last frame
        detector.Observe(frames, 0, frames.Length);
        Assert.True(detector.HeardSignal);
    }

    [Fact]
    public void AZeroWindowNeverWarns()
    {
        var detector = new SilenceDetector(Pcm16, TimeSpan.Zero);
        byte[] quiet = Pcm16Samples(100, 0);
        detector.Observe(quiet, 0, quiet.Length);
        Assert.False(detector.IsSilent);
    }
}
