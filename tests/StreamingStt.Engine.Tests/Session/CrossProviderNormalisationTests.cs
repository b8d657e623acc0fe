// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>
/// The same spoken script through all three providers' emulators gives the same end-of-turn
/// transcripts, turn orders and times (within each provider's granularity): one Turn model.
/// </summary>
public sealed class CrossProviderNormalisationTests : IDisposable
{
    private static readonly EmulatorScript Script = new(new[]
    {
        new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)),
        new ScriptedUtterance("How are you today?", TimeSpan.FromSeconds(3)),
        new ScriptedUtterance("Fine, thanks.", TimeSpan.FromSeconds(5.5)),
    });

    private readonly string _wav = TestWav.WriteTone(TimeSpan.FromSeconds(8));

    public void Dispose() => File.Delete(_wav);

    public static TheoryData<SttProvider> Providers() => new() { SttProvider.AssemblyAI, SttProvider.Deepgram, SttProvider.Speechmatics };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheSameScriptGivesTheSameTurnsFromEveryProvider(SttProvider provider)
    {
        var options = new SttSessionOptions { Provider = provider, Credential = SttCredential.FromApiKey("test-key"), Clock = new VirtualClock() };
        IAsyncDisposable emulator;
        switch (provider)
        {
            case SttProvider.Deepgram:
                var deepgram = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = Script });
                options.Deepgram.Endpoint = deepgram.WebSocketUri;
                options.Deepgram.SmartFormat = true;
                options.Deepgram.InterimResults = true;
                options.Deepgram.Endpointing = "300";
                emulator = deepgram;
                break;
            case SttProvider.Speechmatics:
                var speechmatics = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = Script });
                options.Speechmatics.Endpoint = speechmatics.WebSocketUri;
                options.Speechmatics.EnablePartials = true;
                options.Speechmatics.EndOfUtteranceSilenceTrigger = 0.5;
                emulator = speechmatics;
                break;
            default:
                var assemblyAI = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = Script, RealTimeLead = TimeSpan.FromHours(1) });
                options.AssemblyAI.Endpoint = assemblyAI.WebSocketUri;
                emulator = assemblyAI;
                break;
        }

        await using (emulator)
        {
            using var session = new SttSession(WaveFileAudioSource.Open(_wav), options);
            session.Start();
            SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

            Assert.Null(run.Fault);
            Assert.Equal(new[] { "Hello world.", "How are you today?", "Fine, thanks." }, run.Finals.Select(t => t.Transcript));
            Assert.Equal(new[] { 0, 1, 2 }, run.Finals.Select(t => t.TurnOrder));
            double[] starts = { 0.5, 3.0, 5.5 };
            double[] ends = { 1.1, 4.2, 6.1 };
            for (int i = 0; i < 3; i++)
            {
                Turn turn = run.Finals[i];
                Assert.Equal(provider, turn.Provider);
                Assert.InRange(turn.StartTime.TotalSeconds, starts[i] - 0.05, starts[i] + 0.05);
                Assert.InRange(turn.EndTime.TotalSeconds, ends[i] - 0.05, ends[i] + 0.05);
                Assert.True(turn.Words.Count >= 2);
                Assert.Equal(turn.StartTime, turn.Words[0].StartTime);
                Assert.False(string.IsNullOrEmpty(turn.SessionId));
            }
            // Every update of a turn shares its order, and each turn ends exactly once.
            Assert.All(run.Turns.GroupBy(t => t.TurnOrder), g => Assert.Single(g, t => t.EndOfTurn));
            Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        }
    }
}
