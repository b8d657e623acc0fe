// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;

namespace StreamingStt.LoadBench;

/// <summary>
/// Latency added by the client: from the moment a server hands a final Turn frame to its socket to the moment
/// the Turn object reaches the consumer. Both ends run in this process on one clock (Stopwatch), over loopback:
/// a minimal AssemblyAI v3 speaker (Begin, a partial and a final Turn every <c>--turn-interval-ms</c>,
/// Termination on Terminate) stamps each final just before sending it, and N engine sessions, paced at real
/// time, each consumed on its own thread as the cmdlet does, stamp each end-of-turn Turn as it is taken.
/// A final every second gives 20 turns in 20 s: too few for a p99 at one session, so the harness asks for
/// one every 50 ms (a message every 25 ms), which gives a thousand turns in under a minute.
/// </summary>
internal static class LatencyProbe
{
    public static int Run(string[] args)
    {
        int sessions = 1;
        double seconds = 20;
        int turnIntervalMs = 1000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sessions": sessions = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--turn-interval-ms": turnIntervalMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var sent = new ConcurrentDictionary<(string Session, int Order), long>();
        var taken = new ConcurrentDictionary<(string Session, int Order), long>();
        // A TcpListener with NoDelay, not HttpListener: HttpListener's sockets keep Nagle on, and a final sent 20 ms
        // after a partial then waits for the client's delayed ACK (about 20 ms on Linux loopback), which is the
        // server's delay, not the client's. Real services, and the emulators (Kestrel), send without Nagle.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stopServer = new CancellationTokenSource();
        if (turnIntervalMs < 10) throw new ArgumentException("--turn-interval-ms must be at least 10 (the partial goes out half an interval before its final)");
        Task serving = ServeAsync(listener, sent, TimeSpan.FromMilliseconds(turnIntervalMs), stopServer.Token);

        var clock = Stopwatch.StartNew();
        var consumers = new List<Thread>();
        string? failure = null;
        for (int i = 0; i < sessions; i++)
        {
            var options = new SttSessionOptions { Provider = SttProvider.AssemblyAI, Credential = SttCredential.FromApiKey("latency-key") };
            options.AssemblyAI.Endpoint = new Uri($"ws://127.0.0.1:{port}/v3/ws");
            var session = new SttSession(new RawPcmStreamAudioSource(new MemoryStream(new byte[(int)(seconds * 32000)]),
                new AudioFormat(16000, 1, SampleEncoding.Pcm16), "silence"), options);
            session.Start();
            var consumer = new Thread(() =>
            {
                using (session)
                {
                    while (!session.IsDrained)
                    {
                        if (!session.TryTake(out SessionEvent? next, TimeSpan.FromSeconds(1), CancellationToken.None)) continue;
                        if (next is TurnEvent turn && turn.Turn.EndOfTurn)
                        {
                            taken.TryAdd((turn.Turn.SessionId ?? "", turn.Turn.TurnOrder), Stopwatch.GetTimestamp());
                        }
                        if (next is SessionFaultEvent fault && fault.IsTerminating) failure = fault.Error.Message;
                    }
                }
            }, 256 * 1024) { IsBackground = true };
            consumers.Add(consumer);
            consumer.Start();
        }
        foreach (Thread consumer in consumers) consumer.Join();
        stopServer.Cancel();
        listener.Stop();
        if (failure is not null)
        {
            Console.Error.WriteLine("session failed: " + failure);
            return 1;
        }
        var latencies = taken.Where(t => sent.ContainsKey(t.Key))
            .Select(t => (t.Value - sent[t.Key]) * 1000.0 / Stopwatch.Frequency).OrderBy(ms => ms).ToArray();
        if (latencies.Length == 0)
        {
            Console.Error.WriteLine("no turn arrived");
            return 1;
        }
        var result = new LatencyResult
        {
            Sessions = sessions,
            TurnIntervalMs = turnIntervalMs,
            Turns = latencies.Length,
            P50Ms = Percentile(latencies, 0.50),
            P99Ms = Percentile(latencies, 0.99),
            P999Ms = Percentile(latencies, 0.999),
            MaxMs = latencies[^1],
            // Each session's first turn also pays for the process's first parse (JIT); start-up is measured apart.
            P99AfterFirstTurnMs = AfterFirstTurn(taken, sent) is { Length: > 0 } warm ? Percentile(warm, 0.99) : double.NaN,
            WallMs = clock.Elapsed.TotalMilliseconds,
            // A collection stops every thread, the speaker's too: its pauses are part of the tail, and shown apart.
            Collections = GC.CollectionCount(0),
            GcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
        };
        Console.WriteLine("LATENCY " + System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        return 0;
    }

    private static double[] AfterFirstTurn(ConcurrentDictionary<(string Session, int Order), long> taken, ConcurrentDictionary<(string Session, int Order), long> sent) =>
        taken.Where(t => t.Key.Order > 0 && sent.ContainsKey(t.Key))
            .Select(t => (t.Value - sent[t.Key]) * 1000.0 / Stopwatch.Frequency).OrderBy(ms => ms).ToArray();

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task ServeAsync(System.Net.Sockets.TcpListener listener, ConcurrentDictionary<(string, int), long> sent, TimeSpan turnInterval, CancellationToken stop)
    {
        int sessionNumber = 0;
        while (!stop.IsCancellationRequested)
        {
            System.Net.Sockets.TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (System.Net.Sockets.SocketException) { return; }
            client.NoDelay = true;
            string id = "latency-" + Interlocked.Increment(ref sessionNumber).ToString(CultureInfo.InvariantCulture);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    using WebSocket? socket = await AcceptWebSocketAsync(client.GetStream(), stop);
                    if (socket is not null) await SpeakAsync(socket, id, sent, turnInterval, stop);
                }
            });
        }
    }

    // The server side of the RFC 6455 opening handshake: read the request's headers, answer 101 with the accept key.
    private static async Task<WebSocket?> AcceptWebSocketAsync(System.Net.Sockets.NetworkStream stream, CancellationToken stop)
    {
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stop) == 0 || request.Length > 16 * 1024) return null;
            request.Append((char)one[0]);
        }
        string? key = request.ToString().Split("\r\n")
            .Where(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
            .Select(line => line.Substring("Sec-WebSocket-Key:".Length).Trim()).FirstOrDefault();
        if (key is null) return null;
        string accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(
            Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n"), stop);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    // One session: Begin; every turn interval a partial then, half an interval (at most 20 ms) later, a final Turn
    // (the final stamped just before it is sent); Termination once the client asks to end.
    private static async Task SpeakAsync(WebSocket socket, string id, ConcurrentDictionary<(string, int), long> sent, TimeSpan turnInterval, CancellationToken stop)
    {
        var sendLock = new SemaphoreSlim(1, 1);
        async Task Send(string json, (string, int)? stampKey = null)
        {
            await sendLock.WaitAsync(stop);
            try
            {
                if (stampKey is { } key) sent[key] = Stopwatch.GetTimestamp();
                await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, stop);
            }
            finally { sendLock.Release(); }
        }
        await Send($"{{\"type\":\"Begin\",\"id\":\"{id}\",\"expires_at\":{DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds()}}}");
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeSpan finalAfter = TimeSpan.FromMilliseconds(Math.Min(20, turnInterval.TotalMilliseconds / 2));
        Task speaking = Task.Run(async () =>
        {
            for (int order = 0; !ended.Task.IsCompleted && !stop.IsCancellationRequested; order++)
            {
                await Task.WhenAny(ended.Task, Task.Delay(turnInterval - finalAfter, stop));
                if (ended.Task.IsCompleted) break;
                await Send(Turn(order, "turn " + order, endOfTurn: false));
                await Task.Delay(finalAfter, stop);
                await Send(Turn(order, "Turn " + order + ".", endOfTurn: true), (id, order));
            }
        });
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received = await socket.ReceiveAsync(buffer, stop);
            if (received.MessageType == WebSocketMessageType.Close) break;
            if (received.MessageType == WebSocketMessageType.Text && Encoding.UTF8.GetString(buffer, 0, received.Count).Contains("Terminate", StringComparison.Ordinal))
            {
                ended.TrySetResult();
                await speaking;
                await Send("{\"type\":\"Termination\",\"audio_duration_seconds\":1,\"session_duration_seconds\":1}");
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", stop);
            }
        }
        ended.TrySetResult();
    }

    private static string Turn(int order, string text, bool endOfTurn) =>
        $"{{\"turn_order\":{order},\"turn_is_formatted\":{(endOfTurn ? "true" : "false")},\"end_of_turn\":{(endOfTurn ? "true" : "false")}," +
        $"\"transcript\":\"{text}\",\"end_of_turn_confidence\":0.9,\"words\":[{{\"start\":0,\"end\":500,\"text\":\"{text}\",\"confidence\":0.9,\"word_is_final\":true}}]," +
        $"\"utterance\":\"{(endOfTurn ? text : "")}\",\"type\":\"Turn\"}}";
}

internal sealed class LatencyResult
{
    public int Sessions { get; set; }
    public int TurnIntervalMs { get; set; }
    public double P99AfterFirstTurnMs { get; set; }
    public int Turns { get; set; }
    public double P50Ms { get; set; }
    public double P99Ms { get; set; }
    public double P999Ms { get; set; }
    public double MaxMs { get; set; }
    public double WallMs { get; set; }
    public int Collections { get; set; }
    public double GcPauseMs { get; set; }
}
