// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;

namespace StreamingStt.LoadBench;

/// <summary>The clients the harness starts as child processes; each prints one "RESULT {json}" line about itself.</summary>
internal static class Clients
{
    /// <summary>Ours without PowerShell: N engine sessions in this process, each consumed on its own thread as the module's pipeline would.</summary>
    public static int RunEngine(ClientOptions options)
    {
        var result = StartMeasuring("engine", options);
        var clock = Stopwatch.StartNew();
        var sessions = new List<SttSession>();
        var startedAt = new List<DateTimeOffset>();
        for (int i = 0; i < options.Sessions; i++)
        {
            var session = new SttSession(WaveFileAudioSource.Open(options.Wav), options.ToSessionOptions());
            sessions.Add(session);
            startedAt.Add(DateTimeOffset.Now);
            session.Start();
        }
        int turns = 0;
        var endTimes = new double[sessions.Count];
        var lags = new TurnLags(sessions.Count);
        var consumers = new List<Thread>();
        string? failure = null;
        for (int i = 0; i < sessions.Count; i++)
        {
            int index = i;
            var consumer = new Thread(() =>
            {
                SttSession session = sessions[index];
                while (!session.IsDrained)
                {
                    if (!session.TryTake(out SessionEvent? next, TimeSpan.FromSeconds(1), CancellationToken.None)) continue;
                    if (next is TurnEvent { Turn.EndOfTurn: true } ended) lags.Add(index, DateTimeOffset.Now - startedAt[index] - ended.Turn.EndTime);
                    if (next is TurnEvent turn && turn.Turn.EndOfTurn && Interlocked.Increment(ref turns) == 1)
                    {
                        result.FirstTurnCpuMs = ProcessMeter.SelfCpuMilliseconds();
                        using Process self = Process.GetCurrentProcess();
                        result.FirstTurnWallMs = (DateTime.Now - self.StartTime).TotalMilliseconds;
                    }
                    if (next is SessionFaultEvent fault && fault.IsTerminating) failure = fault.Error.Message;
                }
                endTimes[index] = clock.Elapsed.TotalMilliseconds;
            }, 256 * 1024) { IsBackground = true };
            consumers.Add(consumer);
            consumer.Start();
        }
        foreach (Thread consumer in consumers) consumer.Join();
        foreach (SttSession session in sessions) session.Dispose();
        if (failure is not null)
        {
            Console.Error.WriteLine("session failed: " + failure);
            return 1;
        }
        result.MaxTurnLagMs = lags.MaxMs;
        result.MaxTurnLagGrowthMs = lags.MaxGrowthMs;
        return Finish(result, clock, endTimes.Max(), turns);
    }

    /// <summary>End-of-turn lags per session (see <see cref="ClientResult.MaxTurnLagMs"/>); each session's slot is written by its own consumer only.</summary>
    private sealed class TurnLags
    {
        private readonly double?[] _first;
        private readonly double[] _last;
        private readonly double[] _max;

        public TurnLags(int sessions)
        {
            _first = new double?[sessions];
            _last = new double[sessions];
            _max = new double[sessions];
            Array.Fill(_max, double.NegativeInfinity); // unpaced, turns come before their audio time: lags are negative
        }

        public void Add(int session, TimeSpan lag)
        {
            double ms = lag.TotalMilliseconds;
            _first[session] ??= ms;
            _last[session] = ms;
            _max[session] = Math.Max(_max[session], ms);
        }

        public double? MaxMs => _first.Any(f => f is not null) ? _max.Where((_, i) => _first[i] is not null).Max() : null;

        public double? MaxGrowthMs => _first.Any(f => f is not null) ? _first.Select((f, i) => f is null ? double.MinValue : _last[i] - f.Value).Max() : null;
    }

    /// <summary>
    /// The floor: a bare ClientWebSocket per session that sends the same frames on the same clock (50 ms
    /// of 16 kHz s16, straight from the file) and reads every reply into one buffer without parsing it.
    /// Only the connection details and control messages come from the engine's protocol classes.
    /// </summary>
    public static int RunFloor(ClientOptions options)
    {
        byte[] audio = WaveData(options.Wav);
        var result = StartMeasuring("floor", options);
        var clock = Stopwatch.StartNew();
        var runs = new Task<int>[options.Sessions];
        for (int i = 0; i < runs.Length; i++) runs[i] = FloorSessionAsync(options, audio);
        var endTimes = new double[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            int index = i;
            runs[i].ContinueWith(_ => endTimes[index] = clock.Elapsed.TotalMilliseconds, TaskContinuationOptions.ExecuteSynchronously);
        }
        Task.WaitAll(runs);
        int turns = runs.Sum(r => r.Result);
        return Finish(result, clock, Math.Max(endTimes.Max(), clock.Elapsed.TotalMilliseconds), turns);
    }

