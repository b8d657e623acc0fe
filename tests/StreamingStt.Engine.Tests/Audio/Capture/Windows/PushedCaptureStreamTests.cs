// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>
/// The adapter between NAudio's pushing recorders and the pulled capture stream: order, back-pressure,
/// drops, stop and failure reporting. A test thread plays the recorder; these run on every OS.
/// </summary>
public sealed class PushedCaptureStreamTests
{
    // 1000 Hz mono 16-bit: 2 bytes a frame, 2000 bytes a second, so a 1 s ring holds 2000 bytes.
    private static readonly AudioFormat SmallFormat = new(1000, 1, SampleEncoding.Pcm16);

    private sealed class Recorder
    {
        public int Starts;
        public int Releases;
        public Exception? StartFailure;
        public Exception? ReleaseFailure;

        public PushedCaptureStream Stream(TimeSpan? stallLimit = null) =>
            new("Mic", SmallFormat, TimeSpan.FromSeconds(1),
                start: () =>
                {
                    Starts++;
                    if (StartFailure is not null) throw StartFailure;
                },
                release: () =>
                {
                    Releases++;
                    if (ReleaseFailure is not null) throw ReleaseFailure;
                },
                describeStartFailure: ex => WindowsAudioFormats.OpenFailure("Mic", "initialize shared-mode capture", ex.HResult),
                describeStreamFailure: ex => WindowsAudioFormats.StreamFailure("Mic", "get a captured packet", ex.HResult),
                stallLimit: stallLimit ?? TimeSpan.Zero,
                describeStall: stallLimit is null ? null : limit => new SttException(SttErrorKind.AudioDeviceUnavailable, $"stalled for {limit.TotalMilliseconds:0} ms", "Mic"));
    }

