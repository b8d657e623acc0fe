// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>The whole engine against the strict Deepgram emulator: file → turns, stop, keep-alive, closes, refusals, tokens.</summary>
public sealed class DeepgramSessionTests : IDisposable
{
    private static readonly EmulatorScript LongUtterance = new([new ScriptedUtterance("One two three four five six seven eight nine ten.", TimeSpan.FromSeconds(0.2))]);

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

    private static SttSessionOptions Options(DeepgramEmulator emulator, IClock? clock = null, string key = "test-key", Action<DeepgramOptions>? deepgram = null)
    {
        var options = new SttSessionOptions
        {
            Provider = SttProvider.Deepgram,
            Credential = SttCredential.FromApiKey(key),
            Clock = clock ?? SystemClock.Instance,
        };
        options.Deepgram.Endpoint = emulator.WebSocketUri;
        deepgram?.Invoke(options.Deepgram);
        return options;
    }

    // Draining blocks its thread; on 2 cores a blocked pool thread can starve the emulator and the session's
    // own loops for a second (long enough for an idle timeout), so drain on a thread of its own.
    private static Task<SessionRun> DrainAsync(SttSession session) =>
        Task.Factory.StartNew(() => SessionRun.Drain(session, TimeSpan.FromSeconds(30)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task<SessionRun> RunAsync(IAudioSource source, SttSessionOptions options)
    {
        using var session = new SttSession(source, options);
        session.Start();
        return await DrainAsync(session);
    }

    private Task<SessionRun> RunAsync(double seconds, SttSessionOptions options) => RunAsync(WaveFileAudioSource.Open(Wav(seconds)), options);

    /// <summary>A file source that stops delivering for a while once it has given <paramref name="stallAfterBytes"/>.</summary>
    private sealed class StallingSource(IAudioSource inner, long stallAfterBytes, TimeSpan stall) : IAudioSource
    {
        private long _delivered;
        private bool _stalled;

        public string Name => inner.Name;
        public AudioFormat Format => inner.Format;
        public TimeSpan? Duration => inner.Duration;
        public bool IsRealTime => false;

        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_stalled && _delivered >= stallAfterBytes)
            {
                _stalled = true;
                Thread.Sleep(stall);
            }
            int read = inner.Read(buffer, offset, count);
            _delivered += read;
            return read;
        }

        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public async Task AFileStreamsToTurnsInOrderWithTimesOnTheAudioTimelineAndNoEmptyFrame()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        string wav = Wav(6, rate: 44100, channels: 2);
        SessionRun run = await RunAsync(WaveFileAudioSource.Open(wav), Options(emulator, new VirtualClock(), deepgram: o =>
        {
            o.InterimResults = true;
            o.Punctuate = true;
            o.VadEvents = true;
            o.UtteranceEndMs = 1000;
        }));

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Hello world.", "How are you today?" }, run.Finals.Select(t => t.Transcript));
        Assert.Equal(new[] { 0, 1 }, run.Finals.Select(t => t.TurnOrder));
        Assert.Equal(TimeSpan.FromSeconds(0.5), run.Finals[0].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.1), run.Finals[0].EndTime);
        Assert.Equal(TimeSpan.FromSeconds(3), run.Finals[1].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(4.2), run.Finals[1].EndTime);
        Assert.All(run.Turns, t => Assert.True(t.IsFormatted));
        Assert.Equal(new[] { "Hello", "Hello world.", "How", "How are", "How are you", "How are you today?" },
            run.Turns.Where(t => !t.EndOfTurn).Select(t => t.Transcript));
        Assert.Equal(new[] { 0.5, 3.0 }, run.Events.OfType<SpeechStartedEvent>().Select(e => e.AudioTime.TotalSeconds));

        DeepgramSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        // The session id is Deepgram's request id (dg-request-id = metadata.request_id), announced before the first turn.
        Assert.All(run.Turns, t => Assert.Equal(record.RequestId, t.SessionId));
        int began = run.Events.FindIndex(e => e is SessionBeganEvent);
        Assert.True(began >= 0 && began < run.Events.FindIndex(e => e is TurnEvent));
        Assert.Equal(record.RequestId, ((SessionBeganEvent)run.Events[began]).SessionId);

