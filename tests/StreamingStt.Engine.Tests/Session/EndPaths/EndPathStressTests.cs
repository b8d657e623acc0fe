// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Globalization;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using Xunit;
using Xunit.Abstractions;

namespace StreamingStt.Engine.Tests.Session.EndPaths;

/// <summary>
/// Every way a session ends, hundreds of times, against the three emulators, with a CPU-burning thread beside them
/// (races show up under load): each run must end exactly once, last, with the first cause's error, within a bound.
/// The figures (runs, hangs, broken rules, slowest end) go to the test output.
/// </summary>
public sealed class EndPathStressTests
{
    /// <summary>Runs per path, spread over the three providers; STT_STRESS_RUNS overrides it (e.g. 1000 for a soak).</summary>
    private static readonly int RunsPerPath =
        int.TryParse(Environment.GetEnvironmentVariable("STT_STRESS_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int runs) && runs > 0 ? runs : 200;

    private const int Workers = 6;
    private static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FaultAfter = TimeSpan.FromSeconds(0.6);
    private static readonly SttProvider[] Providers = { SttProvider.AssemblyAI, SttProvider.Deepgram, SttProvider.Speechmatics };

    private readonly ITestOutputHelper _output;

    public EndPathStressTests(ITestOutputHelper output) => _output = output;

    public enum EndPath
    {
        ConnectionAborted,
        ProviderFault,
        Cancel,
        StopTimeout,
        ProviderClose,
        OversizedMessage,
    }

    [Theory]
    [InlineData(EndPath.ConnectionAborted)]
    [InlineData(EndPath.ProviderFault)]
    [InlineData(EndPath.Cancel)]
    [InlineData(EndPath.StopTimeout)]
    [InlineData(EndPath.ProviderClose)]
    [InlineData(EndPath.OversizedMessage)]
    public async Task EveryRunEndsExactlyOnceWithTheFirstCause(EndPath path)
    {
        RigFault fault = path switch
        {
            EndPath.ConnectionAborted => RigFault.Abort,
            EndPath.ProviderFault => RigFault.ServerError,
            EndPath.StopTimeout => RigFault.Stall,
            EndPath.ProviderClose => RigFault.NormalClose,
            EndPath.OversizedMessage => RigFault.Oversized,
            _ => RigFault.None,
        };
        var rigs = new List<ProviderRig>();
        foreach (SttProvider provider in Providers) rigs.Add(await ProviderRig.StartAsync(provider, fault, FaultAfter));
        // One uncounted run per provider first: the first connection pays for JIT and Kestrel's start-up (~2 s here).
        foreach (ProviderRig rig in rigs) RunOnce(path, rig, new Random(0));

        var failures = new List<string>();
        var times = new List<double>();
        int hangs = 0, doubleEnds = 0, next = -1;
        var burning = new CancellationTokenSource();
        var burner = new Thread(() => { while (!burning.IsCancellationRequested) Thread.SpinWait(2000); }) { IsBackground = true, Name = "cpu burner" };
        var total = Stopwatch.StartNew();
        try
        {
            burner.Start();
            var workers = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
            {
                var random = new Random(w * 7919 + (int)path);
                int i;
                while ((i = Interlocked.Increment(ref next)) < RunsPerPath && Volatile.Read(ref hangs) < 3)
                {
                    ProviderRig rig = rigs[i % rigs.Count];
                    EndObservation run = RunOnce(path, rig, random);
                    var broken = run.BrokenRules();
                    broken.AddRange(WrongOutcome(path, run));
                    lock (failures)
                    {
                        times.Add(run.TimeToEnd.TotalMilliseconds);
                        if (!run.Ended) hangs++;
                        if (run.EndEvents > 1) doubleEnds++;
                        if (broken.Count > 0 && failures.Count < 10) failures.Add($"{rig.Provider} run {i}: {string.Join("; ", broken)}");
                    }
                }
            }) { IsBackground = true, Name = "end-path worker " + w }).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
        }
        finally
        {
            burning.Cancel();
            burner.Join();
            foreach (ProviderRig rig in rigs) await rig.DisposeAsync();
        }

        times.Sort();
        _output.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} runs ({2} workers, 3 providers, CPU burner) in {3:0.0} s; hangs {4}; double ends {5}; runs breaking a rule {6}; time to end (from start; Cancel: from the call) median {7:0} ms, p99 {8:0} ms, max {9:0} ms",
            path, times.Count, Workers, total.Elapsed.TotalSeconds, hangs, doubleEnds, failures.Count,
            times[times.Count / 2], times[(int)(times.Count * 0.99)], times[^1]));
        foreach (string failure in failures) _output.WriteLine("  " + failure);

        Assert.Equal(0, hangs);
        Assert.Equal(0, doubleEnds);
        Assert.Empty(failures);
    }

    private static EndObservation RunOnce(EndPath path, ProviderRig rig, Random random)
    {
        switch (path)
        {
            case EndPath.Cancel:
            {
                // Paced, so the session is still running when Cancel lands: in connect, in Begin, or mid-stream.
                int delayMs = random.Next(0, 250);
                var session = new SttSession(EndObservation.Tone(3), rig.Options(pace: true));
                return EndObservation.Run(session, HangDeadline, async s =>
                {
                    await Task.Delay(delayMs).ConfigureAwait(false);
                    long at = Stopwatch.GetTimestamp();
                    s.Cancel();
                    return at;
                });
            }
            case EndPath.StopTimeout:
            {
                var session = new SttSession(EndObservation.Tone(1.5), rig.Options(stopTimeout: TimeSpan.FromMilliseconds(150)));
                return EndObservation.Run(session, HangDeadline);
            }
            default:
            {
                // Unpaced and long enough that the sender is still sending when the fault lands.
                var session = new SttSession(EndObservation.Tone(20), rig.Options());
                return EndObservation.Run(session, HangDeadline);
            }
        }
    }

    private static IEnumerable<string> WrongOutcome(EndPath path, EndObservation run)
    {
        if (run.Summary is not { } summary) yield break;
        SessionEndReason expectedReason = path switch
        {
            EndPath.Cancel => SessionEndReason.Cancelled,
            EndPath.StopTimeout => SessionEndReason.StopTimedOut,
            EndPath.ProviderClose => SessionEndReason.ClosedByProvider,
            _ => SessionEndReason.Failed,
        };
        SttErrorKind? expectedKind = path switch
        {
            EndPath.ConnectionAborted => SttErrorKind.ProviderConnectionLost,
            EndPath.ProviderFault => ProviderRig.ServerErrorKind,
            EndPath.OversizedMessage => SttErrorKind.TransportMessageTooLarge,
            _ => null,
        };
        if (summary.EndReason != expectedReason) yield return $"ended {summary.EndReason}, expected {expectedReason} ({run.Fault?.Kind}: {run.Fault?.Message})";
        if (run.Fault?.Kind != expectedKind) yield return $"error {run.Fault?.Kind.ToString() ?? "none"} ({run.Fault?.Message}), expected {expectedKind?.ToString() ?? "none"}";
        if (path is EndPath.StopTimeout or EndPath.ProviderClose && run.Warnings.Count == 0) yield return "no warning";
        if (path == EndPath.Cancel && run.TimeToEnd > TimeSpan.FromSeconds(2)) yield return $"Cancel took {run.TimeToEnd.TotalMilliseconds:0} ms";
    }
}
