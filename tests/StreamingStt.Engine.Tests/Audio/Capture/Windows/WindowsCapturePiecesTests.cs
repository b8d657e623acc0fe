// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>The waveIn format choice, the backends off Windows and the MTA worker.</summary>
public sealed class WindowsCapturePiecesTests
{
    [Fact]
    public void WaveInAsksForTheSessionRateFirstThenCommonLayouts()
    {
        var request = new AudioCaptureRequest { PreferredSampleRate = 16000, PreferredChannels = 1 };

        AudioFormat[] formats = WaveInCaptureBackend.CandidateFormats(request).ToArray();

        Assert.Equal(new[]
        {
            new AudioFormat(16000, 1, SampleEncoding.Pcm16),
            new AudioFormat(48000, 2, SampleEncoding.Pcm16),
            new AudioFormat(44100, 2, SampleEncoding.Pcm16),
            new AudioFormat(48000, 1, SampleEncoding.Pcm16),
            new AudioFormat(44100, 1, SampleEncoding.Pcm16),
        }, formats);

        // No duplicates when the session already wants a common layout.
        Assert.Equal(4, WaveInCaptureBackend.CandidateFormats(new AudioCaptureRequest { PreferredSampleRate = 48000, PreferredChannels = 2 }).Count());
    }

    [Fact]
    public void BackendsAreUnavailableOffWindowsAndKeepTheirNames()
    {
        var wasapi = new WasapiCaptureBackend();
        var waveIn = new WaveInCaptureBackend();
        Assert.Equal("WASAPI", wasapi.Name);
        Assert.Equal("WaveIn", waveIn.Name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(wasapi.IsAvailable);
            Assert.False(waveIn.IsAvailable);
        }
    }

    [WindowsFact]
    public void MtaWorkerReturnsResultsAndRethrowsOnTheCaller()
    {
        Assert.Equal(ApartmentState.MTA, MtaWorker.Run(() => Thread.CurrentThread.GetApartmentState()));
        Assert.NotEqual(Environment.CurrentManagedThreadId, MtaWorker.Run(() => Environment.CurrentManagedThreadId));
        var error = Assert.Throws<InvalidOperationException>(() => MtaWorker.Run<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", error.Message);
    }
}