        SessionSummary summary = run.Summary;
        Assert.Equal(SessionEndReason.Completed, summary.EndReason);
        Assert.Equal(2, summary.TurnCount);
        Assert.Equal(1000, summary.CloseStatus);
        Assert.Equal(TimeSpan.FromSeconds(6), summary.ProviderAudioDuration);

        // Never an empty binary frame: 120 frames of 50 ms, all bytes accounted for, no client fault, CloseStream last.
        Assert.Empty(record.ClientFaults);
        Assert.Equal(120, record.AudioFramesReceived);
        Assert.Equal(6 * 32000, record.AudioBytesReceived);
        Assert.Equal(new[] { "CloseStream" }, record.ClientMessageTypes);
        Assert.Equal(DeepgramAuthMethod.TokenHeader, record.AuthMethod);
        Assert.Equal("nova-3", record.Model);
        Assert.Equal("1", record.QueryValue("channels"));
        Assert.Equal("linear16", record.QueryValue("encoding"));
    }

    [Fact]
    public async Task MulawAtEightKilohertzIsTranscribedToo()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var options = Options(emulator, new VirtualClock());
        options.Encoding = OutputEncoding.PcmMulaw;
        options.SampleRate = 8000;
        SessionRun run = await RunAsync(2, options);
        Assert.Null(run.Fault);
        Assert.Equal(new[] { "hello world" }, run.Finals.Select(t => t.Transcript));
        Assert.False(run.Finals[0].IsFormatted);
        Assert.Equal("mulaw", (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).QueryValue("encoding"));
    }

    [Fact]
    public async Task AGracefulStopMidUtteranceStillDeliversTheWordsHeardAsTheFinalTurn()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = LongUtterance });
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(20)), Options(emulator));
        session.Start();
        var stopper = Task.Run(async () =>
        {
            while (session.AudioSent < TimeSpan.FromSeconds(1.3)) await Task.Delay(20);
            session.RequestStop();
        });
        SessionRun run = await DrainAsync(session);
        await stopper;

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Stopped, run.Summary.EndReason);
        // The service ends the stream without speech_final: the last final arrives as a partial, then Metadata closes the turn.
        Turn last = Assert.Single(run.Finals);
        Assert.StartsWith("one two three", last.Transcript);
        Assert.InRange(run.Summary.AudioSent.TotalSeconds, 1.3, 3);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal("Metadata", record.ServerMessageTypes[^1]);
        Assert.Equal(1000, record.CloseStatus);
    }

    [Fact]
    public async Task ForceEndpointSendsFinalizeWhichEndsTheTurnEarly()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = LongUtterance });
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(4)), Options(emulator));
        session.Start();
        var forcer = Task.Run(async () =>
        {
            while (session.AudioSent < TimeSpan.FromSeconds(0.9)) await Task.Delay(10);
            session.ForceEndpoint();
        });
        SessionRun run = await DrainAsync(session);
        await forcer;

        Assert.Null(run.Fault);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { "Finalize", "CloseStream" }, record.ClientMessageTypes);
        Assert.True(run.Finals.Count >= 2, string.Join(" / ", run.Finals.Select(t => t.Transcript)));
        Assert.Equal(run.Finals.Count, run.Finals.Select(t => t.TurnOrder).Distinct().Count());
        Assert.Equal("one two three four five six seven eight nine ten", string.Join(" ", run.Finals.Select(t => t.Transcript)));
        var ex = Assert.Throws<SttException>(() => session.UpdateConfiguration(new SessionConfigurationUpdate { MinTurnSilence = 100 }));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
    }

    // Idle-timeout tests measure real time: one short session first, so JIT work on a cold, busy 2-core machine
    // does not pass for a stalled client.
    private async Task WarmUpAsync(DeepgramEmulator emulator) => Assert.Null((await RunAsync(0.2, Options(emulator, new VirtualClock()))).Fault);

    [Fact]
    public async Task KeepAliveCarriesAStalledSourcePastTheIdleTimeout()
    {
        // Real pacing: the keep-alive loop runs beside a sender that yields between frames, as with a live pipe.
        // The stall blocks a pool thread, as a blocking read does; on 2 cores that delays the keep-alive loop by up
        // to about a second until the pool adds a thread, hence a 2 s limit against 250 ms keep-alives.
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { IdleTimeout = TimeSpan.FromSeconds(2) });
        await WarmUpAsync(emulator);
        var options = Options(emulator);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(250);
        SessionRun run = await RunAsync(new StallingSource(WaveFileAudioSource.Open(Wav(1.5)), stallAfterBytes: 32000 * 6 / 5, stall: TimeSpan.FromSeconds(3)), options);

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "hello world" }, run.Finals.Select(t => t.Transcript));
        var record = await emulator.WaitForSessionEndAsync(1, TimeSpan.FromSeconds(5));
        Assert.Contains("KeepAlive", record.ClientMessageTypes);
        Assert.Equal("CloseStream", record.ClientMessageTypes[^1]);
        Assert.Empty(record.ClientFaults);
    }

    [Fact]
    public async Task WithoutKeepAliveAStalledSourceEndsWithIdleTimeoutAfterTheTurnsAlreadyReceived()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { IdleTimeout = TimeSpan.FromSeconds(1) });
        await WarmUpAsync(emulator);
        var options = Options(emulator, new VirtualClock());
        options.KeepAliveInterval = TimeSpan.Zero;
        SessionRun run = await RunAsync(new StallingSource(WaveFileAudioSource.Open(Wav(3)), stallAfterBytes: 32000 * 2, stall: TimeSpan.FromSeconds(2)), options);

        Assert.Equal(SttErrorKind.ProviderIdleTimeout, run.Fault?.Kind);
        Assert.Equal(1011, run.Fault!.ProviderCode);
        Assert.Equal("SttProviderIdleTimeout", run.Fault.ErrorId);
        Assert.Equal(new[] { "hello world" }, run.Finals.Select(t => t.Transcript));
        Assert.True(run.Events.FindIndex(e => e is TurnEvent t && t.Turn.EndOfTurn) < run.Events.FindIndex(e => e is SessionFaultEvent));
    }

    public static TheoryData<int, string, SttErrorKind> CloseCodes() => new()
    {
        { 1008, "DATA-0000: the audio could not be decoded with the declared encoding and sample rate.", SttErrorKind.ProviderAudioNotDecodable },
        { 1011, "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000", SttErrorKind.ProviderServerError },
        { 1011, "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001", SttErrorKind.ProviderIdleTimeout },
        { 1011, "Internal error", SttErrorKind.ProviderServerError },
        { 4000, "Something new", SttErrorKind.ProviderError },
    };

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task EachCloseEndsTheSessionWithItsErrorAfterTheTurnsAlreadyReceived(int code, string reason, SttErrorKind expected)
    {
        // The fault fires at 2 s of audio, after "hello world" (0.5–1.1 s) has ended.
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Fault = EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(2), code, reason) });
        SessionRun run = await RunAsync(6, Options(emulator, new VirtualClock()));

        Assert.Equal(expected, run.Fault?.Kind);
        Assert.Equal(code, run.Fault!.ProviderCode);
        Assert.Equal(reason, run.Fault.ProviderReason);
        Assert.Equal(new[] { "hello world" }, run.Finals.Select(t => t.Transcript));
        Assert.True(run.Events.FindIndex(e => e is TurnEvent t && t.Turn.EndOfTurn) < run.Events.FindIndex(e => e is SessionFaultEvent));
        Assert.IsType<SessionEndedEvent>(run.Events[^1]);
        Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWith401QuotingDgErrorAndTheRequestIdButNeverTheKey()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        const string wrongKey = "wrong-key-5e1d";
        SessionRun run = await RunAsync(1, Options(emulator, new VirtualClock(), key: wrongKey));

        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, run.Fault?.Kind);
        Assert.Equal(401, run.Fault!.ProviderCode);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Contains("Invalid credentials", run.Fault.Message);
        Assert.Contains(record.RequestId, run.Fault.Message);
        Assert.Equal(record.RequestId, run.Fault.ResponseHeaders!["dg-request-id"]);
        Assert.DoesNotContain(run.Fault.ResponseHeaders!.Keys, k => k.Contains("cookie", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(run.Turns);
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
    public async Task AParameterTheServiceRefusesIsRejectedRequestWithItsExplanation()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        SessionRun run = await RunAsync(1, Options(emulator, new VirtualClock(), deepgram: o => o.Model = "nova-9"));
        Assert.Equal(SttErrorKind.ProviderRejectedRequest, run.Fault?.Kind);
        Assert.Equal(400, run.Fault!.ProviderCode);
        Assert.Contains("No such model: 'nova-9'", run.Fault.Message);
    }

    [Theory]
    [InlineData(402, SttErrorKind.ProviderQuotaExceeded)]
    [InlineData(403, SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(429, SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(503, SttErrorKind.ProviderServerError)]
    public async Task RefusedUpgradesMapToTheirKinds(int status, SttErrorKind expected)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { RefuseUpgradesWith = status });
        SessionRun run = await RunAsync(1, Options(emulator, new VirtualClock()));
        Assert.Equal(expected, run.Fault?.Kind);
        Assert.Equal(status, run.Fault!.ProviderCode);
        Assert.Equal(run.Fault.ResponseHeaders!["dg-error"], run.Fault.ProviderReason);
    }

    [Fact]
    public async Task AGrantedTokenOpensASessionAsBearer()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        SttToken token = await TemporaryTokenClient.RequestAsync(new TemporaryTokenRequest
        {
            Provider = SttProvider.Deepgram,
            Credential = SttCredential.FromApiKey("test-key"),
            ExpiresInSeconds = 120,
            Endpoint = emulator.HttpBaseUri,
        }, CancellationToken.None);

        Assert.Equal(SttProvider.Deepgram, token.Provider);
        Assert.Equal(TimeSpan.FromSeconds(120), token.ExpiresIn);
        Assert.Null(token.MaxSessionDuration);
        Assert.DoesNotContain(token.Token, token.ToString());

        var options = Options(emulator, new VirtualClock());
        options.Credential = SttCredential.FromTemporaryToken(token.Token);
        SessionRun run = await RunAsync(2, options);
        Assert.Null(run.Fault);
        Assert.Equal(new[] { "hello world" }, run.Finals.Select(t => t.Transcript));
        Assert.Equal(DeepgramAuthMethod.BearerHeader, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).AuthMethod);
    }

    [Fact]
    public async Task ATokenRequestWithAWrongKeyIsAnAuthenticationFailureWithoutTheKey()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var request = new TemporaryTokenRequest { Provider = SttProvider.Deepgram, Credential = SttCredential.FromApiKey("wrong-key-91"), Endpoint = emulator.HttpBaseUri };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, ex.Kind);
        Assert.Equal(401, ex.ProviderCode);
        Assert.Contains("Invalid credentials", ex.Message);
        Assert.DoesNotContain("wrong-key-91", ex.Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(3601, null)]
    [InlineData(60, 600)]
    public async Task TokenLimitsAreCheckedBeforeAnyRequest(int ttl, int? maxSession)
    {
        var request = new TemporaryTokenRequest
        {
            Provider = SttProvider.Deepgram,
            Credential = SttCredential.FromApiKey("k"),
            ExpiresInSeconds = ttl,
            MaxSessionDurationSeconds = maxSession,
            Endpoint = new Uri("http://127.0.0.1:1"),
        };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
    }

    [Fact]
    public void TheGrantAddressAndBodyFollowTheApi()
    {
        Assert.Equal("https://api.deepgram.com/v1/auth/grant", DeepgramTokenClient.GrantUri(new TemporaryTokenRequest { Provider = SttProvider.Deepgram }).ToString());
        Assert.Equal("http://127.0.0.1:5000/proxy/v1/auth/grant",
            DeepgramTokenClient.GrantUri(new TemporaryTokenRequest { Endpoint = new Uri("http://127.0.0.1:5000/proxy/") }).ToString());
        Assert.Equal("{\"ttl_seconds\":30}", DeepgramTokenClient.GrantBody(30));
    }

    [Fact]
    public void MissingKeyNamesTheDeepgramVariable()
    {
        string? saved = Environment.GetEnvironmentVariable("DEEPGRAM_API_KEY");
        Environment.SetEnvironmentVariable("DEEPGRAM_API_KEY", null);
        try
        {
            var ex = Assert.Throws<SttException>(() => new SttSession(WaveFileAudioSource.Open(Wav(1)), new SttSessionOptions { Provider = SttProvider.Deepgram }));
            Assert.Equal(SttErrorKind.ApiKeyMissing, ex.Kind);
            Assert.Contains("DEEPGRAM_API_KEY", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DEEPGRAM_API_KEY", saved);
        }
    }
}
