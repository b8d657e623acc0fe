// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Session.Pacing;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Session.Pacing;

/// <summary>The one pacing thread every session on the real clock shares.</summary>
public sealed class PacingSchedulerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task FramesAreReleasedNeverEarlyInDueOrderOnThePacingThread()
    {
        var scheduler = new PacingScheduler(Tick);
        using var stop = new CancellationTokenSource();
        var delays = new[] { 120, 30, 75, 30, 5, 200 };
        var releases = new List<(int Index, long ReleasedAt, bool OnPacingThread)>();
        var dueAt = new long[delays.Length];
        var waits = new List<Task>();
        var pacers = new List<FramePacer>();
        for (int i = 0; i < delays.Length; i++)
        {
            int index = i;
            var pacer = new FramePacer(scheduler, stop.Token);
            pacers.Add(pacer);
            TimeSpan delay = TimeSpan.FromMilliseconds(delays[i]);
            dueAt[i] = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            waits.Add(WaitAndRecord(pacer, delay, () =>
            {
                lock (releases) releases.Add((index, Stopwatch.GetTimestamp(), scheduler.IsPacingThread));
            }));
        }
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(delays.Length, releases.Count);
        foreach (var release in releases)
        {
            Assert.True(release.ReleasedAt >= dueAt[release.Index],
                $"frame {release.Index} was released {(dueAt[release.Index] - release.ReleasedAt) * 1000.0 / Stopwatch.Frequency} ms before it was due");
            Assert.True(release.OnPacingThread, "a release runs the waiting code on the pacing thread, not a pool thread");
        }
        // Due order (by the tick each falls in: frames due within one tick go together, in scheduling order),
        // whatever the order they were scheduled in.
        long tick = (long)(Tick.TotalSeconds * Stopwatch.Frequency);
        long[] ticks = releases.Select(r => (dueAt[r.Index] + tick - 1) / tick).ToArray();
        Assert.True(ticks.Zip(ticks.Skip(1)).All(pair => pair.First <= pair.Second),
            "released out of due order: " + string.Join(", ", releases.Select(r => r.Index)));
        foreach (FramePacer pacer in pacers) pacer.Dispose();
    }

    private static async Task WaitAndRecord(FramePacer pacer, TimeSpan delay, Action record)
    {
        await pacer.WaitAsync(delay).ConfigureAwait(false);
        record();
    }

    [Fact]
    public async Task OnePacerServesFrameAfterFrameAndAZeroDelayDoesNotWait()
    {
        var scheduler = new PacingScheduler(Tick);
        using var stop = new CancellationTokenSource();
        using var pacer = new FramePacer(scheduler, stop.Token);
        Assert.True(pacer.WaitAsync(TimeSpan.Zero).IsCompletedSuccessfully);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++) await pacer.WaitAsync(TimeSpan.FromMilliseconds(20));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"five 20 ms waits took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AStopEndsAWaitWithOperationCanceledOffTheStoppingThreadAndEveryLaterWait()
    {
        var scheduler = new PacingScheduler(Tick);
        using var stop = new CancellationTokenSource();
        using var pacer = new FramePacer(scheduler, stop.Token);
        int stoppingThread = 0;
        int continuationThread = -1;
        Task wait = Task.Run(async () =>
        {
            try
            {
                await pacer.WaitAsync(TimeSpan.FromHours(1)).ConfigureAwait(false);
            }
            finally
            {
                continuationThread = Environment.CurrentManagedThreadId;
            }
        });
        await Task.Delay(50);
        var stopper = new Thread(() =>
        {
            stoppingThread = Environment.CurrentManagedThreadId;
            stop.Cancel();
        });
        stopper.Start();
        stopper.Join();

        OperationCanceledException cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(stop.Token, cancelled.CancellationToken);
        Assert.NotEqual(stoppingThread, continuationThread);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.WaitAsync(TimeSpan.FromMilliseconds(20)).AsTask());
    }

    [Fact]
    public void ATickThatIsNotPositiveIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacingScheduler(TimeSpan.Zero));
    }

    /// <summary>
    /// The whole session send path on the real clock (pacer release → read frame → link → transport → socket →
    /// next wait) runs on the pacing thread, so counting that thread's allocations per release counts the
    /// path's. Steady state allocates nothing per frame.
    /// </summary>
    [Fact]
    public async Task PacedSessionSendPathAllocatesNothingPerFrameInSteadyState()
    {
        var perRelease = new List<long>();
        long before = 0;
        var scheduler = new PacingScheduler(Tick,
            releasing: () => before = GC.GetAllocatedBytesForCurrentThread(),
            released: () => { long bytes = GC.GetAllocatedBytesForCurrentThread() - before; lock (perRelease) perRelease.Add(bytes); });
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = EmulatorScript.Default });
        string wav = TestWav.WriteTone(TimeSpan.FromSeconds(5), 16000, 1);
        try
        {
            var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key"), Pacer = scheduler };
            options.AssemblyAI.Endpoint = emulator.WebSocketUri;
            using var session = new SttSession(WaveFileAudioSource.Open(wav), options);
            session.Start();
            SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));
            Assert.Null(run.Fault);
            Assert.Equal(SttSessionState.Completed, session.State);
        }
        finally
        {
            File.Delete(wav);
        }

        long[] counts;
        lock (perRelease) counts = perRelease.ToArray();
        Assert.True(counts.Length >= 80, $"the 5 s file was paced by {counts.Length} releases; expected about 100");
        // Some run of 40 frames in a row allocates nothing (the first frames run code for the first time:
        // tiered compilation, the state machine's one box).
        bool quietRun = Enumerable.Range(0, counts.Length - 40).Any(start => counts.Skip(start).Take(40).All(bytes => bytes == 0));
        Assert.True(quietRun, "bytes allocated per paced frame: " + string.Join(", ", counts));
    }
}
