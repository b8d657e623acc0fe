// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>Client messages besides audio: keep-alive on a stalled source, configuration updates, force-endpoint.</summary>
public sealed class SessionControlTests : IDisposable
{
    private readonly string _wav = TestWav.WriteTone(TimeSpan.FromSeconds(3));

    public void Dispose() => File.Delete(_wav);

    /// <summary>A file source that stops delivering for a while once it has given <paramref name="stallAfterBytes"/>.</summary>
    private sealed class StallingSource : IAudioSource
    {
        private readonly IAudioSource _inner;
        private readonly long _stallAfterBytes;
        private readonly TimeSpan _stall;
        private long _delivered;
        private bool _stalled;

        public StallingSource(IAudioSource inner, long stallAfterBytes, TimeSpan stall)
        {
            _inner = inner;
            _stallAfterBytes = stallAfterBytes;
            _stall = stall;
        }

        public string Name => _inner.Name;
        public AudioFormat Format => _inner.Format;
        public TimeSpan? Duration => _inner.Duration;
        public bool IsRealTime => false;

        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_stalled && _delivered >= _stallAfterBytes)
            {
                _stalled = true;
                Thread.Sleep(_stall);
            }
            int read = _inner.Read(buffer, offset, count);
            _delivered += read;
            return read;
        }

        public void Dispose() => _inner.Dispose();
    }

    private static SttSessionOptions Options(AssemblyAIEmulator emulator)
    {
        var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key") };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        return options;
    }

    [Fact]
    public async Task AStalledSourceGetsKeepAlivesAndTheSessionCarriesOn()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        SttSessionOptions options = Options(emulator);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(300);
        var source = new StallingSource(WaveFileAudioSource.Open(_wav), stallAfterBytes: 16000 * 2 * 1, stall: TimeSpan.FromSeconds(1.5));

        using var session = new SttSession(source, options);
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(20));

        Assert.Null(run.Fault);
        EmulatorSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Contains("KeepAlive", record.ClientMessageTypes);
        Assert.Equal("Terminate", record.ClientMessageTypes[^1]);
        Assert.Equal(new[] { "Hello world." }, run.Finals.Select(t => t.Transcript));
    }

    [Fact]
    public async Task NoKeepAliveWhileAudioFlows()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        SttSessionOptions options = Options(emulator);
        // Generous: frames go out every 50 ms, so only a real fault leaves a 2 s gap (a shorter
        // interval made the test flaky on a loaded 2-core machine).
        options.KeepAliveInterval = TimeSpan.FromSeconds(2);
        using var session = new SttSession(WaveFileAudioSource.Open(_wav), options);
        session.Start();
        SessionRun.Drain(session, TimeSpan.FromSeconds(20));

        EmulatorSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("KeepAlive", record.ClientMessageTypes);
    }

    [Fact]
    public async Task ConfigurationUpdatesAndForceEndpointReachTheServiceAndBadValuesAreRefusedLocally()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        using var session = new SttSession(WaveFileAudioSource.Open(_wav), Options(emulator));
        session.Start();
        while (session.State != SttSessionState.Streaming) await Task.Delay(10);

        session.UpdateConfiguration(new SessionConfigurationUpdate { MinTurnSilence = 200, MaxTurnSilence = 1500, Keyterms = new List<string> { "Contoso" } });
        var bad = Assert.Throws<SttException>(() => session.UpdateConfiguration(new SessionConfigurationUpdate { Keyterms = new List<string> { new string('k', 51) } }));
        Assert.Equal(SttErrorKind.OptionInvalid, bad.Kind);
        session.ForceEndpoint();

        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(20));
        Assert.Null(run.Fault);
        EmulatorSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Contains("UpdateConfiguration", record.ClientMessageTypes);
        Assert.Contains("ForceEndpoint", record.ClientMessageTypes);
    }
}
