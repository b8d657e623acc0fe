// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>Shared steps of the Windows device tests.</summary>
internal static class WindowsCaptureTestSupport
{
    /// <summary>Runs <paramref name="work"/> on a thread of the given apartment (STA = a Windows PowerShell 5.1 pipeline thread).</summary>
    public static T OnThread<T>(ApartmentState apartment, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        if (OperatingSystem.IsWindows()) thread.SetApartmentState(apartment);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "The test thread did not finish in 30 s.");
        failure?.Throw();
        return result;
    }

    /// <summary>Starts the stream and reads for <paramref name="duration"/> in 20 ms chunks, checking each read is whole blocks.</summary>
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
        // Odd-sized reads still return whole blocks.
        int odd = stream.Read(chunk, 0, blockAlign * 3 + 1);
        Assert.Equal(0, odd % blockAlign);
        Assert.InRange(odd, 0, blockAlign * 3);
        return total + odd;
    }
}
