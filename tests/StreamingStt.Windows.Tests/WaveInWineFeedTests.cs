// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Tests.Audio.Capture;
using Xunit;

namespace StreamingStt.Windows.Tests;

/// <summary>
/// WinMM waveIn against Wine's ALSA driver. Wine's waveIn runs end to end but delivers silence
/// from the file plugin (and, unclocked, far faster than real time), so these check the listing,
/// the negotiated format and that whole blocks keep coming, not the content.
/// </summary>
public sealed class WaveInWineFeedTests
{
    private static readonly AudioCaptureRequest SessionRequest = new() { PreferredSampleRate = 16000, PreferredChannels = 1 };

    [WineFeedFact]
    public void ListsTheWaveMapperThenWinesDevice()
    {
        IReadOnlyList<AudioDevice> devices = new WaveInCaptureBackend().ListDevices();

        Assert.Equal(new[] { "waveIn:mapper", "waveIn:0" }, devices.Select(d => d.Id));
        Assert.Equal(new[] { "Default (WinMM wave mapper)", WineAudio.DeviceName }, devices.Select(d => d.Name));
        Assert.Equal(new[] { true, false }, devices.Select(d => d.IsDefault));
        Assert.Equal(2, devices[1].Channels);
    }

    [WineFeedFact]
    public void OpensEveryInputAtTheSessionRateAndKeepsDeliveringWholeBlocks()
    {
        var backend = new WaveInCaptureBackend();
        foreach (AudioDevice device in backend.ListDevices())
        {
            IAudioCaptureStream stream = backend.Open(device, SessionRequest);
            try
            {
                // The first candidate (the session's own rate, mono) is taken: nothing to resample.
                Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16), stream.Format);

                long total = CaptureBackendAssert.CaptureFor(stream, TimeSpan.FromMilliseconds(500));

                Assert.True(total >= stream.Format.BytesPerSecond / 2, $"{device.Name}: only {total} bytes arrived in 500 ms of {stream.Format}.");
                Assert.Equal(0, total % stream.Format.BlockAlign);
            }
            finally
            {
                stream.Dispose();
            }
            Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[64], 0, 64));
        }
    }
}
