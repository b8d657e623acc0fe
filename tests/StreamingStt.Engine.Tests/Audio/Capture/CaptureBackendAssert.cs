// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture;

/// <summary>What every capture backend promises (IAudioCaptureBackend / IAudioCaptureStream), checked the same way on each platform.</summary>
internal static class CaptureBackendAssert
{
    /// <summary>Index 0..n-1, at most one default, the backend's name, non-empty unique ids and names, no negative figures.</summary>
    public static void ListingIsConsistent(IReadOnlyList<AudioDevice> devices, string backend)
    {
        Assert.Equal(Enumerable.Range(0, devices.Count), devices.Select(d => d.Index));
        Assert.True(devices.Count(d => d.IsDefault) <= 1);
        Assert.All(devices, d =>
        {
            Assert.Equal(backend, d.Backend);
            Assert.False(string.IsNullOrEmpty(d.Id));
            Assert.False(string.IsNullOrEmpty(d.Name));
            Assert.True(d.Channels >= 0 && d.SampleRate >= 0);
        });
        Assert.Equal(devices.Count, devices.Select(d => d.Id).Distinct().Count());
    }

    /// <summary>Starts the stream and reads for <paramref name="duration"/> in 20 ms chunks: no read blocks long, every read is whole blocks, odd sizes too.</summary>
    public static long CaptureFor(IAudioCaptureStream stream, TimeSpan duration)
    {
        int blockAlign = stream.Format.BlockAlign;
        var chunk = new byte[Math.Max(blockAlign, stream.Format.BytesPerSecond / 50 / blockAlign * blockAlign)];
        stream.Start();
        long total = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var call = Stopwatch.StartNew();
            int read = stream.Read(chunk, 0, chunk.Length);
            Assert.True(call.Elapsed < TimeSpan.FromMilliseconds(1000), $"Read blocked for {call.Elapsed.TotalMilliseconds:0} ms.");
            Assert.InRange(read, 0, chunk.Length);
            Assert.Equal(0, read % blockAlign);
            total += read;
        }
        int odd = stream.Read(chunk, 0, blockAlign * 3 + 1);
        Assert.Equal(0, odd % blockAlign);
        Assert.InRange(odd, 0, blockAlign * 3);
        return total + odd;
    }
}