    private static byte[] Ramp(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    private static byte[] ReadExactly(PushedCaptureStream stream, int count)
    {
        var result = new List<byte>();
        var buffer = new byte[count];
        var clock = Stopwatch.StartNew();
        while (result.Count < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Only {result.Count} of {count} bytes came in 10 s.");
            int read = stream.Read(buffer, 0, count - result.Count);
            result.AddRange(buffer.Take(read));
        }
        return result.ToArray();
    }

    [Fact]
    public void KeepsPushedBlocksInOrderFromStartOn()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream();
        var buffer = new byte[64];

        Assert.Throws<InvalidOperationException>(() => stream.Read(buffer, 0, buffer.Length));
        stream.Deliver(Ramp(200, 10), 0, 10); // before Start: not kept

        stream.Start();
        stream.Start(); // idempotent
        Assert.Equal(1, recorder.Starts);
        stream.Deliver(Ramp(0, 10), 0, 10);
        stream.Deliver(Ramp(10, 7), 0, 7); // the partial last block is not kept
        stream.Deliver(Ramp(16, 20), 4, 6);

        Assert.Equal(Ramp(0, 16).Concat(Ramp(20, 6)), ReadExactly(stream, 22));
        Assert.Equal(0, stream.Overruns);
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length)); // nothing pushed: 0 after a short wait
        Assert.Throws<ArgumentException>(() => stream.Read(buffer, 0, 1));
    }

    [Fact]
    public void AFullRingHoldsThePushBackUntilTheReaderMakesRoom()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream();
        stream.BackPressureLimit = TimeSpan.FromSeconds(10);
        stream.Start();
        stream.Deliver(Ramp(0, 2000), 0, 2000); // exactly full

        var push = Task.Run(() => stream.Deliver(Ramp(0, 200), 0, 200));
        Assert.False(push.Wait(TimeSpan.FromMilliseconds(300)), "A push into a full ring returned without waiting for room.");

        byte[] first = ReadExactly(stream, 400);
        Assert.True(push.Wait(TimeSpan.FromSeconds(5)), "The waiting push did not go on once the reader made room.");

        Assert.Equal(Ramp(0, 400), first);
        Assert.Equal(Ramp(400, 1600).Concat(Ramp(0, 200)), ReadExactly(stream, 1800));
        Assert.Equal(0, stream.Overruns);
        Assert.Equal(0, stream.DroppedBytes);
    }

    [Fact]
    public void PastTheLimitTheOldestAudioIsDroppedAndCounted()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream();
        stream.BackPressureLimit = TimeSpan.FromMilliseconds(50);
        stream.Start();
        stream.Deliver(Ramp(0, 2000), 0, 2000);

        var clock = Stopwatch.StartNew();
        stream.Deliver(Ramp(0, 200), 0, 200);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));

        Assert.Equal(1, stream.Overruns);
        Assert.Equal(200, stream.DroppedBytes);
        Assert.Equal(Ramp(200, 1800).Concat(Ramp(0, 200)), ReadExactly(stream, 2000));
    }

    [Fact]
    public void DisposeFreesAWaitingPushReleasesTheRecorderOnceAndEndsReading()
    {
        var recorder = new Recorder();
        PushedCaptureStream stream = recorder.Stream();
        stream.BackPressureLimit = TimeSpan.FromSeconds(30);
        stream.Start();
        stream.Deliver(Ramp(0, 2000), 0, 2000);
        var push = Task.Run(() => stream.Deliver(Ramp(0, 200), 0, 200));
        Assert.False(push.Wait(TimeSpan.FromMilliseconds(100)));

        var clock = Stopwatch.StartNew();
        stream.Dispose();
        Assert.True(push.Wait(TimeSpan.FromSeconds(2)), "Dispose left the recorder's thread waiting for room (NAudio's Dispose joins that thread).");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        stream.Dispose();

        Assert.Equal(1, recorder.Releases);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[64], 0, 64));
        Assert.Throws<ObjectDisposedException>(() => stream.Start());
        stream.Deliver(Ramp(0, 10), 0, 10); // a late push from the recorder's thread is ignored
        stream.Stopped(null);
    }

    [Fact]
    public void DisposeEndsAReadThatIsWaiting()
    {
        var recorder = new Recorder();
        PushedCaptureStream stream = recorder.Stream();
        stream.Start();
        var read = Task.Run(() =>
        {
            while (true) stream.Read(new byte[64], 0, 64);
        });
        Thread.Sleep(150);

        stream.Dispose();

        var error = Assert.Throws<AggregateException>(() => read.Wait(TimeSpan.FromSeconds(2)));
        Assert.IsType<ObjectDisposedException>(error.InnerException);
    }

    [Fact]
    public void AReleaseThatThrowsDoesNotFailDispose()
    {
        var recorder = new Recorder { ReleaseFailure = new COMException("gone", WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED) };
        PushedCaptureStream stream = recorder.Stream();
        stream.Start();

        stream.Dispose();

        Assert.Equal(1, recorder.Releases);
    }

    [Fact]
    public void ARecorderThatStopsWithAnErrorIsReportedAfterItsAudio()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream();
        stream.Start();
        stream.Deliver(Ramp(0, 100), 0, 100);

        // NAudio's capture thread ends with the COMException of GetNextPacketSize when the device goes.
        stream.Stopped(new COMException("gone", WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED));

        Assert.Equal(Ramp(0, 100), ReadExactly(stream, 100));
        SttException lost = Assert.Throws<SttException>(() => stream.Read(new byte[64], 0, 64));
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, lost.Kind);
        Assert.Equal("'Mic' stopped delivering audio: it was unplugged or disabled (HRESULT 0x88890004 AUDCLNT_E_DEVICE_INVALIDATED).", lost.Message);
    }

    [Fact]
    public void ARecorderThatStopsByItselfIsReportedToo()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream();
        stream.Start();

        stream.Stopped(null);

        SttException stopped = Assert.Throws<SttException>(() => stream.Read(new byte[64], 0, 64));
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, stopped.Kind);
        Assert.StartsWith("'Mic' stopped delivering audio:", stopped.Message);
    }

    [Fact]
    public void NoAudioForTheStallLimitIsReported()
    {
        var recorder = new Recorder();
        using PushedCaptureStream stream = recorder.Stream(stallLimit: TimeSpan.FromMilliseconds(300));
        stream.Start();
        stream.Deliver(Ramp(0, 10), 0, 10);
        var buffer = new byte[64];
        Assert.Equal(10, stream.Read(buffer, 0, 64)); // audio restarts the stall clock

        var clock = Stopwatch.StartNew();
        SttException stalled = Assert.Throws<SttException>(() =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(10)) stream.Read(buffer, 0, 64);
        });

        Assert.Equal("stalled for 300 ms", stalled.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ARecorderThatWillNotStartIsDescribedAndCanBeRetried()
    {
        // Marshal.ThrowExceptionForHR turns E_ACCESSDENIED (microphone privacy) into UnauthorizedAccessException.
        var recorder = new Recorder { StartFailure = Marshal.GetExceptionForHR(WindowsAudioFormats.E_ACCESSDENIED) };
        using PushedCaptureStream stream = recorder.Stream();

        SttException refused = Assert.Throws<SttException>(() => stream.Start());

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, refused.Kind);
        Assert.Contains("microphone access is off", refused.Message);
        Assert.Contains("HRESULT 0x80070005 E_ACCESSDENIED", refused.Message);
        Assert.NotNull(refused.RecommendedAction);
        Assert.Throws<InvalidOperationException>(() => stream.Read(new byte[64], 0, 64));

        recorder.StartFailure = null;
        stream.Start();
        Assert.Equal(2, recorder.Starts);
    }
}
