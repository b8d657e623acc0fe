// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Globalization;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;

namespace StreamingStt.LoadBench;

/// <summary>
/// One long AssemblyAI session (3 hours: the service's maximum) paced on an accelerated clock, so hours of
/// audio pass in minutes; the resident set is sampled as it goes, to show memory stays flat.
/// </summary>
internal static class LongSession
{
    public static int Run(string[] args)
    {
        Uri? url = null;
        string key = "";
        double hours = 3, speed = 60;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--url": url = new Uri(value); break;
                case "--key": key = value; break;
                case "--hours": hours = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--speed": speed = double.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (url is null) throw new ArgumentException("--url is required");
        var clock = new AcceleratedClock(speed);
        var options = new SttSessionOptions
        {
            Provider = SttProvider.AssemblyAI,
            Credential = SttCredential.FromApiKey(key),
            Clock = clock,
            MaxAudioDuration = TimeSpan.FromHours(hours),
        };
        options.AssemblyAI.Endpoint = url;
        var wall = Stopwatch.StartNew();
        using var session = new SttSession(new RawPcmStreamAudioSource(new ToneStream(), new AudioFormat(16000, 1, SampleEncoding.Pcm16), "tone"), options);
        session.Start();
        // Samples every 2 s of wall time: audio hours sent so far, the resident set (MiB), the managed heap including
        // garbage not yet collected (MiB), and the gen0 collections so far (RSS that grows while no GC has run is
        // allocation budget being filled, not a leak).
        var samples = new List<double[]>();
        using var sampler = new Timer(_ =>
        {
            lock (samples) samples.Add(new[] { session.AudioSent.TotalHours, ProcessMeter.StatusKiB("VmRSS") / 1024.0, GC.GetTotalMemory(false) / 1048576.0, GC.CollectionCount(0) });
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        int turns = 0;
        string? failure = null;
        // The live managed heap after a full collection, at each whole audio hour and at the end: garbage not yet
        // collected makes RSS rise while no GC runs; a leak is what survives a collection and grows hour by hour.
        var liveHeap = new List<double[]>();
        void SampleLiveHeap() => liveHeap.Add(new[] { session.AudioSent.TotalHours, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, ProcessMeter.StatusKiB("VmRSS") / 1024.0 });
        int nextHour = 1;
        while (!session.IsDrained)
        {
            if (session.AudioSent.TotalHours >= nextHour && nextHour < hours)
            {
                SampleLiveHeap();
                nextHour++;
            }
            if (!session.TryTake(out SessionEvent? next, TimeSpan.FromSeconds(1), CancellationToken.None)) continue;
            if (next is TurnEvent turn && turn.Turn.EndOfTurn) turns++;
            if (next is SessionFaultEvent fault && fault.IsTerminating) failure = fault.Error.Message;
        }
        SampleLiveHeap();
        sampler.Dispose();
        if (failure is not null)
        {
            Console.Error.WriteLine("session failed: " + failure);
            return 1;
        }
        double[][] series;
        lock (samples) series = samples.ToArray();
        // Flat: the resident set over the last two thirds of the audio against its first third's peak.
        double[] warm = series.Where(s => s[0] <= hours / 3).Select(s => s[1]).DefaultIfEmpty(0).ToArray();
        double[] rest = series.Where(s => s[0] > hours / 3).Select(s => s[1]).DefaultIfEmpty(0).ToArray();
        var result = new
        {
            audioHours = session.AudioSent.TotalHours,
            speed,
            wallSeconds = wall.Elapsed.TotalSeconds,
            turns,
            rssFirstThirdMaxMiB = warm.Max(),
            rssLaterMaxMiB = rest.Max(),
            rssLaterMinMiB = rest.Min(),
            rssEndMiB = series.Length > 0 ? series[^1][1] : 0,
            peakRssMiB = ProcessMeter.StatusKiB("VmHWM") / 1024.0,
            allocatedMiB = GC.GetTotalAllocatedBytes() / 1048576.0,
            gen0Collections = GC.CollectionCount(0),
            gen2Collections = GC.CollectionCount(2),
            liveHeap = liveHeap.ToArray(),
            samples = series,
        };
        Console.WriteLine("LONG " + System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        return 0;
    }

    /// <summary>Time running <c>speed</c> times faster than real time, for the session's pacing.</summary>
    private sealed class AcceleratedClock : IClock
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private readonly double _speed;

        public AcceleratedClock(double speed) => _speed = speed;

        public TimeSpan Elapsed => TimeSpan.FromTicks((long)(_stopwatch.Elapsed.Ticks * _speed));
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(TimeSpan.FromTicks(Math.Max(1, (long)(delay.Ticks / _speed))), cancellationToken);
    }

    /// <summary>An endless quiet tone, 16 kHz mono s16: hours of audio with no file behind it.</summary>
    private sealed class ToneStream : Stream
    {
        private long _sample;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int samples = count / 2;
            for (int i = 0; i < samples; i++, _sample++)
            {
                short value = (short)(3000 * Math.Sin(2 * Math.PI * 220 * _sample / 16000.0));
                buffer[offset + 2 * i] = (byte)value;
                buffer[offset + 2 * i + 1] = (byte)(value >> 8);
            }
            return samples * 2;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
