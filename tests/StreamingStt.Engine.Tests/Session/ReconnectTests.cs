// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Emulator;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>
/// Stall detection, reconnect and rollover against the AssemblyAI emulator. The audio carries its own position and the
/// emulator recognizes the script where the audio says it is, so a replay from the middle is heard as a real service
/// would hear it: a turn delivered twice or lost would show.
/// </summary>
public sealed class ReconnectTests
{
    private static readonly string[] Alpha =
    {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike",
        "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
    };

    // Utterance i starts at 0.5 s + i × period and has three 300 ms words: "alpha alpha done." …
    private static EmulatorScript Script(int count, TimeSpan period) =>
        new(Enumerable.Range(0, count).Select(i =>
            new ScriptedUtterance($"{Alpha[i % 26]} {Alpha[i / 26 % 26]} done.", TimeSpan.FromSeconds(0.5) + (period * i))));

    // Emulated and client time agree from here on (emulated now = origin + real elapsed × rate).
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;

    private Task<AssemblyAIEmulator> Emulator(EmulatorScript script, EmulatorFault? fault, double rate, TimeSpan? maxSession = null) =>
        AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            Script = script,
            Fault = fault,
            ClockRate = rate,
            ScriptFollowsAudioPosition = true,
            MaxSessionDuration = maxSession ?? TimeSpan.FromHours(3),
            ClockOrigin = _origin,
        });

    private SttSessionOptions Options(AssemblyAIEmulator emulator, double rate, int reconnects, Action<SttSessionOptions>? configure = null)
    {
        var options = new SttSessionOptions
        {
            Credential = SttCredential.FromApiKey("test-key"),
            Clock = new AcceleratedClock(rate, _origin),
            MaxReconnectAttempts = reconnects,
        };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        configure?.Invoke(options);
        return options;
    }



    [Fact]
    public async Task DropWithoutCloseFrameReconnectsReplaysTheOpenTurnAndDeliversEveryTurnOnce()
    {
        EmulatorScript script = Script(10, TimeSpan.FromSeconds(3));
        // 10.2 s is inside utterance 3 (9.5–10.4 s): the open turn must come back whole from the replay.
        await using var emulator = await Emulator(script, EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(10.2)).InFirstSessions(1), rate: 10);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(32), Options(emulator, 10, reconnects: 3), TimeSpan.FromSeconds(30));

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        Assert.Equal(1, run.Summary.Reconnects);
        Assert.Equal(0, run.Summary.Rollovers);
        run.AssertEveryScriptedTurnOnce(script, 2);
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Warning && d.Message.Contains("reconnecting"));
        Assert.Equal(2, emulator.Sessions.Count);
        // The replay started after the last turn that ended (utterance 2 ends at 7.4 s) and before the open one.
        Assert.InRange(emulator.Sessions[1].ScriptPosition!.Value.TotalSeconds, 7.3, 9.5);
        Assert.All(run.Finals.Skip(3), t => Assert.Equal(emulator.Sessions[1].SessionId, t.SessionId));
    }

    [Theory]
    [InlineData(1011, "Internal error")]
    [InlineData(1012, "Service restart")]
    [InlineData(1013, "Try again later")]
    [InlineData(3005, "Session Cancelled: An error occurred")]
    public async Task TransientCloseReconnectsAndDeliversEveryTurnOnce(int code, string reason)
    {
        EmulatorScript script = Script(6, TimeSpan.FromSeconds(3));
        await using var emulator = await Emulator(script, EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(7.8), code, reason, sendErrorMessage: code == 3005).InFirstSessions(1), rate: 10);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(20), Options(emulator, 10, reconnects: 2), TimeSpan.FromSeconds(30));

        Assert.Null(run.Fault);
        Assert.Equal(1, run.Summary.Reconnects);
        run.AssertEveryScriptedTurnOnce(script, 2);
        Assert.Equal(2, emulator.Sessions.Count);
    }

    [Theory]
    [InlineData(1008, "Unauthorized Connection: account disabled", "SttProviderAuthenticationFailed")]
    [InlineData(3006, "Invalid Message Type: Foo", "SttProviderInvalidMessage")]
    [InlineData(3009, "Unauthorized Connection: Too many concurrent sessions", "SttProviderConcurrencyLimitExceeded")]
    public async Task FinalCloseNeverReconnects(int code, string reason, string errorId)
    {
        await using var emulator = await Emulator(Script(6, TimeSpan.FromSeconds(3)), EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(4), code, reason), rate: 10);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(20), Options(emulator, 10, reconnects: 5), TimeSpan.FromSeconds(30));

        Assert.Equal(errorId, run.Fault?.ErrorId);
        Assert.Equal(0, run.Summary.Reconnects);
        Assert.Single(emulator.Sessions);
        // The turn that ended before the close is still delivered.
        Assert.Equal("alpha alpha done.", run.Finals.First().Transcript);
    }

    [Fact]
    public async Task StallWithoutReconnectFailsWithTheStallErrorPromptly()
    {
        await using var emulator = await Emulator(Script(60, TimeSpan.FromSeconds(3)), EmulatorFault.StallAfterAudio(TimeSpan.FromSeconds(5)), rate: 10);
        var watch = Stopwatch.StartNew();

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromMinutes(3), Options(emulator, 10, reconnects: 0, o => o.StallTimeout = TimeSpan.FromSeconds(1.5)), TimeSpan.FromSeconds(30));

        Assert.Equal("SttProviderStalled", run.Fault?.ErrorId);
        Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
        Assert.Contains("stopped answering", run.Fault!.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10);
        Assert.True(emulator.Sessions[0].Stalled);
        // Bounded: the client did not keep producing audio into the silent connection.
        Assert.InRange(run.Summary.AudioSent.TotalSeconds, 5, 60);
        Assert.Contains("alpha alpha done.", run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task UnansweredPingIsAStallEvenWhenMessageWatchingIsOff()
    {
        await using var emulator = await Emulator(Script(60, TimeSpan.FromSeconds(3)), EmulatorFault.BlackHoleAfterAudio(TimeSpan.FromSeconds(2)), rate: 1);
        var watch = Stopwatch.StartNew();

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromMinutes(3), Options(emulator, 1, reconnects: 0, o =>
        {
            o.StallTimeout = TimeSpan.Zero;
            o.PingTimeout = TimeSpan.FromSeconds(2);
        }), TimeSpan.FromSeconds(40));

        Assert.Equal("SttProviderStalled", run.Fault?.ErrorId);
        Assert.Contains("pong", run.Fault!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(watch.Elapsed.TotalSeconds, 2, 15);
    }

    [Fact]
    public async Task StallWithReconnectOnReconnectsAndDeliversEveryTurnOnce()
    {
        EmulatorScript script = Script(8, TimeSpan.FromSeconds(3));
        await using var emulator = await Emulator(script, EmulatorFault.StallAfterAudio(TimeSpan.FromSeconds(8)).InFirstSessions(1), rate: 10);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(26), Options(emulator, 10, reconnects: 3, o => o.StallTimeout = TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(40));

        Assert.Null(run.Fault);
        Assert.Equal(1, run.Summary.Reconnects);
        run.AssertEveryScriptedTurnOnce(script, 2);
    }

    [Fact]
    public async Task ReconnectGivesUpAfterMaxAttemptsWithTheOriginalCause()
    {
        // The first session drops; then the server is gone, so every attempt is refused until they run out.
        var emulator = await Emulator(Script(6, TimeSpan.FromSeconds(3)), EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(4)), rate: 10);
        using var session = new SttSession(new PositionMarkedAudioSource(TimeSpan.FromSeconds(20)), Options(emulator, 10, reconnects: 2));
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30), (_, e) =>
        {
            if (e is DiagnosticEvent { Level: DiagnosticLevel.Warning } d && d.Message.Contains("reconnecting")) emulator.DisposeAsync().AsTask().Wait();
        });
        await emulator.DisposeAsync();

        Assert.Equal("SttProviderConnectionLost", run.Fault?.ErrorId);
        Assert.Contains("Reconnecting failed", run.Fault!.Message);
        Assert.Equal(1, run.Summary.Reconnects);
        Assert.Equal(2, run.Events.OfType<DiagnosticEvent>().Count(d => d.Message.StartsWith("Reconnect attempt", StringComparison.Ordinal) && d.Message.Contains(" failed")));
    }

    [Fact]
    public async Task ThreeHourSessionRollsOverBeforeEachLimitWithOneTurnSequenceAndFlatMemory()
    {
        // Emulated time runs 600× (3 h in 18 s); the provider ends sessions after 1 h (a token's max_session_duration_seconds).
        const double rate = 600;
        EmulatorScript script = Script(540, TimeSpan.FromSeconds(20));
        await using var emulator = await Emulator(script, fault: null, rate, maxSession: TimeSpan.FromHours(1));
        SttSessionOptions options = Options(emulator, rate, reconnects: 3, o =>
        {
            o.SampleRate = 8000;
            o.ChunkMilliseconds = 1000;
            // At 600× every margin measured in audio shrinks 600-fold in wall time. The default 1-minute force margin is
            // 0.1 s, less than opening a connection takes on a loaded machine (the old session then met the limit, 3008);
            // the default 60 s replay is 0.1 s, less than the turns can lag behind the audio there (the replay then lost
            // the turns before its last 60 s). The same logic, with margins of 1 s / 2 s and a replay of 3 s of wall time.
            o.RolloverForceMargin = TimeSpan.FromMinutes(10);
            o.RolloverWindow = TimeSpan.FromMinutes(20);
            o.ReplayLimit = TimeSpan.FromMinutes(30);
        });
        var watch = Stopwatch.StartNew();
        long memoryAtOneHour = 0;

        using var session = new SttSession(new PositionMarkedAudioSource(TimeSpan.FromHours(3), 8000), options);
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(90), (s, e) =>
        {
            if (memoryAtOneHour == 0 && s.AudioSent > TimeSpan.FromMinutes(50)) memoryAtOneHour = GC.GetTotalMemory(forceFullCollection: true);
        });
        long memoryAtEnd = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        Assert.True(run.Summary.Rollovers >= 2, $"rollovers: {run.Summary.Rollovers}");
        Assert.Equal(0, run.Summary.Reconnects);
        Assert.DoesNotContain(emulator.Sessions, s => s.CloseStatus == 3008);
        // No warning: a replay cut short (turns lost) or a limit met would say so here first.
        Assert.Empty(run.Events.OfType<DiagnosticEvent>().Where(d => d.Level == DiagnosticLevel.Warning).Select(d => d.Message));
        run.AssertEveryScriptedTurnOnce(script, 2);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 60);
        // Flat: two more hours of audio and two more connections add no more than a few MB (the events are kept by this test).
        Assert.InRange(memoryAtEnd - memoryAtOneHour, long.MinValue, 16L * 1024 * 1024);
    }
}
