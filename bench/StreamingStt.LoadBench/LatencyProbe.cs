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
/// a minimal AssemblyAI v3 speaker (Begin, a partial and a final Turn every second, Termination on Terminate)
/// stamps each final just before sending it, and N engine sessions, paced at real time, each consumed on its
/// own thread as the cmdlet does, stamp each end-of-turn Turn as it is taken.
/// </summary>
internal static class LatencyProbe
{
    public static int Run(string[] args)
    {
        int sessions = 1;
        double seconds = 20;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sessions": sessions = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var sent = new ConcurrentDictionary<(string Session, int Order), long>();
        var taken = new ConcurrentDictionary<(string Session, int Order), long>();
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stopServer = new CancellationTokenSource();
        Task serving = ServeAsync(listener, sent, stopServer.Token);

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
            Turns = latencies.Length,
            P50Ms = Percentile(latencies, 0.50),
            P99Ms = Percentile(latencies, 0.99),
            MaxMs = latencies[^1],
            WallMs = clock.Elapsed.TotalMilliseconds,
        };
        Console.WriteLine("LATENCY " + System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task ServeAsync(HttpListener listener, ConcurrentDictionary<(string, int), long> sent, CancellationToken stop)
    {
        int sessionNumber = 0;
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening) { return; }
            string id = "latency-" + Interlocked.Increment(ref sessionNumber).ToString(CultureInfo.InvariantCulture);
            _ = Task.Run(() => SpeakAsync(context, id, sent, stop));
        }
    }

    // One session: Begin; every second a partial then a final Turn (the final stamped just before it is sent);
    // Termination once the client asks to end.
    private static async Task SpeakAsync(HttpListenerContext context, string id, ConcurrentDictionary<(string, int), long> sent, CancellationToken stop)
    {
        using WebSocket socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
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
        Task speaking = Task.Run(async () =>
        {
            for (int order = 0; !ended.Task.IsCompleted && !stop.IsCancellationRequested; order++)
            {
                await Task.WhenAny(ended.Task, Task.Delay(1000, stop));
                if (ended.Task.IsCompleted) break;
                await Send(Turn(order, "turn " + order, endOfTurn: false));
                await Task.Delay(20, stop);
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
    public int Turns { get; set; }
    public double P50Ms { get; set; }
    public double P99Ms { get; set; }
    public double MaxMs { get; set; }
    public double WallMs { get; set; }
}
