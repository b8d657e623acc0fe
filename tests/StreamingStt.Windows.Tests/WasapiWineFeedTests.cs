// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Tests.Audio.Capture.Windows;
using Xunit;

namespace StreamingStt.Windows.Tests;

/// <summary>
/// WASAPI against Wine's ALSA driver, fed a known file: what the capture client hands out must be
/// the fed bytes. Wine drops its first buffer after Start, so the captured bytes are found in the
/// feed by alignment rather than expected at offset 0. Buffers stay at 40 ms: Wine gives ALSA four
/// 10 ms periods, and the file plugin refuses larger reads (with a larger buffer Wine fills gaps with silence).
/// </summary>
public sealed class WasapiWineFeedTests
{
    // 20 ms asked for, doubled by BufferDuration to the 40 ms Wine can serve from the file plugin.
    private static readonly AudioCaptureRequest SmallBuffers = new() { Latency = TimeSpan.FromMilliseconds(20) };
    private static readonly AudioFormat WineMixFormat = new(48000, 2, SampleEncoding.Float32);

    private readonly ITestOutputHelper _output;

    public WasapiWineFeedTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [WineFeedFact]
    public void ListsWinesAlsaDeviceAsTheDefaultEndpointInTheMixFormat()
    {
        var backend = new WasapiCaptureBackend();

        AudioDevice device = Assert.Single(backend.ListDevices());

        Assert.Equal(WineAudio.DeviceName, device.Name);
        Assert.True(device.IsDefault);
        Assert.Equal("WASAPI", device.Backend);
        Assert.Equal((2, 48000), (device.Channels, device.SampleRate));
        using IAudioCaptureStream stream = backend.Open(device, SmallBuffers);
        Assert.Equal(WineMixFormat, stream.Format);
    }

    [WineFeedFact]
    public void CapturesTheFedBytesExactly()
    {
        byte[] feed = WineAudio.ReadFeed();
        var backend = new WasapiCaptureBackend();

        using IAudioCaptureStream stream = backend.Open(DefaultDevice(backend), SmallBuffers);
        byte[] captured = Capture(stream, WineMixFormat.BytesPerSecond * 3 / 2);

        AssertIsTheFeed(feed, captured, stream.Format);
    }

