// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>
/// Reconnect end to end against the Deepgram and Speechmatics emulators (<see cref="ReconnectTests"/> does AssemblyAI).
/// The audio carries its own position and each emulator recognizes the script where the audio says it is, with
/// result times on each connection's own timeline as the services report them: the client must put a replayed turn
/// back where it is on the recording, number it after the turns before the drop, and deliver it exactly once.
/// </summary>
public sealed class ProviderReconnectTests
{
    // 5× real time: a fault at 7.8 s of a 16 s file leaves 1.6 s of wall time before the last audio and the stop
    // request go out. At 10× (0.8 s) a loaded machine sometimes read the close after the stop request, and a drop
    // after the stop request is by design not reconnected (docs/reliability.md).
    private const double Rate = 5;

    private static readonly string[] Words = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima" };

    // Utterance i starts at 0.5 s + 3 s × i: "Alpha alpha done." (capitalised, as both services format it).
    // Both services report times to the millisecond or coarser; the replay must not shift them further.
    private const double ReportedTimeTolerance = 20;

    private static EmulatorScript Script(int count) =>
        new(Enumerable.Range(0, count).Select(i =>
            new ScriptedUtterance($"{Capital(Words[i])} {Words[i]} done.", TimeSpan.FromSeconds(0.5 + (3 * i)))));

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private sealed record Rig(IAsyncDisposable Emulator, SttSessionOptions Options, Func<int> SessionCount, Func<int, TimeSpan?> ScriptPosition) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Emulator.DisposeAsync();
    }

    // The same fault for either provider: Deepgram closes with the WebSocket code, Speechmatics with its close frame
    // (its Error messages are covered by the never-reconnect cases below).
    private static async Task<Rig> StartAsync(SttProvider provider, EmulatorScript script, EmulatorFault? fault, int reconnects, Action<SttSessionOptions>? configure = null)
    {
        var options = new SttSessionOptions
        {
            Provider = provider,
            Credential = SttCredential.FromApiKey("test-key"),
            Clock = new AcceleratedClock(Rate, DateTimeOffset.UtcNow),
            MaxReconnectAttempts = reconnects,
        };
        Rig rig;
        if (provider == SttProvider.Deepgram)
        {
            var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = script, Fault = fault, ScriptFollowsAudioPosition = true });
            options.Deepgram.Endpoint = emulator.WebSocketUri;
            options.Deepgram.Punctuate = true;
            rig = new Rig(emulator, options, () => emulator.Sessions.Count, i => emulator.Sessions[i].ScriptPosition);
        }
        else
        {
            var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = script, Fault = ToSpeechmatics(fault), ScriptFollowsAudioPosition = true });
            options.Speechmatics.Endpoint = emulator.WebSocketUri;
            rig = new Rig(emulator, options, () => emulator.Sessions.Count, i => emulator.Sessions[i].ScriptPosition);
        }

        configure?.Invoke(options);
        return rig;
    }

    private static SpeechmaticsFault? ToSpeechmatics(EmulatorFault? fault)
    {
        if (fault is null) return null;
        SpeechmaticsFault converted = fault.Action switch
        {
            EmulatorFaultAction.Abort => SpeechmaticsFault.AbortAfterAudio(fault.AudioReceived),
            EmulatorFaultAction.Stall => SpeechmaticsFault.StallAfterAudio(fault.AudioReceived),
            EmulatorFaultAction.BlackHole => SpeechmaticsFault.BlackHoleAfterAudio(fault.AudioReceived),
            _ => SpeechmaticsFault.CloseAfterAudio(fault.AudioReceived, fault.CloseCode, fault.CloseReason),
        };
        return fault.Sessions > 0 ? converted.InFirstSessions(fault.Sessions) : converted;
    }



    public static TheoryData<SttProvider> Providers => new() { SttProvider.Deepgram, SttProvider.Speechmatics };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DropWithoutCloseFrameMidTurnReconnectsReplaysFromTheLastEndOfTurnAndDeliversEveryTurnOnce(SttProvider provider)
    {
        EmulatorScript script = Script(8);
        // 9.8 s is inside utterance 3 (9.5–10.4 s): the open turn must come back whole from the replay.
        await using Rig rig = await StartAsync(provider, script, EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(9.8)).InFirstSessions(1), reconnects: 3);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(25), rig.Options, TimeSpan.FromSeconds(40));

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        Assert.Equal(1, run.Summary.Reconnects);
        run.AssertEveryScriptedTurnOnce(script, ReportedTimeTolerance);
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Warning && d.Message.Contains("reconnecting"));
        Assert.Contains(run.Events.OfType<DiagnosticEvent>(), d => d.Level == DiagnosticLevel.Verbose && d.Message.StartsWith("Reconnect attempt", StringComparison.Ordinal));
        Assert.Equal(2, rig.SessionCount());
        // The replay started at the end of the last turn delivered before the drop (Speechmatics finalises later, so
        // that can be an earlier turn than Deepgram's) and before the first turn heard again.
        string firstSession = run.Finals[0].SessionId!;
        Turn lastBefore = run.Finals.Last(t => t.SessionId == firstSession);
        Turn firstAfter = run.Finals.First(t => t.SessionId != firstSession);
        Assert.InRange(rig.ScriptPosition(1)!.Value, lastBefore.EndTime - TimeSpan.FromMilliseconds(100), firstAfter.StartTime);
        Assert.True(lastBefore.TurnOrder + 1 == firstAfter.TurnOrder, $"turn numbers {lastBefore.TurnOrder} then {firstAfter.TurnOrder}");
    }

    [Theory]
    [InlineData(SttProvider.Deepgram, 1011, "NET-0001")]
    [InlineData(SttProvider.Deepgram, 1012, "Service restart")]
    [InlineData(SttProvider.Deepgram, 1013, "Try again later")]
    [InlineData(SttProvider.Speechmatics, 1011, "Internal Server Error")]
    [InlineData(SttProvider.Speechmatics, 1012, "Service restart")]
    [InlineData(SttProvider.Speechmatics, 1013, "Try again later")]
    public async Task TransientCloseAtAnExactAudioTimeReconnectsAndDeliversEveryTurnOnce(SttProvider provider, int code, string reason)
    {
        EmulatorScript script = Script(5);
        await using Rig rig = await StartAsync(provider, script, EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(7.8), code, reason).InFirstSessions(1), reconnects: 2);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(16), rig.Options, TimeSpan.FromSeconds(40));

        Assert.Null(run.Fault);
        Assert.Equal(1, run.Summary.Reconnects);
        run.AssertEveryScriptedTurnOnce(script, ReportedTimeTolerance);
        Assert.Equal(2, rig.SessionCount());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BlackHoleIsNoticedWhileAudioFlowsAndReconnectDeliversEveryTurnOnce(SttProvider provider)
    {
        // Speech until 34.4 s of 36: the Deepgram emulator sends nothing in silence, so a short stall timeout must
        // only ever meet a black hole here, not a pause.
        EmulatorScript script = Script(12);
        // Silent and no longer reading: only watching for messages (or the unanswered ping) notices.
        await using Rig rig = await StartAsync(provider, script, EmulatorFault.BlackHoleAfterAudio(TimeSpan.FromSeconds(5.5)).InFirstSessions(1), reconnects: 2,
            o => o.StallTimeout = TimeSpan.FromSeconds(1.5));

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(36), rig.Options, TimeSpan.FromSeconds(40));

        Assert.Null(run.Fault);
        Assert.Equal(1, run.Summary.Reconnects);
        run.AssertEveryScriptedTurnOnce(script, ReportedTimeTolerance);
    }

    [Theory]
    [InlineData(SttProvider.Deepgram, 1008, "DATA-0000", "SttProviderAudioNotDecodable")]
    [InlineData(SttProvider.Deepgram, 1008, "policy violation", "SttProviderError")]
    [InlineData(SttProvider.Speechmatics, 4001, "not_authorised", "SttProviderAuthenticationFailed")]
    [InlineData(SttProvider.Speechmatics, 4005, "quota_exceeded", "SttProviderConcurrencyLimitExceeded")]
    [InlineData(SttProvider.Speechmatics, 4004, "invalid_model", "SttProviderRejectedRequest")]
    public async Task FinalCloseNeverReconnects(SttProvider provider, int code, string reason, string errorId)
    {
        // At 7 s the first utterance (0.5–1.4 s) is final for both (Speechmatics finalises max_delay after the words).
        await using Rig rig = await StartAsync(provider, Script(5), EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(7), code, reason), reconnects: 5);

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(16), rig.Options, TimeSpan.FromSeconds(30));

        Assert.Equal(errorId, run.Fault?.ErrorId);
        Assert.Equal(0, run.Summary.Reconnects);
        Assert.Equal(1, rig.SessionCount());
        // The turn that ended before the close is still delivered.
        Assert.Equal("Alpha alpha done.", run.Finals.First().Transcript);
    }

    [Theory]
    [InlineData(401, "SttProviderAuthenticationFailed")]
    [InlineData(402, "SttProviderQuotaExceeded")]
    [InlineData(400, "SttProviderRejectedRequest")]
    public async Task DeepgramRefusedUpgradeNeverRetries(int status, string errorId)
    {
        // Deepgram refuses auth, credit and parameter problems in the upgrade response, not with a close frame.
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { RefuseUpgradesWith = status });
        var options = new SttSessionOptions
        {
            Provider = SttProvider.Deepgram,
            Credential = SttCredential.FromApiKey("test-key"),
            Clock = new AcceleratedClock(Rate, DateTimeOffset.UtcNow),
            MaxReconnectAttempts = 5,
        };
        options.Deepgram.Endpoint = emulator.WebSocketUri;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        SessionRun run = SessionRun.OfPositionMarkedAudio(TimeSpan.FromSeconds(5), options, TimeSpan.FromSeconds(30));

        Assert.Equal(errorId, run.Fault?.ErrorId);
        Assert.Equal(0, run.Summary.Reconnects);
        Assert.Single(emulator.Sessions);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
    }
}
