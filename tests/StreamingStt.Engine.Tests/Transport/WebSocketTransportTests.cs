// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;
using Xunit;

namespace StreamingStt.Engine.Tests.Transport;

/// <summary>The transport on its own, against a tiny loopback WebSocket server that misbehaves on purpose.</summary>
public sealed class WebSocketTransportTests
{
    /// <summary>A one-connection HttpListener WebSocket server running <paramref name="serve"/>.</summary>
    private sealed class OneShotServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public OneShotServer(Func<HttpListenerContext, Task> serve)
        {
            int port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Uri = new Uri($"ws://127.0.0.1:{port}/ws");
            _serving = Task.Run(async () =>
            {
                HttpListenerContext context = await _listener.GetContextAsync();
                await serve(context);
            });
        }

        public Uri Uri { get; }

        public Task Serving => _serving;

        public async ValueTask DisposeAsync()
        {
            await Task.WhenAny(_serving, Task.Delay(2000));
            _listener.Close();
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static WebSocketConnectionOptions Options(Uri uri, int maxMessageBytes = 1024 * 1024) =>
        new(uri) { ConnectTimeout = TimeSpan.FromSeconds(5), MaxMessageBytes = maxMessageBytes };

    /// <summary>
    /// The whole per-frame send path a session runs (cut the next frame, send it through the transport)
    /// allocates nothing in steady state: for a source already in the wire format (the pass-through)
    /// and for one that needs resampling and µ-law. Counts bytes, not time.
    /// </summary>
    [Theory]
    [InlineData(16000, 1, OutputEncoding.PcmS16le)]
    [InlineData(48000, 2, OutputEncoding.PcmMulaw)]
    public async Task SteadyStateFrameSendDoesNotAllocate(int sourceRate, int sourceChannels, OutputEncoding encoding)
    {
        long received = 0;
        await using var server = new OneShotServer(async context =>
        {
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            var buffer = new byte[64 * 1024];
            while (true)
            {
                WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, default);
                if (result.MessageType == WebSocketMessageType.Close) break;
                Interlocked.Add(ref received, result.Count);
            }
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", default);
        });
        var samples = new short[sourceRate * sourceChannels * 60];
        for (int i = 0; i < samples.Length; i++) samples[i] = (short)(Math.Sin(i * 0.01) * 10000);
        var source = new RawPcmStreamAudioSource(
            new MemoryStream(StreamingStt.Engine.Tests.Audio.WaveFileBuilder.Pcm16(samples)),
            new AudioFormat(sourceRate, sourceChannels, SampleEncoding.Pcm16), "memory");
        using var reader = new AudioFrameReader(source, 16000, encoding, 50);
        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(Options(server.Uri), CancellationToken.None);
        var frame = new byte[reader.FrameBytes];

        // Synchronous on this thread, as the session's loop is whenever a send completes at once: any
        // state machine, task or buffer the path needs would be allocated here.
        void SendFrames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                int bytes = reader.ReadFrame(frame);
                transport.SendBinaryAsync(new ArraySegment<byte>(frame, 0, bytes), CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        SendFrames(50);

        // Steady state: some round of 200 frames allocates nothing (one round may see a one-off runtime
        // allocation on this thread, such as tiered compilation or a socket send that had to wait).
        var rounds = new List<long>();
        for (int round = 0; round < 4 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            SendFrames(200);
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        await transport.CloseAsync(1000, "done", CancellationToken.None);
        Assert.True(rounds[^1] == 0, "bytes allocated per round of 200 frames: " + string.Join(", ", rounds));
        Assert.True(await server.Serving.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully));
        Assert.True(Interlocked.Read(ref received) >= (50 + 200L * rounds.Count) * reader.FrameBytes, "the server did not receive every frame");
    }

    [Fact]
    public async Task FragmentsAreReassembledIntoOneMessageAndHeadersArrive()
    {
        string? seenHeader = null;
        await using var server = new OneShotServer(async context =>
        {
            seenHeader = context.Request.Headers["X-Probe"];
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":"), WebSocketMessageType.Text, false, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes("\"Tu"), WebSocketMessageType.Text, false, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes("rn\"}"), WebSocketMessageType.Text, true, default);
            await socket.CloseOutputAsync((WebSocketCloseStatus)4001, "custom reason", default);
        });
        var options = Options(server.Uri);
        options.Headers.Add(new KeyValuePair<string, string>("X-Probe", "yes"));

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(options, CancellationToken.None);
        TransportMessage message = await transport.ReceiveAsync(CancellationToken.None);
        Assert.Equal(TransportMessageKind.Text, message.Kind);
        Assert.Equal("{\"type\":\"Turn\"}", message.Text);

