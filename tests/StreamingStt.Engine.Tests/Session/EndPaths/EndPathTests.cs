// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.WebSockets;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using StreamingStt.Engine.Transport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session.EndPaths;

/// <summary>
/// One test per end-path defect: the hang after an oversized message (its root cause), the error id race, finalised
/// text lost on a stop timeout, and the silent early close. Each failed before the fix.
/// </summary>
public sealed class EndPathTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    // "The quick brown fox jumps over the" is spoken by 3.3 s (0.4 s words from 0.5 s); "lazy dog." would follow.
    private static readonly EmulatorScript QuickBrownFox = new([new ScriptedUtterance("The quick brown fox jumps over the lazy dog.", TimeSpan.FromSeconds(0.5)) { WordDuration = TimeSpan.FromSeconds(0.4) }]);

    // A finished turn early, so a later fault has turns before it.
    private static readonly EmulatorScript EarlyTurn = new([new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.1))]);

    private readonly List<string> _files = new();

    public void Dispose()
    {
        foreach (string file in _files) File.Delete(file);
    }

    private IAudioSource Wav(double seconds)
    {
        string path = TestWav.WriteTone(TimeSpan.FromSeconds(seconds));
        _files.Add(path);
        return WaveFileAudioSource.Open(path);
    }

    private static Task<EndObservation> ObserveAsync(SttSession session) =>
        Task.Factory.StartNew(() => EndObservation.Run(session, Deadline), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// The root cause of the hang: the transport aborts its own socket on an oversized message, and a send racing
    /// it then threw ObjectDisposedException, which no caller expected; the session's runner died on it before
    /// reaching its end. Every send and receive failure after a local abort must be the one exception callers handle.
    /// </summary>
    [Fact]
    public async Task AfterTheTransportAbortsOnAnOversizedMessageASendFailsAsConnectionLostNeverAsObjectDisposed()
    {
        using var listener = new HttpListener();
        int port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Task server = Task.Run(async () =>
        {
            HttpListenerContext context = await listener.GetContextAsync();
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            await socket.SendAsync(new byte[64 * 1024], WebSocketMessageType.Text, true, CancellationToken.None);
            try { await socket.ReceiveAsync(new byte[1024], CancellationToken.None); } catch (WebSocketException) { }
        });

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(
            new WebSocketConnectionOptions(new Uri($"ws://127.0.0.1:{port}/")) { ConnectTimeout = TimeSpan.FromSeconds(5), MaxMessageBytes = 16 * 1024 }, CancellationToken.None);
        SttException tooLarge = await Assert.ThrowsAsync<SttException>(() => transport.ReceiveAsync(CancellationToken.None));
        Assert.Equal(SttErrorKind.TransportMessageTooLarge, tooLarge.Kind);

        SttException send = await Assert.ThrowsAsync<SttException>(() => transport.SendBinaryAsync(new ArraySegment<byte>(new byte[1600]), CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, send.Kind);
        SttException receive = await Assert.ThrowsAsync<SttException>(() => transport.ReceiveAsync(CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, receive.Kind);
        await server.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>A loop that fails with an exception nobody planned for must still end the session (Failed), never hang it.</summary>
    [Fact]
    public async Task ASessionWhoseSourceThrowsAnUnexpectedExceptionStillEndsOnceAsFailed()
    {
        await using ProviderRig rig = await ProviderRig.StartAsync(SttProvider.Deepgram, RigFault.None, TimeSpan.Zero);
        var session = new SttSession(new ThrowingSource(EndObservation.Tone(3), afterBytes: 16000), rig.Options());

        EndObservation run = await ObserveAsync(session);

        Assert.Empty(run.BrokenRules());
        Assert.Equal(SessionEndReason.Failed, run.Summary!.EndReason);
        Assert.Equal(SttErrorKind.ProviderError, run.Fault!.Kind);
        Assert.Contains("unexpectedly", run.Fault.Message);
    }

    /// <summary>An oversized message ends the session as TransportMessageTooLarge (never ConnectionLost), after the turns before it.</summary>
    [Theory]
    [InlineData(SttProvider.AssemblyAI)]
    [InlineData(SttProvider.Deepgram)]
    [InlineData(SttProvider.Speechmatics)]
    public async Task AnOversizedMessageEndsTheSessionAsMessageTooLargeAfterTheTurnsBeforeIt(SttProvider provider)
    {
        await using ProviderRig rig = await ProviderRig.StartAsync(provider, RigFault.Oversized, TimeSpan.FromSeconds(2), EarlyTurn);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            // Unpaced and long: the sender is busy on the socket the transport aborts.
            SttSessionOptions options = rig.Options();
            if (provider == SttProvider.Speechmatics) options.Speechmatics.MaxDelay = 1; // "Hello world." final by 1.7 s
            var session = new SttSession(EndObservation.Tone(30), options);
            EndObservation run = await ObserveAsync(session);

            Assert.Empty(run.BrokenRules());
            Assert.Equal(SessionEndReason.Failed, run.Summary!.EndReason);
            Assert.Equal(SttErrorKind.TransportMessageTooLarge, run.Fault!.Kind);
            Assert.Equal("SttTransportMessageTooLarge", run.Summary.ErrorId);
            int fault = run.Events.FindIndex(e => e is SessionFaultEvent { IsTerminating: true });
            Assert.Contains(run.Events.Take(fault), e => e is TurnEvent { Turn.EndOfTurn: true });
        }
    }

    /// <summary>
    /// The provider stalls (no answers, the connection open) and the graceful stop times out: the finalised text of
    /// the open turn arrives as an end-of-turn turn, as it does when the connection drops, and a warning says so.
    /// </summary>
    [Theory]
    [InlineData(SttProvider.AssemblyAI)]
    [InlineData(SttProvider.Deepgram)]
    [InlineData(SttProvider.Speechmatics)]
    public async Task AStopTimeoutDeliversTheOpenTurnAsEndOfTurnAndWarnsItMayBeIncomplete(SttProvider provider)
    {
        await using ProviderRig rig = await ProviderRig.StartAsync(provider, RigFault.Stall, TimeSpan.FromSeconds(3.3), QuickBrownFox);
        SttSessionOptions options = rig.Options(pace: true, stopTimeout: TimeSpan.FromMilliseconds(500));
        options.Clock = new VirtualClock();
        // Settings under which words become final before the stall: word-by-word finals (AssemblyAI), finals 1 s
        // after a word (Speechmatics; Deepgram's is_final segments come at its endpointing pauses anyway).
        if (provider == SttProvider.AssemblyAI) options.AssemblyAI.SpeechModel = "universal-streaming-english";
        if (provider == SttProvider.Speechmatics) options.Speechmatics.MaxDelay = 1;
        var session = new SttSession(Wav(6), options);

        EndObservation run = await ObserveAsync(session);

        Assert.Empty(run.BrokenRules());
        Assert.Equal(SessionEndReason.StopTimedOut, run.Summary!.EndReason);
        Assert.Null(run.Fault);
        Turn last = run.Turns[^1];
        Assert.True(last.EndOfTurn, $"the last turn \"{last.Transcript}\" was not ended");
        Assert.StartsWith("the quick brown fox", last.Transcript, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("lazy", last.Transcript, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, run.Summary.TurnCount);
        Assert.Contains(run.Warnings, w => w.Contains("stop request") && w.Contains("may be incomplete") && w.Contains("The quick", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The provider closes normally (1000) a quarter into a file: the session says how much audio was never transcribed.</summary>
    [Theory]
    [InlineData(SttProvider.AssemblyAI)]
    [InlineData(SttProvider.Deepgram)]
    [InlineData(SttProvider.Speechmatics)]
    public async Task AProviderThatEndsTheSessionEarlyIsReportedWithTheAudioNotTranscribed(SttProvider provider)
    {
        await using ProviderRig rig = await ProviderRig.StartAsync(provider, RigFault.NormalClose, TimeSpan.FromSeconds(1));
        // Paced in real time, so the client is mid-file when the close arrives (as with a microphone or a real-time upload).
        var session = new SttSession(Wav(4), rig.Options(pace: true));

        EndObservation run = await ObserveAsync(session);

        Assert.Empty(run.BrokenRules());
        Assert.Equal(SessionEndReason.ClosedByProvider, run.Summary!.EndReason);
        Assert.Null(run.Fault);
        Assert.Equal(1000, run.Summary.CloseStatus);
        string warning = Assert.Single(run.Warnings, w => w.Contains("ended the session early"));
        Assert.Contains("close 1000", warning);
        Assert.Contains("s of the 4.0 s source were not sent and are not transcribed", warning);
        double notSent = double.Parse(warning.Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(notSent, 2.0, 3.0);
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>A source with a bug: after <paramref name="afterBytes"/> it throws an exception that is not an SttException.</summary>
    private sealed class ThrowingSource(IAudioSource inner, long afterBytes) : IAudioSource
    {
        private long _read;

        public string Name => inner.Name;
        public AudioFormat Format => inner.Format;
        public TimeSpan? Duration => inner.Duration;
        public bool IsRealTime => false;

        public int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= afterBytes) throw new InvalidOperationException("a bug in the audio source");
            int read = inner.Read(buffer, offset, count);
            _read += read;
            return read;
        }

        public void Dispose() => inner.Dispose();
    }
}
