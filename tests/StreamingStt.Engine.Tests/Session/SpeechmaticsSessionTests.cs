// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>The whole engine (file → conversion → WebSocket → SpeechmaticsProtocol → events) against the strict Speechmatics emulator.</summary>
public sealed class SpeechmaticsSessionTests : IDisposable
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

    private static SttSessionOptions Options(SpeechmaticsEmulator emulator, IClock? clock = null, string key = "test-key", Action<SttSessionOptions>? configure = null)
    {
        var options = new SttSessionOptions
        {
            Provider = SttProvider.Speechmatics,
            Credential = SttCredential.FromApiKey(key),
            Clock = clock ?? SystemClock.Instance,
        };
        options.Speechmatics.Endpoint = emulator.WebSocketUri;
        configure?.Invoke(options);
        return options;
    }

    // The turn-detection settings most tests use: partials, and an end of utterance 0.5 s into each silence.
    private static void Conversational(SttSessionOptions options)
    {
        options.Speechmatics.EnablePartials = true;
        options.Speechmatics.EndOfUtteranceSilenceTrigger = 0.5;
    }

    private static SessionRun Run(string wav, SttSessionOptions options, TimeSpan? timeout = null)
    {
        using var session = new SttSession(WaveFileAudioSource.Open(wav), options);
        session.Start();
        return SessionRun.Drain(session, timeout ?? TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task FileStreamsToTurnsInOrderWithTimesAndEveryFrameIsAcknowledged()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        string wav = Wav(6, rate: 44100, channels: 2);

        SessionRun run = Run(wav, Options(emulator, new VirtualClock(), configure: Conversational));

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Hello world.", "How are you today?" }, run.Finals.Select(t => t.Transcript));
        Assert.Equal(new[] { 0, 1 }, run.Finals.Select(t => t.TurnOrder));
        Assert.Equal(TimeSpan.FromSeconds(0.5), run.Finals[0].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.1), run.Finals[0].EndTime);
        Assert.Equal(TimeSpan.FromSeconds(3), run.Finals[1].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(4.2), run.Finals[1].EndTime);
        Assert.All(run.Finals, t => Assert.True(t.IsFormatted));
        Assert.All(run.Finals, t => Assert.Equal("en", t.Language));
        Assert.Contains(run.Turns, t => !t.EndOfTurn && t.Transcript == "How are");
        Assert.All(run.Turns, t => Assert.Equal(wav, t.Source));
        Assert.All(run.Turns, t => Assert.Equal(SttProvider.Speechmatics, t.Provider));

        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.All(run.Turns, t => Assert.Equal(record.SessionId, t.SessionId));
        Assert.IsType<SessionBeganEvent>(run.Events.First(e => e is not DiagnosticEvent));
        Assert.IsType<SessionEndedEvent>(run.Events[^1]);
        SessionSummary summary = run.Summary;
        Assert.Equal(SessionEndReason.Completed, summary.EndReason);
        Assert.Equal(2, summary.TurnCount);
        Assert.Equal(1000, summary.CloseStatus);
        Assert.Equal(120, summary.FramesSent); // 6 s / 50 ms

        // EndOfStream.last_seq_no is the number of frames, which the service acknowledged one by one.
        Assert.Equal(SpeechmaticsAuthMethod.ApiKeyHeader, record.AuthMethod);
        Assert.Equal(120, record.AudioFramesReceived);
        Assert.Equal(120, record.AudioAddedSent);
        Assert.Equal(120, record.LastSeqNo);
        Assert.Equal(new[] { "StartRecognition", "EndOfStream" }, record.ClientMessageTypes);
        Assert.True(record.ClientClosedFirst);
        JsonNode start = JsonNode.Parse(record.StartRecognition!)!;
        Assert.Equal(16000, (int)start["audio_format"]!["sample_rate"]!);
        Assert.Equal(0.5, (double)start["transcription_config"]!["conversation_config"]!["end_of_utterance_silence_trigger"]!);
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Message.Contains("recognition_quality"));
    }

    [Fact]
    public async Task WithDefaultSettingsSentencePunctuationEndsTurnsAndDiarizationNamesSpeakers()
    {
        var script = new EmulatorScript(new[]
        {
            new ScriptedUtterance("Good morning.", TimeSpan.FromSeconds(0.3)) { Speaker = "A" },
            new ScriptedUtterance("Morning, how are you?", TimeSpan.FromSeconds(1.5)) { Speaker = "B" },
        });
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = script });

        SessionRun run = Run(Wav(3.5), Options(emulator, new VirtualClock(), configure: o => o.Speechmatics.Diarization = "speaker"));

        Assert.Null(run.Fault);
        Assert.Equal(new[] { "Good morning.", "Morning, how are you?" }, run.Finals.Select(t => t.Transcript));
        Assert.Equal(new[] { "S1", "S2" }, run.Finals.Select(t => t.Speaker));
        Assert.Equal(new[] { "Morning,", "how", "are", "you?" }, run.Finals[1].Words.Select(w => w.Text));
        Assert.All(run.Finals[1].Words, w => Assert.True(w.IsFinal));
        Assert.NotNull(run.Finals[1].Confidence);
    }

    [Fact]
    public async Task GracefulStopMidUtteranceStillDeliversTheFinalTurn()
    {
        var script = new EmulatorScript(new[] { new ScriptedUtterance("one two three four five six seven eight", TimeSpan.FromSeconds(0.2)) });
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = script });

        // Real-time pacing, so the stop lands mid-utterance; max_delay 4 s means nothing is final before EndOfStream.
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(20)), Options(emulator));
        session.Start();
        var stopper = Task.Run(async () =>
        {
            while (session.AudioSent < TimeSpan.FromSeconds(1.3)) await Task.Delay(20);
            session.RequestStop();
        });
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(20));
        await stopper;

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Stopped, run.Summary.EndReason);
        Turn last = Assert.Single(run.Finals);
        Assert.StartsWith("one two three", last.Transcript, StringComparison.Ordinal);
        Assert.True(last.EndOfTurn);
        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(record.AudioFramesReceived, record.LastSeqNo);
        Assert.Equal(run.Summary.FramesSent, record.LastSeqNo);
    }

    [Fact]
    public async Task ForceEndpointEndsTheTurnBeforeTheServiceWouldHave()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(6)), Options(emulator));
        session.Start();
        // Right after "Hello world." (ends 1.1 s); without the force it would be final only at 5.1 s (max_delay 4).
        var forcer = Task.Run(async () =>
        {
            while (session.AudioSent < TimeSpan.FromSeconds(1.2)) await Task.Delay(20);
            session.ForceEndpoint();
        });
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(20), (s, e) =>
        {
            if (e is TurnEvent { Turn.EndOfTurn: true }) s.RequestStop();
        });
        await forcer;

        Assert.Null(run.Fault);
        Turn first = run.Finals[0];
        Assert.Equal("Hello world.", first.Transcript);
        Assert.True(run.Summary.AudioSent < TimeSpan.FromSeconds(4), $"the turn ended only after {run.Summary.AudioSent}");
        Assert.Contains("ForceEndOfUtterance", (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).ClientMessageTypes);
    }

    public static TheoryData<string, int, SttErrorKind> ErrorTypes() => new()
    {
        { "quota_exceeded", 4005, SttErrorKind.ProviderConcurrencyLimitExceeded },
        { "timelimit_exceeded", 4006, SttErrorKind.ProviderQuotaExceeded },
        { "job_error", 4013, SttErrorKind.ProviderServerError },
        { "protocol_error", 1003, SttErrorKind.ProviderInvalidMessage },
        { "idle_timeout", 1008, SttErrorKind.ProviderTimeout },
        { "session_timeout", 1008, SttErrorKind.ProviderSessionExpired },
        { "unknown_error", 1011, SttErrorKind.ProviderServerError },
        { "internal_error", 1011, SttErrorKind.ProviderServerError },
        { "service_overloaded", 1011, SttErrorKind.ProviderServerError },
        { "not_authorised", 4001, SttErrorKind.ProviderAuthenticationFailed },
    };

    [Theory]
    [MemberData(nameof(ErrorTypes))]
    public async Task EachErrorEndsTheSessionWithItsKindAfterTheTurnsAlreadyReceived(string errorType, int closeCode, SttErrorKind expected)
    {
        // The fault fires at 2 s of audio, after "Hello world." (0.5–1.1 s) ended at 1.6 s.
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions
        {
            Fault = SpeechmaticsFault.ErrorAfterAudio(TimeSpan.FromSeconds(2), errorType, "Emulated failure"),
        });
        SessionRun run = Run(Wav(6), Options(emulator, new VirtualClock(), configure: Conversational));

        Assert.NotNull(run.Fault);
        Assert.Equal(expected, run.Fault!.Kind);
        Assert.Equal(closeCode, run.Fault.ProviderCode);
        Assert.Contains("Emulated failure", run.Fault.Message);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
        int faultIndex = run.Events.FindIndex(e => e is SessionFaultEvent);
        int turnIndex = run.Events.FindIndex(e => e is TurnEvent t && t.Turn.EndOfTurn);
        Assert.True(turnIndex < faultIndex, "turns already received must come before the error");
        Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
        Assert.Equal("Stt" + expected, run.Summary.ErrorId);
    }

    [Fact]
    public async Task ACloseWithoutAnErrorMessageIsDescribedByItsCode()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions
        {
            Fault = SpeechmaticsFault.CloseAfterAudio(TimeSpan.FromSeconds(2), 1011, "internal_error"),
        });
        SessionRun run = Run(Wav(6), Options(emulator, new VirtualClock(), configure: Conversational));
        Assert.Equal(SttErrorKind.ProviderServerError, run.Fault?.Kind);
        Assert.Equal(1011, run.Fault!.ProviderCode);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task ADroppedConnectionIsConnectionLostAndKeepsEarlierTurns()
    {
        // Real time: a reset discards whatever the client had not read yet, so let the first turn arrive first.
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Fault = SpeechmaticsFault.AbortAfterAudio(TimeSpan.FromSeconds(3)) });
        SessionRun run = Run(Wav(6), Options(emulator, configure: Conversational));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, run.Fault?.Kind);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task AStartRecognitionTheServiceRefusesFailsBeforeAnyAudioWithItsReason()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        SessionRun run = Run(Wav(2), Options(emulator, new VirtualClock(), configure: o => o.Speechmatics.Language = "English"));

        Assert.Equal(SttErrorKind.ProviderRejectedRequest, run.Fault?.Kind);
        Assert.Contains("invalid_language", run.Fault!.Message);
        Assert.Contains("English", run.Fault.Message);
        Assert.Equal(1003, run.Fault.ProviderCode);
        Assert.Equal(0, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).AudioFramesReceived);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedAtTheUpgradeAndTheKeyNeverAppearsInAnyMessage()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        const string wrongKey = "wrong-key-5c2e91";
        SessionRun run = Run(Wav(1), Options(emulator, new VirtualClock(), key: wrongKey));

        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, run.Fault?.Kind);
        Assert.Equal(401, run.Fault!.ProviderCode);
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
    public async Task ATemporaryKeyFromTheKeyEndpointOpensSessionsThroughTheJwtQuery()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        SttToken token = await TemporaryTokenClient.RequestAsync(new TemporaryTokenRequest
        {
            Provider = SttProvider.Speechmatics,
            Credential = SttCredential.FromApiKey("test-key"),
            ExpiresInSeconds = 600,
            Endpoint = emulator.HttpBaseUri,
        }, CancellationToken.None);

        Assert.Equal(SttProvider.Speechmatics, token.Provider);
        Assert.Equal(TimeSpan.FromSeconds(600), token.ExpiresIn);
        Assert.Null(token.MaxSessionDuration);
        Assert.DoesNotContain(token.Token, token.ToString());

        // Speechmatics keys are not single-use: the same key opens a second session.
        for (int i = 0; i < 2; i++)
        {
            SessionRun run = Run(Wav(2), Options(emulator, new VirtualClock(), configure: o =>
            {
                o.Credential = SttCredential.FromTemporaryToken(token.Token);
                Conversational(o);
            }));
            Assert.Null(run.Fault);
            Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
            Assert.DoesNotContain(run.Events.OfType<DiagnosticEvent>(), d => d.Message.Contains(token.Token));

            SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(i, TimeSpan.FromSeconds(5));
            Assert.Equal(SpeechmaticsAuthMethod.TemporaryKeyQuery, record.AuthMethod);
            Assert.Equal("***", record.QueryParameters["jwt"]);
            Assert.DoesNotContain("Authorization", record.HeaderNames, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ATokenRequestWithAWrongKeyIsAnAuthenticationFailureWithoutTheKeyInTheMessage()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var request = new TemporaryTokenRequest
        {
            Provider = SttProvider.Speechmatics,
            Credential = SttCredential.FromApiKey("wrong-key-88"),
            Endpoint = emulator.HttpBaseUri,
        };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, ex.Kind);
        Assert.Equal(401, ex.ProviderCode);
        Assert.DoesNotContain("wrong-key-88", ex.Message);
    }
}
