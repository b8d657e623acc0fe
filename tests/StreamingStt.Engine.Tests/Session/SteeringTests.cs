// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>
/// Changing turn detection while a session runs (what Set-SttSession does), against the emulators: later turns follow
/// the change, changes add up, a reconnect keeps them, and what a provider cannot change is refused before sending.
/// </summary>
public sealed class SteeringTests : IDisposable
{
    // Three phrases without punctuation, 0.5 s apart: one turn while a turn needs 1 s of silence, three with 300 ms.
    private static readonly EmulatorScript Phrases = new(new[]
    {
        new ScriptedUtterance("alpha beta", TimeSpan.FromSeconds(0.5)),
        new ScriptedUtterance("gamma delta", TimeSpan.FromSeconds(1.6)),
        new ScriptedUtterance("epsilon zeta", TimeSpan.FromSeconds(2.7)),
    });

    private static readonly string[] Joined = { "alpha beta gamma delta epsilon zeta" };
    private static readonly string[] Split = { "alpha beta", "gamma delta", "epsilon zeta" };

    private readonly List<string> _files = new();
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;

    public void Dispose()
    {
        foreach (string file in _files) File.Delete(file);
    }

    private string Wav(double seconds)
    {
        string path = TestWav.WriteTone(TimeSpan.FromSeconds(seconds));
        _files.Add(path);
        return path;
    }

    private static SttSessionOptions AssemblyAI(AssemblyAIEmulator emulator)
    {
        var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key") };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        return options;
    }

    private static SttSessionOptions Speechmatics(SpeechmaticsEmulator emulator)
    {
        var options = new SttSessionOptions { Provider = SttProvider.Speechmatics, Credential = SttCredential.FromApiKey("test-key") };
        options.Speechmatics.Endpoint = emulator.WebSocketUri;
        return options;
    }