    /// <summary>The Windows PowerShell 5.1 path with content: opened on an STA thread, read on a background thread, disposed on the STA.</summary>
    [WineFeedFact]
    public void AStreamOpenedOnAnStaThreadDeliversTheFeed()
    {
        byte[] feed = WineAudio.ReadFeed();
        var backend = new WasapiCaptureBackend();
        IAudioCaptureStream stream = WindowsCaptureTestSupport.OnThread(ApartmentState.STA, () => backend.Open(DefaultDevice(backend), SmallBuffers));
        byte[] captured = Array.Empty<byte>();
        try
        {
            Exception? failure = null;
            var reader = new Thread(() =>
            {
                try
                {
                    captured = Capture(stream, WineMixFormat.BytesPerSecond);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            })
            { IsBackground = true };
            reader.Start();
            Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "The capture thread did not finish in 30 s.");
            Assert.Null(failure);
        }
        finally
        {
            WindowsCaptureTestSupport.OnThread(ApartmentState.STA, () =>
            {
                stream.Dispose();
                return true;
            });
        }

        AssertIsTheFeed(feed, captured, stream.Format);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[64], 0, 64));
    }

    /// <summary>Dispose stops and releases the audio client: the device opens again and plays the feed from its start (a new ALSA handle).</summary>
    [WineFeedFact]
    public void AReleasedDeviceOpensAgainAndPlaysTheFeedFromItsStart()
    {
        byte[] feed = WineAudio.ReadFeed();
        var backend = new WasapiCaptureBackend();
        AudioDevice device = DefaultDevice(backend);

        IAudioCaptureStream first = backend.Open(device, SmallBuffers);
        int firstOffset = AssertIsTheFeed(feed, Capture(first, WineMixFormat.BytesPerSecond / 2), first.Format);
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Read(new byte[64], 0, 64));

        using IAudioCaptureStream second = backend.Open(device, SmallBuffers);
        int secondOffset = AssertIsTheFeed(feed, Capture(second, WineMixFormat.BytesPerSecond / 2), second.Format);

        Assert.Equal(firstOffset, secondOffset);
    }

    /// <summary>The shared capture layer on Windows: AudioCapture picks WASAPI, its capture thread (a plain background thread) buffers the feed unchanged.</summary>
    [WineFeedFact]
    public void TheSharedCaptureLayerBuffersTheFeedThroughWasapi()
    {
        byte[] feed = WineAudio.ReadFeed();

        using MicrophoneAudioSource source = AudioCapture.Open(WineAudio.DeviceName, new MicrophoneOptions { Latency = TimeSpan.FromMilliseconds(20) });
        Assert.Equal("WASAPI", source.Device.Backend);
        Assert.True(source.Device.IsDefault);
        var captured = new MemoryStream();
        var chunk = new byte[source.Format.BytesPerSecond / 50];
        var clock = Stopwatch.StartNew();
        while (captured.Length < source.Format.BytesPerSecond / 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Only {captured.Length} bytes arrived in 20 s.");
            int read = source.Read(chunk, 0, chunk.Length);
            captured.Write(chunk, 0, read);
        }

        AssertIsTheFeed(feed, captured.ToArray(), source.Format);
        Assert.Equal(0, source.Overruns);
        Assert.Equal(TimeSpan.Zero, source.DroppedAudio);
    }

    private static AudioDevice DefaultDevice(WasapiCaptureBackend backend) =>
        backend.ListDevices().Single(d => d.IsDefault);

    /// <summary>Starts the stream and reads 10 ms chunks until <paramref name="bytes"/> arrived (capture from the file plugin runs faster than real time).</summary>
    private static byte[] Capture(IAudioCaptureStream stream, int bytes)
    {
        var captured = new MemoryStream(bytes + 4096);
        var chunk = new byte[stream.Format.BlockAlign * (stream.Format.SampleRate / 100)];
        stream.Start();
        var clock = Stopwatch.StartNew();
        while (captured.Length < bytes)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Only {captured.Length} of {bytes} bytes arrived in 20 s.");
            int read = stream.Read(chunk, 0, chunk.Length);
            Assert.Equal(0, read % stream.Format.BlockAlign);
            captured.Write(chunk, 0, read);
        }
        return captured.ToArray();
    }

    /// <summary>
    /// Finds where in the feed the captured bytes start (the first whole frame at which 100 ms of
    /// them match), checks that is within Wine's dropped first buffer or so, and that every captured
    /// byte equals the feed from there. Returns that offset in bytes.
    /// </summary>
    private int AssertIsTheFeed(byte[] feed, byte[] captured, AudioFormat format)
    {
        Assert.Equal(WineMixFormat, format);
        int probe = format.BytesPerSecond / 10;
        Assert.True(captured.Length >= probe, $"Only {captured.Length} bytes were captured.");

        int offset = -1;
        for (int candidate = 0; candidate + probe <= feed.Length; candidate += format.BlockAlign)
        {
            if (feed.AsSpan(candidate, probe).SequenceEqual(captured.AsSpan(0, probe)))
            {
                offset = candidate;
                break;
            }
        }
        int firstSound = Array.FindIndex(captured, b => b != 0);
        Assert.True(offset >= 0, $"The first 100 ms captured appear nowhere in the feed (first non-zero byte at {firstSound}).");
        _output.WriteLine($"The capture starts {offset / format.BlockAlign} frames ({offset * 1000.0 / format.BytesPerSecond:0.#} ms) into the feed.");
        // Wine 8 drops one 40 ms buffer (1920 frames); a quarter second would mean lost audio.
        Assert.InRange(offset, 0, format.BytesPerSecond / 4);

        int compared = Math.Min(captured.Length, feed.Length - offset);
        Assert.True(compared == captured.Length, $"The capture ({captured.Length} bytes) ran past the end of the feed ({feed.Length - offset} bytes from the offset).");
        int mismatch = feed.AsSpan(offset, compared).CommonPrefixLength(captured.AsSpan(0, compared));
        Assert.True(mismatch == compared, $"The captured bytes differ from the feed at captured byte {mismatch} of {compared}.");
        return offset;
    }
}
