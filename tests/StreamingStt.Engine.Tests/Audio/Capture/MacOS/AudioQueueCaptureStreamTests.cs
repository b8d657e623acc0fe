// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture.MacOS;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.MacOS;

/// <summary>
/// The AudioQueue stream's logic with the native calls faked: buffers laid out as AudioQueueBuffer
/// in native memory are delivered as the queue's callback would, so this runs on every OS.
/// </summary>
public sealed class AudioQueueCaptureStreamTests : IDisposable
{
    private static readonly AudioFormat Mono = new AudioFormat(48000, 1, SampleEncoding.Float32);
    private static readonly IntPtr Queue = new IntPtr(0x5151);

    private readonly List<IntPtr> _allocations = new List<IntPtr>();

    public void Dispose()
    {
        foreach (IntPtr pointer in _allocations) Marshal.FreeHGlobal(pointer);
    }

    private sealed class FakeCalls : IAudioQueueCalls
    {
        public int StartStatus { get; set; }
        public int EnqueueStatus { get; set; }
        public bool Running { get; set; } = true;
        public int AliveStatus { get; set; }
        public bool Alive { get; set; } = true;
        public List<IntPtr> Enqueued { get; } = new List<IntPtr>();
        public int StopAndDisposeCalls { get; private set; }

        public int Start(IntPtr queue) => StartStatus;

        public int Enqueue(IntPtr queue, IntPtr buffer)
        {
            Enqueued.Add(buffer);
            return EnqueueStatus;
        }

        public int IsRunning(IntPtr queue, out bool running)
        {
            running = Running;
            return 0;
        }

        public int IsDeviceAlive(uint deviceId, out bool alive)
        {
            alive = Alive;
            return AliveStatus;
        }

        public void RemoveRunningListener(IntPtr queue, IntPtr listener, IntPtr userData)
        {
        }

        public void StopAndDispose(IntPtr queue) => StopAndDisposeCalls++;
    }

    /// <summary>An AudioQueueBuffer (capacity, data pointer, byte size, ...) holding <paramref name="audio"/>.</summary>
    private IntPtr QueueBuffer(byte[] audio)
    {
        IntPtr data = Marshal.AllocHGlobal(Math.Max(1, audio.Length));
        _allocations.Add(data);
        Marshal.Copy(audio, 0, data, audio.Length);
        IntPtr header = Marshal.AllocHGlobal(8 * IntPtr.Size);
        _allocations.Add(header);
        Marshal.Copy(new byte[8 * IntPtr.Size], 0, header, 8 * IntPtr.Size);
        Marshal.WriteInt32(header, 0, audio.Length);
        Marshal.WriteIntPtr(header, MacAudioFormats.AudioQueueBufferDataOffset(IntPtr.Size), data);
        Marshal.WriteInt32(header, MacAudioFormats.AudioQueueBufferByteSizeOffset(IntPtr.Size), audio.Length);
        return header;
    }

    private static byte[] Pattern(int bytes)
    {
        var data = new byte[bytes];
        for (int i = 0; i < bytes; i++) data[i] = (byte)(i * 7 + 3);
        return data;
    }

    private static AudioQueueCaptureStream NewStream(FakeCalls calls) =>
        new AudioQueueCaptureStream(42, "Test Mic", Mono, 9600, calls, Queue);

    [Fact]
    public void DeliveredBuffersAreReadInWholeFramesAndHandedBackToTheQueue()
    {
        var calls = new FakeCalls();
        using AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();
        byte[] audio = Pattern(4000);
        IntPtr buffer = QueueBuffer(audio);

        stream.Deliver(Queue, buffer);

        Assert.Equal(new[] { buffer }, calls.Enqueued);
        var destination = new byte[4002]; // not a whole number of frames
        var received = new List<byte>();
        int read;
        while ((read = stream.Read(destination, 0, 1003)) > 0)
        {
            Assert.Equal(0, read % Mono.BlockAlign);
            received.AddRange(destination.Take(read));
        }
        Assert.Equal(audio, received);
        Assert.Equal(0, stream.Overruns);
    }