    private static async Task<int> FloorSessionAsync(ClientOptions options, byte[] audio)
    {
        const int FrameBytes = 1600;
        SttSessionOptions sessionOptions = options.ToSessionOptions();
        ISttProtocol protocol = ProtocolFactory.Create(sessionOptions);
        WebSocketConnectionOptions connection = protocol.CreateConnection(sessionOptions.Credential!);
        using var socket = new ClientWebSocket();
        foreach (KeyValuePair<string, string> header in connection.Headers) socket.Options.SetRequestHeader(header.Key, header.Value);
        foreach (string subProtocol in connection.SubProtocols) socket.Options.AddSubProtocol(subProtocol);
        await socket.ConnectAsync(connection.Uri, CancellationToken.None);

        var began = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int replies = 0;
        Task receiving = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            int length = 0;
            while (true)
            {
                ValueWebSocketReceiveResult received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) break;
                length += received.Count;
                if (!received.EndOfMessage) continue;
                replies++;
                if (!began.Task.IsCompleted) began.TrySetResult();
                length = 0;
            }
            began.TrySetResult();
        });

        string? start = protocol.CreateStartMessage();
        if (start is not null) await socket.SendAsync(Encoding.UTF8.GetBytes(start), WebSocketMessageType.Text, true, CancellationToken.None);
        if (protocol.WaitsForSessionBegan) await began.Task;

        var frame = new byte[FrameBytes];
        long origin = Stopwatch.GetTimestamp();
        long frames = 0;
        for (int offset = 0; offset < audio.Length; offset += FrameBytes, frames++)
        {
            int count = Math.Min(FrameBytes, audio.Length - offset);
            Buffer.BlockCopy(audio, offset, frame, 0, count);
            if (count < FrameBytes) Array.Clear(frame, count, FrameBytes - count);
            if (options.Paced)
            {
                TimeSpan wait = TimeSpan.FromMilliseconds(frames * 50) - Stopwatch.GetElapsedTime(origin);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        await socket.SendAsync(Encoding.UTF8.GetBytes(protocol.CreateStopMessage(frames)), WebSocketMessageType.Text, true, CancellationToken.None);
        await receiving;
        if (socket.State == WebSocketState.CloseReceived) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        return replies;
    }

    /// <summary>The data chunk of a WAV file.</summary>
    public static byte[] WaveData(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        for (int at = 12; at + 8 <= file.Length;)
        {
            int size = BitConverter.ToInt32(file, at + 4);
            if (Encoding.ASCII.GetString(file, at, 4) == "data") return file.AsSpan(at + 8, Math.Min(size, file.Length - at - 8)).ToArray();
            at += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }

    private static ClientResult StartMeasuring(string client, ClientOptions options)
    {
        // The harness samples this process's CPU a fixed time after READY, for the steady-state rate.
        Console.WriteLine("READY");
        Console.Out.Flush();
        using Process self = Process.GetCurrentProcess();
        return new ClientResult
        {
            Client = client,
            Provider = options.Provider.ToString().ToLowerInvariant(),
            Sessions = options.Sessions,
            AudioSeconds = new FileInfo(options.Wav).Length > 44 ? (new FileInfo(options.Wav).Length - 44) / 32000.0 : 0,
            StartupCpuMs = ProcessMeter.SelfCpuMilliseconds(),
            StartupWallMs = (DateTime.Now - self.StartTime).TotalMilliseconds,
            AllocatedKiB = GC.GetTotalAllocatedBytes() / 1024,
            Gen0Collections = GC.CollectionCount(0),
        };
    }

    private static int Finish(ClientResult result, Stopwatch clock, double slowestEndMs, int turns)
    {
        result.SessionCpuMs = ProcessMeter.SelfCpuMilliseconds() - result.StartupCpuMs;
        result.WallMs = clock.Elapsed.TotalMilliseconds;
        result.SlowestSessionLagMs = slowestEndMs - result.AudioSeconds * 1000;
        result.PeakRssKiB = ProcessMeter.StatusKiB("VmHWM");
        result.EndRssKiB = ProcessMeter.StatusKiB("VmRSS");
        result.Turns = turns;
        result.AllocatedKiB = GC.GetTotalAllocatedBytes() / 1024 - result.AllocatedKiB;
        result.Gen0Collections = GC.CollectionCount(0) - result.Gen0Collections;
        Console.WriteLine("RESULT " + System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        return 0;
    }
}

internal static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase };
}
