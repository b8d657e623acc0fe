// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Concurrent;
using System.Diagnostics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture;

public sealed class MicrophoneAudioSourceTests
{
    private static readonly AudioFormat Pcm16 = new(16000, 1, SampleEncoding.Pcm16);
    private static readonly AudioDevice Device = new(0, "Fake Mic", "fake", "Test", isDefault: true, 1, 16000);

    private static byte[] Tone(TimeSpan length)
    {
        int samples = (int)(length.TotalSeconds * 16000);
        var bytes = new byte[samples * 2];
        for (int i = 0; i < samples; i++) BitConverter.GetBytes((short)(8000 * Math.Sin(i * 0.3))).CopyTo(bytes, i * 2);
        return bytes;
    }

    private static (MicrophoneAudioSource Source, ConcurrentQueue<AudioSourceNoticeEventArgs> Notices) Open(FakeCaptureStream stream, MicrophoneOptions? options = null)
    {
        var source = new MicrophoneAudioSource(stream, Device, options ?? new MicrophoneOptions());
        var notices = new ConcurrentQueue<AudioSourceNoticeEventArgs>();
        source.Notice += (_, n) => notices.Enqueue(n);
        return (source, notices);
    }

    [Fact]
    public void DeliversTheDeviceAudioInOrderAtRealTime()
    {
        byte[] content = Tone(TimeSpan.FromSeconds(0.6));
        var stream = new FakeCaptureStream(Pcm16, content);
        var (source, _) = Open(stream);
        using (source)
        {
            Assert.True(source.IsRealTime);
            Assert.Null(source.Duration);
            Assert.Equal("Fake Mic", source.Name);
            var clock = Stopwatch.StartNew();
            var received = new MemoryStream();
            var buffer = new byte[3200];
            while (received.Length < content.Length)
            {
                int read = source.Read(buffer, 0, buffer.Length);
                received.Write(buffer, 0, read);
            }
            // The fake device is unclocked (like ALSA's file plugin); capture keeps to real time anyway.
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.45, 5);
            Assert.Equal(content, received.ToArray().Take(content.Length).ToArray());
            Assert.True(stream.Started);
        }
        Assert.Equal(1, stream.DisposeCount);
    }

    [Fact]
    public void WhenNobodyReadsTheOldestAudioIsDroppedCountedAndReported()
    {
        var stream = new FakeCaptureStream(Pcm16);
        var (source, notices) = Open(stream, new MicrophoneOptions { BufferDuration = TimeSpan.FromSeconds(1), SilenceWarningAfter = TimeSpan.Zero });
        using (source)
        {
            source.Start();
            SpinWait.SpinUntil(() => source.DroppedAudio > TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            Assert.InRange(source.DroppedAudio, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
            AudioSourceNoticeEventArgs warning = Assert.Single(notices, n => n.IsWarning);
            Assert.Contains("dropped the oldest", warning.Message);
            Assert.Contains("keep the newest 1 s", warning.Message);
            // What is left is the newest second, no more.
            var buffer = new byte[64000];
            int read = source.Read(buffer, 0, buffer.Length);
            Assert.InRange(read, 1, 32000);
        }
    }

    [Fact]
    public void StopCaptureDrainsWhatWasCapturedThenEnds()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(5)));
        var (source, _) = Open(stream);
        using (source)
        {
            source.Start();
            Thread.Sleep(300);
            var clock = Stopwatch.StartNew();
            source.StopCapture();
            long total = 0;
            var buffer = new byte[1600];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0) total += read;
            // Behaviour, not a benchmark (tests/StreamingStt.CaptureBench measures the figure): the
            // drain ends once the capture thread has stopped, not after the whole 10 s buffer.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {clock.Elapsed.TotalMilliseconds} ms");
            Assert.InRange(total, 3200, stream.Delivered);
            Assert.Equal(stream.Delivered, total);
        }
    }

    [Fact]
    public async Task WaitForAudioAsyncCompletesWhenAFrameIsBuffered()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(1)));
        var (source, _) = Open(stream);
        using (source)
        {
            await source.WaitForAudioAsync(1600, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(source.CapturedAudio >= TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void ADeviceFailureSurfacesAfterTheAudioBeforeIt()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(1))) { FailAfterBytes = 6400 };
        var (source, _) = Open(stream);
        using (source)
        {
            long total = 0;
            var buffer = new byte[1600];
            SttException error = Assert.Throws<SttException>(() =>
            {
                while (true) total += source.Read(buffer, 0, buffer.Length);
#pragma warning disable CS0162 // the loop only ends by throwing
                return 0;
#pragma warning restore CS0162
            });
            Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
            Assert.True(total >= 6400, $"{total} bytes before the error");
        }
    }

    [Fact]
    public void ASilentDeviceIsReportedOnce()
    {
        var stream = new FakeCaptureStream(Pcm16);
        var (source, notices) = Open(stream, new MicrophoneOptions { SilenceWarningAfter = TimeSpan.FromMilliseconds(300) });
        using (source)
        {
            var buffer = new byte[3200];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMilliseconds(800)) source.Read(buffer, 0, buffer.Length);
        }
        AudioSourceNoticeEventArgs warning = Assert.Single(notices);
        Assert.True(warning.IsWarning);
        Assert.Contains("'Fake Mic' delivered only silence for the first 0.3 s", warning.Message);
        Assert.Contains("choose one with AudioCapture.Open's device selector", warning.Message); // -Device to a cmdlet user
    }

    [Fact]
    public void ADeviceWithSpeechGivesNoSilenceWarning()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(2)));
        var (source, notices) = Open(stream, new MicrophoneOptions { SilenceWarningAfter = TimeSpan.FromMilliseconds(300) });
        using (source)
        {
            var buffer = new byte[3200];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMilliseconds(600)) source.Read(buffer, 0, buffer.Length);
        }
        Assert.Empty(notices);
    }

    [Fact]
    public void OverrunsAreNarrated()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(2)));
        var (source, notices) = Open(stream);
        using (source)
        {
            var buffer = new byte[3200];
            source.Read(buffer, 0, buffer.Length);
            stream.Overruns = 2;
            SpinWait.SpinUntil(() => !notices.IsEmpty, TimeSpan.FromSeconds(5));
        }
        AudioSourceNoticeEventArgs notice = Assert.Single(notices);
        Assert.False(notice.IsWarning);
        Assert.Contains("overran 2 time(s)", notice.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(601)]
    public void TheBufferMustBeBetweenOneSecondAndTenMinutes(double seconds)
    {
        var backend = new SingleDeviceBackend(new FakeCaptureStream(Pcm16));
        SttException error = Assert.Throws<SttException>(() =>
            AudioCapture.Open(new[] { backend }, null, new MicrophoneOptions { BufferDuration = TimeSpan.FromSeconds(seconds) }));
        Assert.Equal(SttErrorKind.OptionInvalid, error.Kind);
        Assert.Contains("capture buffer", error.Message);
    }

    [Fact]
    public void OpenPicksTheDeviceAsksForTheSessionRateAndStartsCapturing()
    {
        var stream = new FakeCaptureStream(Pcm16, Tone(TimeSpan.FromSeconds(1)));
        var backend = new SingleDeviceBackend(stream);
        using MicrophoneAudioSource source = AudioCapture.Open(new[] { backend }, "Fake*", new MicrophoneOptions { PreferredSampleRate = 8000 });
        Assert.Equal("Fake Mic", source.Device.Name);
        Assert.Equal(8000, backend.Request!.PreferredSampleRate);
        Assert.Equal(1, backend.Request.PreferredChannels);
        SpinWait.SpinUntil(() => stream.Started, TimeSpan.FromSeconds(5));
        Assert.True(stream.Started);
    }

    [Fact]
    public void ADeviceThatRefusesToStartFailsOpenBeforeAnyConnectionAndIsReleased()
    {
        var stream = new FakeCaptureStream(Pcm16) { FailStart = true };
        var backend = new SingleDeviceBackend(stream);

        SttException error = Assert.Throws<SttException>(() => AudioCapture.Open(new[] { backend }, null, new MicrophoneOptions()));

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.StartsWith("'Fake Mic' refused to start", error.Message);
        Assert.Contains("Available capture devices (Test):", error.Message);
        Assert.Contains("[0] Fake Mic  (fake)  default", error.Message);
        Assert.Equal(1, stream.DisposeCount);
    }

    [Fact]
    public void ADeviceThatRefusesToStartFailsOpenEveryTimeNotOnlyWhenTheCaptureThreadIsQuick()
    {
        // The capture thread records why the start failed and then wakes Open; the other order let Open return a
        // source that failed only at its first read (after connecting), 1 run in 10 on a busy machine.
        for (int attempt = 0; attempt < 500; attempt++)
        {
            var stream = new FakeCaptureStream(Pcm16) { FailStart = true };
            SttException error = Assert.Throws<SttException>(() => AudioCapture.Open(new[] { new SingleDeviceBackend(stream) }, null, new MicrophoneOptions()));
            Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        }
    }

    [Fact]
    public void AFailingBackendFallsBackToTheNext()
    {
        var stream = new FakeCaptureStream(Pcm16);
        IAudioCaptureBackend[] backends = { new SingleDeviceBackend(null, "Broken"), new SingleDeviceBackend(stream, "Working") };
        IReadOnlyList<AudioDevice> devices = AudioCapture.ListDevices(backends, out IAudioCaptureBackend chosen);
        Assert.Equal("Working", chosen.Name);
        Assert.Single(devices);
    }

    private sealed class SingleDeviceBackend : IAudioCaptureBackend
    {
        private readonly FakeCaptureStream? _stream;

        public SingleDeviceBackend(FakeCaptureStream? stream, string name = "Test")
        {
            _stream = stream;
            Name = name;
        }

        public string Name { get; }
        public bool IsAvailable => true;
        public AudioCaptureRequest? Request { get; private set; }

        public IReadOnlyList<AudioDevice> ListDevices() => _stream is null
            ? throw new SttException(SttErrorKind.AudioDeviceUnavailable, "The audio service is not running.")
            : new[] { Device };

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            Request = request;
            return _stream!;
        }
    }
}
