// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>The whole engine (file → conversion → pacing → WebSocket → protocol → events) against the strict emulator.</summary>
public sealed class SessionEndToEndTests : IDisposable
{
    private readonly List<string> _files = new();

    public void Dispose()
    {
        foreach (string file in _files) File.Delete(file);
    }

    private string Wav(double seconds, int rate = 16000, int channels = 1)
    {
        string path = TestWav.WriteTone(TimeSpan.FromSeconds(seconds), rate, channels);
        _files.Add(path);
        return path;
    }

    private static SttSessionOptions Options(AssemblyAIEmulator emulator, IClock? clock = null, string key = "test-key", Action<SttSessionOptions>? configure = null)
    {
        var options = new SttSessionOptions
        {
            Credential = SttCredential.FromApiKey(key),
            Clock = clock ?? SystemClock.Instance,
        };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        configure?.Invoke(options);
        return options;
    }

    private static SessionRun Run(string wav, SttSessionOptions options, TimeSpan? timeout = null, Action<SttSession, SessionEvent>? onEvent = null)
    {
        using var session = new SttSession(WaveFileAudioSource.Open(wav), options);
        session.Start();
        return SessionRun.Drain(session, timeout ?? TimeSpan.FromSeconds(30), onEvent);
    }

    // Virtual-clock tests stream minutes of audio in milliseconds; the emulator is told to allow that lead.
    private static Task<AssemblyAIEmulator> FastEmulator(EmulatorScript? script = null, EmulatorFault? fault = null) =>
        AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            Script = script ?? EmulatorScript.Default,
            RealTimeLead = TimeSpan.FromHours(10),
            Fault = fault,
        });

    [Fact]
    public async Task FileStreamsToTurnsInOrderWithTimesOnTheAudioTimeline()
    {
        await using var emulator = await FastEmulator();
        string wav = Wav(6, rate: 44100, channels: 2);

        SessionRun run = Run(wav, Options(emulator, new VirtualClock()));

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Hello world.", "How are you today?" }, run.Finals.Select(t => t.Transcript));
        Assert.Equal(new[] { 0, 1 }, run.Finals.Select(t => t.TurnOrder));
        Assert.Equal(TimeSpan.FromSeconds(0.5), run.Finals[0].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.1), run.Finals[0].EndTime);
        Assert.Equal(TimeSpan.FromSeconds(3), run.Finals[1].StartTime);
        Assert.All(run.Turns, t => Assert.Equal(wav, t.Source));
        Assert.All(run.Turns, t => Assert.False(string.IsNullOrEmpty(t.SessionId)));

        // Order guarantees: Began first, Ended last; the provider acknowledged.
        Assert.IsType<SessionBeganEvent>(run.Events.First(e => e is not DiagnosticEvent));
        Assert.IsType<SessionEndedEvent>(run.Events[^1]);
        SessionSummary summary = run.Summary;
        Assert.Equal(SessionEndReason.Completed, summary.EndReason);
        Assert.Equal(2, summary.TurnCount);
        Assert.InRange(summary.AudioSent.TotalSeconds, 5.99, 6.06);
        Assert.Equal(1000, summary.CloseStatus);
        Assert.NotNull(summary.ProviderAudioDuration);

        EmulatorSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.True(record.TerminateReceived);
        Assert.All(record.FrameDurations, d => Assert.InRange(d.TotalMilliseconds, 50, 1000));
        Assert.Equal(120, record.AudioFramesReceived); // 6 s / 50 ms
        Assert.Equal("u3-rt-pro", record.SpeechModel);
    }

    [Fact]
    public async Task UniversalStreamingGivesWordByWordPartialsThenOneEndOfTurnPerTurn()
    {
        await using var emulator = await FastEmulator();
        SessionRun run = Run(Wav(6), Options(emulator, new VirtualClock(), configure: o =>
        {
            o.AssemblyAI.SpeechModel = "universal-streaming-english";
            o.AssemblyAI.FormatTurns = true;
        }));

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Hello world.", "How are you today?" }, run.Finals.Select(t => t.Transcript));
        Assert.True(run.Turns.Count(t => !t.EndOfTurn) >= 3);
        // Exactly one end-of-turn per turn order, even though the service sends an unformatted and a formatted copy.
        Assert.Equal(run.Finals.Count, run.Finals.Select(t => t.TurnOrder).Distinct().Count());
        Assert.All(run.Finals, t => Assert.True(t.IsFormatted));
    }

    [Fact]
    public async Task GracefulStopMidUtteranceStillDeliversTheFinalTurn()
    {
        var script = new EmulatorScript(new[] { new ScriptedUtterance("one two three four five six seven eight", TimeSpan.FromSeconds(0.2)) });
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = script });
        bool stopRequested = false;

        using var session = new SttSession(WaveFileAudioSource.Open(Wav(20)), Options(emulator));
        session.Start();
        var stopper = Task.Run(async () =>
        {
            while (session.AudioSent < TimeSpan.FromSeconds(1.3)) await Task.Delay(20);
            stopRequested = true;
            session.RequestStop();
        });
        SessionRun stopped = SessionRun.Drain(session, TimeSpan.FromSeconds(20));
        await stopper;

        Assert.True(stopRequested);
        Assert.Null(stopped.Fault);
        Assert.Equal(SessionEndReason.Stopped, stopped.Summary.EndReason);
        Turn last = Assert.Single(stopped.Finals);
        Assert.StartsWith("one two three", last.Transcript, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(stopped.Summary.AudioSent.TotalSeconds, 1.3, 3);
    }

    [Fact]
    public async Task CancelIsPromptAndEndsTheSessionAsCancelled()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(30)), Options(emulator));
        session.Start();
        while (session.State != SttSessionState.Streaming || session.AudioSent < TimeSpan.FromSeconds(0.3)) await Task.Delay(10);

        var watch = Stopwatch.StartNew();
        session.Cancel();
        // Well under the 5 s graceful stop timeout (what a cancel must not wait for), with room for a loaded machine.
        Assert.True(session.Completion.Wait(TimeSpan.FromSeconds(3)), "Cancel took longer than 3 s");
        watch.Stop();

        Assert.Equal(SttSessionState.Cancelled, session.State);
        Assert.Equal(SessionEndReason.Cancelled, session.GetSummary().EndReason);
        Assert.True(watch.ElapsedMilliseconds < 3000, $"Cancel took {watch.ElapsedMilliseconds} ms");
    }

    public static TheoryData<int, string, SttErrorKind> CloseCodes() => new()
    {
        { 3005, "Session Cancelled: An error occurred", SttErrorKind.ProviderServerError },
        { 3006, "Invalid Message Type: Foo", SttErrorKind.ProviderInvalidMessage },
        { 3007, "Input duration violation: 20 ms. Expected between 50 and 1000 ms", SttErrorKind.ProviderAudioDurationInvalid },
        { 3007, "Audio Transmission Rate Exceeded: Received 40 sec. audio in 2 sec", SttErrorKind.ProviderAudioRateExceeded },
        { 3008, "Session Expired: Maximum session duration exceeded", SttErrorKind.ProviderSessionExpired },
        { 3009, "Unauthorized Connection: Too many concurrent sessions", SttErrorKind.ProviderConcurrencyLimitExceeded },
        { 1008, "Unauthorized Connection: Too many concurrent sessions", SttErrorKind.ProviderConcurrencyLimitExceeded },
        { 1011, "Internal error", SttErrorKind.ProviderServerError },
    };

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task EachCloseCodeEndsTheSessionWithItsErrorAfterTheTurnsAlreadyReceived(int code, string reason, SttErrorKind expected)
    {
        // The fault fires at 2 s of audio, after "Hello world." (0.5–1.1 s) has ended.
        await using var emulator = await FastEmulator(fault: EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(2), code, reason, sendErrorMessage: code != 1011));
        SessionRun run = Run(Wav(6), Options(emulator, new VirtualClock()));

        Assert.NotNull(run.Fault);
        Assert.Equal(expected, run.Fault!.Kind);
        Assert.Equal(code, run.Fault.ProviderCode);
        Assert.Equal("Stt" + expected, run.Fault.ErrorId);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
        int faultIndex = run.Events.FindIndex(e => e is SessionFaultEvent);
        int turnIndex = run.Events.FindIndex(e => e is TurnEvent t && t.Turn.EndOfTurn);
        Assert.True(turnIndex < faultIndex, "turns already received must come before the error");
        Assert.IsType<SessionEndedEvent>(run.Events[^1]);
        Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
        Assert.Equal(run.Fault.ErrorId, run.Summary.ErrorId);
    }

    [Fact]
    public async Task ADroppedConnectionIsConnectionLostAndKeepsEarlierTurns()
    {
        // Real time: a reset discards whatever the client had not read yet, so let the first turn arrive first.
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Fault = EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(3)) });
        SessionRun run = Run(Wav(6), Options(emulator));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, run.Fault?.Kind);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task AWrongKeyIsAnAuthenticationFailureAndTheKeyNeverAppearsInAnyMessage()
    {
        await using var emulator = await FastEmulator();
        const string wrongKey = "wrong-key-3f9a1c";
        SessionRun run = Run(Wav(2), Options(emulator, new VirtualClock(), key: wrongKey));

        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, run.Fault?.Kind);
        Assert.Equal(1008, run.Fault!.ProviderCode);
        foreach (SessionEvent e in run.Events)
        {
            string text = e switch
            {
                DiagnosticEvent d => d.Message,
                SessionFaultEvent f => f.Error.Message + f.Error.RecommendedAction + f.Error.Target,
                SessionEndedEvent end => end.Summary.Error + end.Summary.CloseReason,
                _ => string.Empty,
            };
            Assert.DoesNotContain(wrongKey, text);
        }
    }

    [Fact]
    public async Task RealTimePacingSatisfiesTheStrictRateCheck()
    {
        // The emulator allows only 200 ms of lead: the real clock must hold the sender back.
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { RealTimeLead = TimeSpan.FromMilliseconds(200) });
        var watch = Stopwatch.StartNew();
        SessionRun run = Run(Wav(2), Options(emulator));
        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"2 s of audio went out in {watch.Elapsed}");
    }

    [Fact]
    public async Task WithoutPacingTheStrictServiceClosesWithRateExceeded()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { RealTimeLead = TimeSpan.FromSeconds(1) });
        SessionRun run = Run(Wav(30), Options(emulator, configure: o => o.PaceRealTime = false));
        Assert.Equal(SttErrorKind.ProviderAudioRateExceeded, run.Fault?.Kind);
        Assert.Equal(3007, run.Fault!.ProviderCode);
    }

    [Fact]
    public async Task TheSessionLimitClosesWith3008()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { MaxSessionDuration = TimeSpan.FromSeconds(2) });
        SessionRun run = Run(Wav(10), Options(emulator));
        Assert.Equal(SttErrorKind.ProviderSessionExpired, run.Fault?.Kind);
        Assert.Contains("Hello world.", run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task AProviderThatNeverAcknowledgesTheStopEndsAfterTheStopTimeoutWithAWarning()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { IgnoreTerminate = true, RealTimeLead = TimeSpan.FromHours(1) });
        var watch = Stopwatch.StartNew();
        SessionRun run = Run(Wav(2), Options(emulator, new VirtualClock(), configure: o => o.StopTimeout = TimeSpan.FromMilliseconds(500)));
        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.StopTimedOut, run.Summary.EndReason);
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Warning && d.Message.Contains("did not finish"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BeginThatNeverComesIsATimeout()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { BeginDelay = TimeSpan.FromSeconds(5) });
        SessionRun run = Run(Wav(2), Options(emulator, configure: o => o.BeginTimeout = TimeSpan.FromMilliseconds(300)));
        Assert.Equal(SttErrorKind.ProviderTimeout, run.Fault?.Kind);
        Assert.Empty(run.Turns);
    }

    [Fact]
    public void ARefusedConnectionIsConnectionFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("k") };
        options.AssemblyAI.Endpoint = new Uri($"ws://127.0.0.1:{port}/v3/ws");
        SessionRun run = Run(Wav(1), options);
        Assert.Equal(SttErrorKind.ProviderConnectionFailed, run.Fault?.Kind);
        Assert.Contains($"127.0.0.1:{port}", run.Fault!.Message);
    }

    [Fact]
    public async Task ATemporaryTokenFromTheTokenEndpointOpensOneSession()
    {
        await using var emulator = await FastEmulator();
        SttToken token = await TemporaryTokenClient.RequestAsync(new TemporaryTokenRequest
        {
            Credential = SttCredential.FromApiKey("test-key"),
            ExpiresInSeconds = 60,
            MaxSessionDurationSeconds = 600,
            Endpoint = emulator.HttpBaseUri,
        }, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.Equal(TimeSpan.FromSeconds(60), token.ExpiresIn);
        Assert.DoesNotContain(token.Token, token.ToString());

        SessionRun first = Run(Wav(2), Options(emulator, new VirtualClock(), configure: o => o.Credential = SttCredential.FromTemporaryToken(token.Token)));
        Assert.Null(first.Fault);
        Assert.Equal(new[] { "Hello world." }, first.Finals.Select(t => t.Transcript));
        Assert.Equal(EmulatorAuthMethod.TemporaryToken, emulator.Sessions[0].AuthMethod);

        // Tokens are single use.
        SessionRun second = Run(Wav(2), Options(emulator, new VirtualClock(), configure: o => o.Credential = SttCredential.FromTemporaryToken(token.Token)));
        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, second.Fault?.Kind);
    }

    [Fact]
    public async Task ATokenRequestWithAWrongKeyIsAnAuthenticationFailureWithoutTheKeyInTheMessage()
    {
        await using var emulator = await FastEmulator();
        var request = new TemporaryTokenRequest { Credential = SttCredential.FromApiKey("wrong-key-77"), ExpiresInSeconds = 60, Endpoint = emulator.HttpBaseUri };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, ex.Kind);
        Assert.Equal(401, ex.ProviderCode);
        Assert.DoesNotContain("wrong-key-77", ex.Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(601, null)]
    [InlineData(60, 59)]
    [InlineData(60, 10801)]
    public async Task TokenLimitsAreCheckedBeforeAnyRequest(int expiresIn, int? maxSession)
    {
        var request = new TemporaryTokenRequest
        {
            Credential = SttCredential.FromApiKey("k"),
            ExpiresInSeconds = expiresIn,
            MaxSessionDurationSeconds = maxSession,
            Endpoint = new Uri("http://127.0.0.1:1"),
        };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
    }

    [Fact]
    public void MissingKeyIsApiKeyMissingAndNamesTheEnvironmentVariable()
    {
        string? saved = Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY");
        Environment.SetEnvironmentVariable("ASSEMBLYAI_API_KEY", null);
        try
        {
            var ex = Assert.Throws<SttException>(() => new SttSession(WaveFileAudioSource.Open(Wav(1)), new SttSessionOptions()));
            Assert.Equal(SttErrorKind.ApiKeyMissing, ex.Kind);
            Assert.Contains("ASSEMBLYAI_API_KEY", ex.Message);
            // The engine names its own option; the cmdlet layer turns it into -ApiKey or -Token.
            Assert.Contains("SttSessionOptions.Credential", ex.Message);
            Assert.DoesNotContain("-ApiKey", ex.Message + ex.RecommendedAction);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASSEMBLYAI_API_KEY", saved);
        }
    }

    [Theory]
    [InlineData(49)]
    [InlineData(1001)]
    public void ChunkSizesOutside50To1000MsAreRejectedBeforeConnecting(int chunk)
    {
        var ex = Assert.Throws<SttException>(() => new SttSession(WaveFileAudioSource.Open(Wav(1)),
            new SttSessionOptions { Credential = SttCredential.FromApiKey("k"), ChunkMilliseconds = chunk }));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
    }

    [Fact]
    public async Task ASlowConsumerNeverMakesTheQueueGrowPastItsCapacityAndLosesNoEndOfTurn()
    {
        // 40 utterances of 6 words with universal-streaming partials per word: hundreds of events.
        var utterances = Enumerable.Range(0, 40).Select(i => new ScriptedUtterance($"Sentence number {i} has six words.", TimeSpan.FromSeconds(i * 3 + 0.2)));
        await using var emulator = await FastEmulator(new EmulatorScript(utterances));
        var options = Options(emulator, new VirtualClock(), configure: o =>
        {
            o.AssemblyAI.SpeechModel = "universal-streaming-english";
            o.EventQueueCapacity = 16;
        });
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(122)), options);
        session.Start();
        // Do not read until the provider has sent everything (its Termination included).
        var waited = Stopwatch.StartNew();
        while (emulator.Sessions.Count == 0 || !emulator.Sessions[0].ServerMessageTypes.Contains("Termination"))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the emulator never finished sending");
            await Task.Delay(50);
        }
        Assert.True(emulator.Sessions[0].ServerMessageTypes.Count(t => t == "Turn") > 200);
        await Task.Delay(200);
        Assert.InRange(session.QueuedEventCount, 0, 16 + SessionEventQueue.ControlHeadroom);

        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));
        Assert.Equal(40, run.Finals.Count);
        Assert.Equal(Enumerable.Range(0, 40), run.Finals.Select(t => t.TurnOrder));
        Assert.True(run.Summary.DroppedPartials > 0);
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Warning && d.Message.Contains("falling behind"));
    }
}