    private static async Task WaitUntilStreaming(SttSession session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (session.State != SttSessionState.Streaming)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session did not start streaming");
            await Task.Delay(5);
        }
    }

    /// <summary>A paced session of <paramref name="source"/>; <paramref name="steer"/> runs as soon as it streams.</summary>
    private static async Task<SessionRun> RunSteered(IAudioSource source, SttSessionOptions options, Action<SttSession>? steer)
    {
        using var session = new SttSession(source, options);
        session.Start();
        Task<SessionRun> drain = Task.Run(() => SessionRun.Drain(session, TimeSpan.FromSeconds(30)));
        await WaitUntilStreaming(session);
        steer?.Invoke(session);
        return await drain;
    }

    private static string[] Transcripts(SessionRun run) => run.Finals.Select(t => t.Transcript.TrimEnd()).ToArray();

    [Fact]
    public void FollowedByKeepsEachFieldsLatestValue()
    {
        var first = new SessionConfigurationUpdate { MinTurnSilence = 200, MaxTurnSilence = 900, Keyterms = new List<string> { "Contoso" } };
        var second = new SessionConfigurationUpdate { MaxTurnSilence = 300, Prompt = "Names of towns", Keyterms = new List<string>(), MaxDelay = 2 };

        SessionConfigurationUpdate both = first.FollowedBy(second);

        Assert.Equal(200, both.MinTurnSilence);
        Assert.Equal(300, both.MaxTurnSilence);
        Assert.Null(both.EndOfTurnConfidenceThreshold);
        Assert.Equal("Names of towns", both.Prompt);
        Assert.Equal(2, both.MaxDelay);
        Assert.Empty(both.Keyterms!); // an empty list is a change (it removes the terms), not "unchanged"
        Assert.Equal(new[] { "Contoso" }, first.FollowedBy(new SessionConfigurationUpdate()).Keyterms);
    }

    [Fact]
    public async Task AssemblyAILaterTurnsFollowAMaxTurnSilenceChangedMidSession()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = Phrases });

        Task<SessionRun> unchanged = RunSteered(WaveFileAudioSource.Open(Wav(4.5)), AssemblyAI(emulator), steer: null);
        Task<SessionRun> steered = RunSteered(WaveFileAudioSource.Open(Wav(4.5)), AssemblyAI(emulator),
            session => session.UpdateConfiguration(new SessionConfigurationUpdate { MaxTurnSilence = 300 }));

        Assert.Equal(Joined, Transcripts(await unchanged));
        Assert.Equal(Split, Transcripts(await steered));
        Assert.Null((await steered).Fault);
    }

    [Fact]
    public async Task AssemblyAIChangesAddUpAndAreCheckedTogether()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = Phrases });
        using var session = new SttSession(WaveFileAudioSource.Open(Wav(4.5)), AssemblyAI(emulator));
        session.Start();
        await WaitUntilStreaming(session);

        session.UpdateConfiguration(new SessionConfigurationUpdate { MinTurnSilence = 800 });
        // Alone 500 ms is a valid MaxTurnSilence; after MinTurnSilence 800 the service would get an impossible pair.
        var ex = Assert.Throws<SttException>(() => session.UpdateConfiguration(new SessionConfigurationUpdate { MaxTurnSilence = 500 }));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains("800", ex.Message, StringComparison.Ordinal);
        session.UpdateConfiguration(new SessionConfigurationUpdate { MaxTurnSilence = 1200 });

        session.Cancel();
        EmulatorSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(2, record.ClientMessageTypes.Count(type => type == "UpdateConfiguration"));
    }

    [Fact]
    public async Task AReconnectKeepsEveryChangeMadeBeforeIt()
    {
        // Two-word utterances every 1.1 s from 4 s (0.5 s pauses); the connection drops inside utterance 5 (9.5–10.1 s).
        string[] names = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima" };
        var script = new EmulatorScript(names.Select((name, i) => new ScriptedUtterance(name + " word", TimeSpan.FromSeconds(4 + (1.1 * i)))));
        const double rate = 5;
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            Script = script,
            Fault = EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(9.8)).InFirstSessions(1),
            ClockRate = rate,
            ClockOrigin = _origin,
            ScriptFollowsAudioPosition = true,
        });
        SttSessionOptions options = AssemblyAI(emulator);
        options.Clock = new AcceleratedClock(rate, _origin);
        options.MaxReconnectAttempts = 3;

        // The silence change first, then an unrelated one: a new connection that got only the latest change
        // would join the later utterances into long turns again.
        SessionRun run = await RunSteered(new PositionMarkedAudioSource(TimeSpan.FromSeconds(18.5)), options, session =>
        {
            session.UpdateConfiguration(new SessionConfigurationUpdate { MaxTurnSilence = 300 });
            session.UpdateConfiguration(new SessionConfigurationUpdate { Keyterms = new List<string> { "Contoso" } });
        });

        Assert.Null(run.Fault);
        Assert.Equal(1, run.Summary.Reconnects);
        Assert.Equal(names.Select(name => name + " word"), Transcripts(run));
        Assert.Contains("UpdateConfiguration", (await emulator.WaitForSessionEndAsync(1, TimeSpan.FromSeconds(5))).ClientMessageTypes);
    }

    [Fact]
    public async Task SpeechmaticsLaterTurnsEndAtTheEndOfUtteranceSilenceSetMidSessionAndOtherSettingsAreRefused()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = Phrases });

        Task<SessionRun> unchanged = RunSteered(WaveFileAudioSource.Open(Wav(4.5)), Speechmatics(emulator), steer: null);
        Task<SessionRun> steered = RunSteered(WaveFileAudioSource.Open(Wav(4.5)), Speechmatics(emulator), session =>
        {
            var refused = Assert.Throws<SttException>(() => session.UpdateConfiguration(new SessionConfigurationUpdate { MinTurnSilence = 300 }));
            Assert.Equal(SttErrorKind.OptionInvalid, refused.Kind);
            Assert.Contains("Speechmatics", refused.Message, StringComparison.Ordinal);
            session.UpdateConfiguration(new SessionConfigurationUpdate { MaxTurnSilence = 300 });
        });

        Assert.Equal(Joined, Transcripts(await unchanged));
        Assert.Equal(Split, Transcripts(await steered));
        var records = new[] { await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5)), await emulator.WaitForSessionEndAsync(1, TimeSpan.FromSeconds(5)) };
        Assert.Equal(new[] { "StartRecognition", "SetRecognitionConfig", "EndOfStream" },
            records.Single(r => r.ClientMessageTypes.Contains("SetRecognitionConfig")).ClientMessageTypes);
    }
}
