// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Linux;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Linux;

/// <summary>The ALSA read loop's overrun, suspend and unplug handling, against a scripted PCM.</summary>
public sealed class AlsaCaptureStreamTests
{
    private static readonly AudioFormat Format = new(16000, 1, SampleEncoding.Pcm16);

    /// <summary>Each step is what one snd_pcm_wait / snd_pcm_readi pair returns.</summary>
    private sealed class ScriptedPcm : IAlsaPcm
    {
        private readonly Queue<(int Wait, long Read)> _steps;

        public ScriptedPcm(params (int Wait, long Read)[] steps) => _steps = new Queue<(int, long)>(steps);

        public List<int> Recovered { get; } = new();
        public int RecoverResult { get; set; }
        public bool Disposed { get; private set; }
        private long _pendingRead;

        public AudioFormat Configure(AudioCaptureRequest request) => Format;
        public int Start() => 0;

        public int Wait(int timeoutMilliseconds)
        {
            if (_steps.Count == 0) return 0;
            (int wait, long read) = _steps.Dequeue();
            _pendingRead = read;
            return wait;
        }

        public long Read(IntPtr buffer, long frames)
        {
            long read = _pendingRead;
            if (read > 0)
            {
                read = Math.Min(read, frames);
                for (int i = 0; i < read * 2; i++) Marshal.WriteByte(buffer, i, (byte)(i + 1));
            }
            return read;
        }

        public int Recover(int error)
        {
            Recovered.Add(error);
            return RecoverResult;
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void ReadsFramesAsBytes()
    {
        var pcm = new ScriptedPcm((1, 10));
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        var buffer = new byte[64];
        Assert.Equal(20, stream.Read(buffer, 0, 64));
        Assert.Equal(1, buffer[0]);
        Assert.Equal(20, buffer[19]);
    }

    [Fact]
    public void AnOverrunIsRecoveredCountedAndCaptureGoesOn()
    {
        var pcm = new ScriptedPcm((1, -AlsaNative.EPIPE), (1, 8));
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        var buffer = new byte[64];
        Assert.Equal(16, stream.Read(buffer, 0, 64));
        Assert.Equal(new[] { -AlsaNative.EPIPE }, pcm.Recovered);
        Assert.Equal(1, stream.Overruns);
    }

    [Fact]
    public void AnOverrunReportedByWaitIsRecoveredToo()
    {
        var pcm = new ScriptedPcm((-AlsaNative.EPIPE, 0), (1, 4));
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        Assert.Equal(8, stream.Read(new byte[64], 0, 64));
        Assert.Equal(1, stream.Overruns);
    }

    [Fact]
    public void ASuspendIsRecoveredWithoutCountingAnOverrun()
    {
        var pcm = new ScriptedPcm((1, -AlsaNative.ESTRPIPE), (1, 4));
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        Assert.Equal(8, stream.Read(new byte[64], 0, 64));
        Assert.Equal(0, stream.Overruns);
        Assert.Single(pcm.Recovered);
    }

    [Fact]
    public void NoAudioWithinTheWaitReturnsZero()
    {
        var pcm = new ScriptedPcm((0, 0));
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        Assert.Equal(0, stream.Read(new byte[64], 0, 64));
    }

    [Fact]
    public void AFailedRecoveryIsDeviceUnavailable()
    {
        var pcm = new ScriptedPcm((1, -AlsaNative.EPIPE)) { RecoverResult = -AlsaNative.ENODEV };
        using var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        SttException error = Assert.Throws<SttException>(() => stream.Read(new byte[64], 0, 64));
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Contains("'Test Mic' stopped delivering audio", error.Message);
    }

    [Fact]
    public void AnUnpluggedDeviceIsDeviceUnavailable()
    {
        var pcm = new ScriptedPcm((1, -AlsaNative.ENODEV));
        using var stream = new AlsaCaptureStream(pcm, Format, "USB Mic");
        SttException error = Assert.Throws<SttException>(() => stream.Read(new byte[64], 0, 64));
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Contains("unplugged", error.Message);
        Assert.Empty(pcm.Recovered);
    }

    [Fact]
    public void DisposeClosesThePcm()
    {
        var pcm = new ScriptedPcm();
        var stream = new AlsaCaptureStream(pcm, Format, "Test Mic");
        stream.Dispose();
        stream.Dispose();
        Assert.True(pcm.Disposed);
    }
}
