// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.Audio.Capture;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>Sessions fed by a live (microphone) source: no pacing, prompt graceful stop, device failures.</summary>
public sealed class LiveSourceSessionTests
{
    private static readonly AudioFormat Device48kStereoFloat = new(48000, 2, SampleEncoding.Float32);
    private static readonly AudioDevice Device = new(0, "Fake Mic", "fake", "Test", isDefault: true, 2, 48000);

    private static byte[] FloatTone(TimeSpan length)
    {
        int frames = (int)(length.TotalSeconds * 48000);
        var bytes = new byte[frames * 8];
        for (int i = 0; i < frames; i++)
        {
            float value = (float)(0.3 * Math.Sin(i * 0.05));
            BitConverter.GetBytes(value).CopyTo(bytes, i * 8);
            BitConverter.GetBytes(value).CopyTo(bytes, i * 8 + 4);
        }
        return bytes;
    }

    private static SttSessionOptions Options(AssemblyAIEmulator emulator, Action<SttSessionOptions>? configure = null)
    {
        var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key") };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task StopEndsCaptureAtOnceAndStillDeliversTheLastTurn()
    {
        await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var stream = new FakeCaptureStream(Device48kStereoFloat, FloatTone(TimeSpan.FromSeconds(30)));
        var microphone = new MicrophoneAudioSource(stream, Device, new MicrophoneOptions());
        using var session = new SttSession(microphone, Options(emulator));
        session.Start();

        TimeSpan stopToStopping = TimeSpan.Zero;
        var stopClock = new Stopwatch();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30), (s, e) =>
        {
            if (e is TurnEvent { Turn.EndOfTurn: true } && !stopClock.IsRunning)
            {
                // Mid-sentence of the next utterance, someone presses Ctrl+C / Stop-SttSession.
                Task.Run(async () =>
                {
                    await Task.Delay(200);
                    stopClock.Start();
                    s.RequestStop();
                    while (s.State == SttSessionState.Streaming) await Task.Delay(5);
                    stopToStopping = stopClock.Elapsed;
                });
            }
        });

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Stopped, run.Summary.EndReason);
        Assert.Equal("Hello world.", run.Finals[0].Transcript);
        // The provider's graceful stop ran: Terminate was the last thing sent, and the session was not abandoned.
        EmulatorSessionRecord record = Assert.Single(emulator.Sessions);
        Assert.True(record.TerminateReceived);
        Assert.Equal("Terminate", record.ClientMessageTypes[^1]);
        Assert.False(record.ConnectionDropped);
        // Capture stopped without waiting for more audio (the 200 ms figure is measured by tests/StreamingStt.CaptureBench).
        Assert.True(stopToStopping < TimeSpan.FromSeconds(2), $"stop took {stopToStopping.TotalMilliseconds:0} ms");
        Assert.InRange(run.Summary.AudioSent, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
        Assert.True(stream.DisposeCount >= 1, "the device is released when the session ends");
    }

    [Fact]
    public async Task StopDetachedFinishesTheProvidersGracefulStopWithoutAConsumerAndReleasesTheDevice()
    {
        await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var stream = new FakeCaptureStream(Device48kStereoFloat, FloatTone(TimeSpan.FromSeconds(30)));
        var microphone = new MicrophoneAudioSource(stream, Device, new MicrophoneOptions());
        var session = new SttSession(microphone, Options(emulator));
        session.Start();
        while (session.AudioSent < TimeSpan.FromSeconds(1)) await Task.Delay(10);

        // Ctrl+C on a foreground microphone session: the consumer leaves at once.
        session.StopDetached();

        await session.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref stream.DisposeCount) > 0, TimeSpan.FromSeconds(10)), "the device was not released");
        Assert.True(SpinWait.SpinUntil(() => emulator.Sessions.Single().IsEnded, TimeSpan.FromSeconds(10)));
        EmulatorSessionRecord record = emulator.Sessions.Single();
        Assert.True(record.TerminateReceived);
        Assert.False(record.ConnectionDropped);
        Assert.Equal(SessionEndReason.Stopped, session.GetSummary().EndReason);
    }

    [Fact]
    public async Task DurationEndsALiveSessionGracefullyAtThatMuchAudio()
    {
        await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var stream = new FakeCaptureStream(Device48kStereoFloat, FloatTone(TimeSpan.FromSeconds(30)));
        var microphone = new MicrophoneAudioSource(stream, Device, new MicrophoneOptions());
        using var session = new SttSession(microphone, Options(emulator, o => o.MaxAudioDuration = TimeSpan.FromSeconds(1.5)));
        var clock = Stopwatch.StartNew();
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        Assert.InRange(run.Summary.AudioSent, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.6));
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.4, 15);
        // 48 kHz stereo float from the device reached the provider as 16 kHz mono 16-bit.
        EmulatorSessionRecord record = Assert.Single(emulator.Sessions);
        Assert.Equal("16000", record.QueryParameters["sample_rate"]);
        Assert.InRange(record.AudioSecondsReceived, 1.5, 1.6);
        Assert.True(record.TerminateReceived);
    }

    [Fact]
    public async Task AnUnpluggedDeviceEndsTheSessionAfterItsTurnsWithDeviceUnavailable()
    {
        await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var stream = new FakeCaptureStream(Device48kStereoFloat, FloatTone(TimeSpan.FromSeconds(30))) { FailAfterBytes = 48000 * 8 * 2 }; // 2 s
        var microphone = new MicrophoneAudioSource(stream, Device, new MicrophoneOptions());
        using var session = new SttSession(microphone, Options(emulator));
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

        Assert.NotNull(run.Fault);
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, run.Fault!.Kind);
        Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
        // Turns come first, the fault after them, and the provider still got a graceful stop.
        Assert.Equal("Hello world.", run.Finals.Single().Transcript);
        int turnIndex = run.Events.FindIndex(e => e is TurnEvent { Turn.EndOfTurn: true });
        int faultIndex = run.Events.FindIndex(e => e is SessionFaultEvent);
        Assert.True(turnIndex < faultIndex);
        Assert.True(Assert.Single(emulator.Sessions).TerminateReceived);
    }

    [Fact]
    public async Task CaptureWarningsReachTheSessionsWarningStream()
    {
        await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var stream = new FakeCaptureStream(Device48kStereoFloat); // silence only
        var microphone = new MicrophoneAudioSource(stream, Device, new MicrophoneOptions { SilenceWarningAfter = TimeSpan.FromSeconds(0.5) });
        using var session = new SttSession(microphone, Options(emulator, o => o.MaxAudioDuration = TimeSpan.FromSeconds(1)));
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

        DiagnosticEvent warning = Assert.Single(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Warning);
        Assert.Contains("'Fake Mic' delivered only silence", warning.Message);
        Assert.True(session.IsLiveSource);
        Assert.Equal(TimeSpan.Zero, run.Summary.AudioDropped);
    }
}
