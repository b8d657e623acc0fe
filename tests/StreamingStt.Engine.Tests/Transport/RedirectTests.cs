// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.Sockets;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Transport;

/// <summary>
/// A redirect must never divert a session or a token request: each emulator answers with 302/307 pointing at a
/// second loopback listener, and nothing may reach that listener. Same-origin redirects are refused too.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    private readonly string _wav = TestWav.WriteTone(TimeSpan.FromSeconds(1), 16000, 1);

    public void Dispose() => File.Delete(_wav);

    /// <summary>A loopback listener that accepts and counts every connection made to it: the redirect target.</summary>
    private sealed class ConnectionRecorder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _accepting;
        private int _connections;

        public ConnectionRecorder()
        {
            _listener.Start();
            _accepting = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        using TcpClient client = await _listener.AcceptTcpClientAsync();
                        Interlocked.Increment(ref _connections);
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections
        {
            get
            {
                // A connection still in the backlog counts too.
                Thread.Sleep(200);
                return Volatile.Read(ref _connections) + (_listener.Pending() ? 1 : 0);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _accepting.Wait(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>One emulator of each provider, with its redirect faults set, behind one shape.</summary>
    private sealed class Emulated : IAsyncDisposable
    {
        private readonly IAsyncDisposable _emulator;
        private readonly Func<int> _redirectsServed;
        private readonly Func<int> _sessions;

        private Emulated(IAsyncDisposable emulator, Uri webSocketUri, Uri httpBaseUri, Func<int> redirectsServed, Func<int> sessions)
        {
            _emulator = emulator;
            WebSocketUri = webSocketUri;
            HttpBaseUri = httpBaseUri;
            _redirectsServed = redirectsServed;
            _sessions = sessions;
        }

        public Uri WebSocketUri { get; }

        public Uri HttpBaseUri { get; }

        public int RedirectsServed => _redirectsServed();

        public int Sessions => _sessions();

        public static async Task<Emulated> StartAsync(SttProvider provider, EmulatorRedirect? streaming, EmulatorRedirect? token, int port = 0)
        {
            switch (provider)
            {
                case SttProvider.Deepgram:
                    DeepgramEmulator deepgram = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Port = port, StreamingRedirect = streaming, TokenRedirect = token });
                    return new Emulated(deepgram, deepgram.WebSocketUri, deepgram.HttpBaseUri, () => deepgram.RedirectsServed, () => deepgram.Sessions.Count);
                case SttProvider.Speechmatics:
                    SpeechmaticsEmulator speechmatics = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Port = port, StreamingRedirect = streaming, TokenRedirect = token });
                    return new Emulated(speechmatics, speechmatics.WebSocketUri, speechmatics.HttpBaseUri, () => speechmatics.RedirectsServed, () => speechmatics.Sessions.Count);
                default:
                    AssemblyAIEmulator assemblyAI = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Port = port, StreamingRedirect = streaming, TokenRedirect = token });
                    return new Emulated(assemblyAI, assemblyAI.WebSocketUri, assemblyAI.HttpBaseUri, () => assemblyAI.RedirectsServed, () => assemblyAI.Sessions.Count);
            }
        }

        public ValueTask DisposeAsync() => _emulator.DisposeAsync();
    }

    private static SttSessionOptions Options(SttProvider provider, Uri endpoint)
    {
        var options = new SttSessionOptions { Provider = provider, Credential = SttCredential.FromApiKey("test-key"), Clock = new VirtualClock() };
        switch (provider)
        {
            case SttProvider.Deepgram: options.Deepgram.Endpoint = endpoint; break;
            case SttProvider.Speechmatics: options.Speechmatics.Endpoint = endpoint; break;
            default: options.AssemblyAI.Endpoint = endpoint; break;
        }
        return options;
    }

    private SessionRun Run(SttSessionOptions options)
    {
        using var session = new SttSession(WaveFileAudioSource.Open(_wav), options);
        session.Start();
        return SessionRun.Drain(session, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, 302, "ws")]
    [InlineData(SttProvider.AssemblyAI, 307, "wss")]
    [InlineData(SttProvider.Deepgram, 302, "ws")]
    [InlineData(SttProvider.Deepgram, 307, "http")]
    [InlineData(SttProvider.Speechmatics, 302, "ws")]
    [InlineData(SttProvider.Speechmatics, 307, "https")]
    public async Task AStreamingRedirectElsewhereIsRefusedAndNothingReachesItsTarget(SttProvider provider, int status, string scheme)
    {
        using var target = new ConnectionRecorder();
        var location = new Uri($"{scheme}://127.0.0.1:{target.Port}/elsewhere?token=stolen-secret-7");
        await using Emulated emulator = await Emulated.StartAsync(provider, new EmulatorRedirect(status, location), token: null);

        SessionRun run = Run(Options(provider, emulator.WebSocketUri));

        Assert.Equal(1, emulator.RedirectsServed);
        Assert.Equal(0, emulator.Sessions);
        Assert.Equal(0, target.Connections);
        SttException fault = Assert.IsType<SttException>(run.Fault);
        Assert.Equal(SttErrorKind.ProviderConnectionFailed, fault.Kind);
        Assert.Equal(status, fault.ProviderCode);
        Assert.Contains($"{scheme}://127.0.0.1:{target.Port}/elsewhere", fault.Message);
        Assert.DoesNotContain("stolen-secret-7", fault.Message);
        Assert.Equal(0L, run.Summary.BytesSent);
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI)]
    [InlineData(SttProvider.Deepgram)]
    [InlineData(SttProvider.Speechmatics)]
    public async Task ASameOriginStreamingRedirectIsNotFollowedEither(SttProvider provider)
    {
        // The emulator redirects to itself on another path; following it would ask the emulator a second time.
        int port = FreePort();
        var location = new Uri($"ws://127.0.0.1:{port}/moved");
        await using Emulated emulator = await Emulated.StartAsync(provider, new EmulatorRedirect(307, location), token: null, port);

        SessionRun run = Run(Options(provider, emulator.WebSocketUri));

        Assert.Equal(1, emulator.RedirectsServed);
        Assert.Equal(SttErrorKind.ProviderConnectionFailed, run.Fault?.Kind);
        Assert.Equal(307, run.Fault!.ProviderCode);
        Assert.Contains(location.AbsoluteUri, run.Fault.Message);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, 302, "http")]
    [InlineData(SttProvider.AssemblyAI, 307, "https")]
    [InlineData(SttProvider.Deepgram, 302, "https")]
    [InlineData(SttProvider.Deepgram, 307, "http")]
    [InlineData(SttProvider.Speechmatics, 302, "http")]
    [InlineData(SttProvider.Speechmatics, 307, "http")]
    public async Task ATokenRedirectIsRefusedAndNothingReachesItsTarget(SttProvider provider, int status, string scheme)
    {
        using var target = new ConnectionRecorder();
        var location = new Uri($"{scheme}://127.0.0.1:{target.Port}/mint?key=stolen-secret-8");
        await using Emulated emulator = await Emulated.StartAsync(provider, streaming: null, new EmulatorRedirect(status, location));
        var request = new TemporaryTokenRequest
        {
            Provider = provider,
            Credential = SttCredential.FromApiKey("test-key"),
            ExpiresInSeconds = 60,
            Endpoint = emulator.HttpBaseUri,
        };

        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));

        Assert.Equal(1, emulator.RedirectsServed);
        Assert.Equal(0, target.Connections);
        Assert.Equal(SttErrorKind.TokenRequestFailed, ex.Kind);
        Assert.Equal(status, ex.ProviderCode);
        Assert.Contains($"{scheme}://127.0.0.1:{target.Port}/mint", ex.Message);
        Assert.DoesNotContain("stolen-secret-8", ex.Message);
        Assert.DoesNotContain("test-key", ex.Message);
    }

    [Theory]
    [InlineData(SttProvider.Deepgram)]
    [InlineData(SttProvider.Speechmatics)]
    public async Task ARelativeLocationIsNamedAsTheAddressItResolvesTo(SttProvider provider)
    {
        var relative = new Uri("/moved/here?jwt=stolen-secret-9", UriKind.Relative);
        await using Emulated emulator = await Emulated.StartAsync(provider, new EmulatorRedirect(302, relative), new EmulatorRedirect(303, relative));

        SessionRun run = Run(Options(provider, emulator.WebSocketUri));
        var request = new TemporaryTokenRequest { Provider = provider, Credential = SttCredential.FromApiKey("test-key"), ExpiresInSeconds = 60, Endpoint = emulator.HttpBaseUri };
        var token = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));

        Assert.Contains($"to 'ws://127.0.0.1:{emulator.WebSocketUri.Port}/moved/here'", run.Fault!.Message);
        Assert.Contains($"to 'http://127.0.0.1:{emulator.HttpBaseUri.Port}/moved/here'", token.Message);
        Assert.DoesNotContain("stolen-secret-9", run.Fault.Message + token.Message);
        Assert.Equal(2, emulator.RedirectsServed);
    }

    [Fact]
    public async Task VerboseOutputNamesTheAddressActuallyConnectedTo()
    {
        await using Emulated emulator = await Emulated.StartAsync(SttProvider.AssemblyAI, null, null);
        SessionRun run = Run(Options(SttProvider.AssemblyAI, emulator.WebSocketUri));
        Assert.Null(run.Fault);
        string[] connected = run.Events.OfType<DiagnosticEvent>().Select(d => d.Message).Where(m => m.StartsWith("Connected to ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { $"Connected to {emulator.WebSocketUri.AbsoluteUri.TrimEnd('/')}." }, connected);
    }
}