        TransportMessage close = await transport.ReceiveAsync(CancellationToken.None);
        Assert.Equal(TransportMessageKind.Close, close.Kind);
        Assert.Equal(4001, close.CloseStatus);
        Assert.Equal("custom reason", close.CloseReason);
        Assert.Equal("yes", seenHeader);
    }

    [Fact]
    public async Task AMessageOverTheLimitFailsWithMessageTooLarge()
    {
        await using var server = new OneShotServer(async context =>
        {
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            byte[] chunk = new byte[8 * 1024];
            try
            {
                for (int i = 0; i < 16; i++) await socket.SendAsync(chunk, WebSocketMessageType.Binary, i == 15, default);
            }
            catch (WebSocketException)
            {
                // The client gave up on the message, as it should.
            }
        });

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(Options(server.Uri, maxMessageBytes: 64 * 1024), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SttException>(() => transport.ReceiveAsync(CancellationToken.None));
        Assert.Equal(SttErrorKind.TransportMessageTooLarge, ex.Kind);
    }

    [Fact]
    public async Task ALimitBelowTheInitialBufferIsStillEnforced()
    {
        // 1,500 bytes in one frame against a 1,000-byte limit: the limit holds even when it is smaller than the
        // buffer a connection would otherwise start with.
        await using var server = new OneShotServer(async context =>
        {
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            try
            {
                await socket.SendAsync(new byte[1500], WebSocketMessageType.Text, true, default);
                await socket.ReceiveAsync(new byte[16], default);
            }
            catch (WebSocketException)
            {
                // The client aborted, as it should.
            }
        });

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(Options(server.Uri, maxMessageBytes: 1000), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SttException>(() => transport.ReceiveAsync(CancellationToken.None));
        Assert.Equal(SttErrorKind.TransportMessageTooLarge, ex.Kind);
        Assert.Contains("1000-byte limit", ex.Message);
    }

    [Fact]
    public async Task TheReceiveBufferStartsSmallAndGrowsOnlyForAMessageThatNeedsIt()
    {
        string large = new string('x', 40 * 1024);
        await using var server = new OneShotServer(async context =>
        {
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"Turn\"}"), WebSocketMessageType.Text, true, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes(large), WebSocketMessageType.Text, true, default);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", default);
        });

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(Options(server.Uri), CancellationToken.None);
        Assert.Equal(WebSocketTransport.InitialReceiveBufferBytes, transport.ReceiveBufferBytes);
        Assert.Equal("{\"type\":\"Turn\"}", (await transport.ReceiveAsync(CancellationToken.None)).Text);
        Assert.Equal(WebSocketTransport.InitialReceiveBufferBytes, transport.ReceiveBufferBytes);
        Assert.Equal(large, (await transport.ReceiveAsync(CancellationToken.None)).Text);
        Assert.Equal(64 * 1024, transport.ReceiveBufferBytes);
    }

    [Fact]
    public async Task ARefusedUpgradeCarriesItsHttpStatus()
    {
        await using var server = new OneShotServer(context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Close();
            return Task.CompletedTask;
        });

        var ex = await Assert.ThrowsAsync<SttException>(() => WebSocketTransport.ConnectAsync(Options(server.Uri), CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderConnectionFailed, ex.Kind);
        Assert.Equal(401, ex.ProviderCode);
    }

    [Fact]
    public async Task AServerThatNeverAnswersTheUpgradeTimesOut()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            int port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var options = new WebSocketConnectionOptions(new Uri($"ws://127.0.0.1:{port}/ws")) { ConnectTimeout = TimeSpan.FromMilliseconds(400) };
            var watch = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<SttException>(() => WebSocketTransport.ConnectAsync(options, CancellationToken.None));
            Assert.Equal(SttErrorKind.ProviderTimeout, ex.Kind);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task ADroppedConnectionIsConnectionLost()
    {
        await using var server = new OneShotServer(async context =>
        {
            WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            socket.Abort();
            context.Response.Abort();
        });

        using WebSocketTransport transport = await WebSocketTransport.ConnectAsync(Options(server.Uri), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SttException>(() => transport.ReceiveAsync(CancellationToken.None));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, ex.Kind);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:1/x", true)]
    [InlineData("ws://127.8.9.10:1/x", true)]
    [InlineData("ws://localhost:1/x", true)]
    [InlineData("ws://[::1]:1/x", true)]
    [InlineData("ws://10.0.0.5/x", false)]
    [InlineData("ws://stt.example.com/x", false)]
    [InlineData("ws://localhost.example.com/x", false)]
    public void PlainWebSocketsAreAllowedOnlyOnLoopback(string uri, bool allowed)
    {
        Exception? ex = Record.Exception(() => WebSocketTransport.RequireSecureOrLoopback(new Uri(uri)));
        if (allowed)
        {
            Assert.Null(ex);
        }
        else
        {
            Assert.Equal(SttErrorKind.TransportEndpointInsecure, Assert.IsType<SttException>(ex).Kind);
        }
        Assert.Null(Record.Exception(() => WebSocketTransport.RequireSecureOrLoopback(new Uri(uri.Replace("ws://", "wss://")))));
    }

    [Fact]
    public void EndpointsArePrintedWithoutSecrets()
    {
        string redacted = EndpointRedactor.Redact(new Uri("wss://user:pw@host.example/v3/ws?speech_model=x&token=abc123&jwt=zzz"));
        Assert.DoesNotContain("abc123", redacted);
        Assert.DoesNotContain("zzz", redacted);
        Assert.DoesNotContain("pw", redacted);
        Assert.Contains("speech_model=x", redacted);
        Assert.Equal("wss://host.example/v3/ws", EndpointRedactor.WithoutQuery(new Uri("wss://host.example/v3/ws?token=abc")));
    }
}