    [Fact]
    public void ReadWaitsAboutATenthOfASecondWhenNothingArrived()
    {
        using AudioQueueCaptureStream stream = NewStream(new FakeCalls());
        stream.Start();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));

        Assert.InRange(watch.ElapsedMilliseconds, 50, 1000);
    }

    [Fact]
    public void ARefusedReEnqueueEndsTheStreamAfterTheBufferedAudio()
    {
        var calls = new FakeCalls { EnqueueStatus = -66671 };
        using AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();
        stream.Deliver(Queue, QueueBuffer(Pattern(800)));

        Assert.Equal(800, stream.Read(new byte[4096], 0, 4096));
        SttException error = Assert.Throws<SttException>(() => stream.Read(new byte[4096], 0, 4096));

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Equal("'Test Mic' stopped delivering audio: it was unplugged or disabled (OSStatus -66671 (kAudioQueueErr_QueueInvalidated)).", error.Message);
        Assert.Equal("Test Mic", error.Target);
    }

    [Fact]
    public void AQueueThatStopsByItselfMeansTheDeviceWentAway()
    {
        var calls = new FakeCalls();
        using AudioQueueCaptureStream stream = NewStream(calls);
        calls.Running = false;
        stream.RunningChanged(Queue); // before Start: the queue was never running, nothing is lost
        stream.Start();
        calls.Running = true;
        stream.RunningChanged(Queue);
        Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));

        calls.Running = false;
        stream.RunningChanged(Queue);

        SttException error = Assert.Throws<SttException>(() => stream.Read(new byte[4096], 0, 4096));
        Assert.Contains("the audio queue stopped running", error.Message);
    }

    [Fact]
    public void ASilentQueueIsCheckedWithTheHalAndAGoneDeviceIsReported()
    {
        var calls = new FakeCalls { AliveStatus = 0x216F626A }; // '!obj': the device object no longer exists
        using AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();

        SttException error = ReadUntilThrows(stream);

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Equal("'Test Mic' stopped delivering audio: it was unplugged or disabled (OSStatus 560947818 / '!obj' (kAudioHardwareBadObjectError)).", error.Message);
    }

    [Fact]
    public void ADeviceThatIsNoLongerAliveIsReported()
    {
        var calls = new FakeCalls { Alive = false };
        using AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();

        Assert.Contains("no longer alive", ReadUntilThrows(stream).Message);
    }

    [Fact]
    public void ASilentButLiveDeviceKeepsReturningNothing()
    {
        using AudioQueueCaptureStream stream = NewStream(new FakeCalls());
        stream.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(800);
        while (DateTime.UtcNow < deadline) Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));
    }

    private static SttException ReadUntilThrows(AudioQueueCaptureStream stream)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));
            }
            catch (SttException error)
            {
                return error;
            }
        }
        throw new Xunit.Sdk.XunitException("Read never reported the lost device.");
    }

    [Fact]
    public void AStartFailureNamesTheDeviceTheStatusAndTheMicrophonePrivacySetting()
    {
        var calls = new FakeCalls { StartStatus = -66681 };
        using AudioQueueCaptureStream stream = NewStream(calls);

        SttException error = Assert.Throws<SttException>(() => stream.Start());

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Contains("'Test Mic'", error.Message);
        Assert.Contains("OSStatus -66681 (kAudioQueueErr_CannotStart)", error.Message);
        Assert.Contains("System Settings > Privacy & Security > Microphone", error.Message);
        Assert.EndsWith(".", error.Message);
        Assert.Contains("Privacy & Security > Microphone", error.RecommendedAction);
    }

    [Fact]
    public void AReaderFallingBehindCountsOverruns()
    {
        var calls = new FakeCalls();
        using AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();
        IntPtr buffer = QueueBuffer(Pattern(9600)); // 50 ms

        for (int i = 0; i < 45; i++) stream.Deliver(Queue, buffer); // 2.25 s into a 2 s ring

        Assert.True(stream.Overruns > 0);
    }

    [Fact]
    public void DisposeStopsOnceAndLateBuffersAreNotReEnqueued()
    {
        var calls = new FakeCalls();
        AudioQueueCaptureStream stream = NewStream(calls);
        stream.Start();

        stream.Dispose();
        stream.Dispose();
        stream.Deliver(Queue, QueueBuffer(Pattern(400))); // a callback racing the stop

        Assert.Equal(1, calls.StopAndDisposeCalls);
        Assert.Empty(calls.Enqueued);
        Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));
    }
}
