// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using System.Text;

namespace StreamingStt.LoadBench;

/// <summary>What the harness measures once per invocation, beside the interleaved runs.</summary>
internal sealed class ExtraResults
{
    public List<LatencyResult> Latency { get; } = new();
    public string? LongSessionJson { get; set; }
}

internal sealed record Measurement(BenchCase Case, ClientResult Result, double EmulatorCpuMs)
{
    /// <summary>CPU seconds per hour of audio streamed (all sessions of the run counted).</summary>
    public double CpuPerAudioHour => Result.SessionCpuMs / 1000.0 / (Result.AudioSeconds * Result.Sessions / 3600.0);
    public double EmulatorCpuPerAudioHour => EmulatorCpuMs / 1000.0 / (Result.AudioSeconds * Result.Sessions / 3600.0);
    public double PeakRssMiB => Result.PeakRssKiB / 1024.0;
}

/// <summary>Medians, ratios and the targets of issue 10, as Markdown and SVG charts.</summary>
internal sealed class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] ClientOrder = { "pwsh", "engine", "floor", "sdk" };
    private static readonly Dictionary<string, string> ClientNames = new()
    {
        ["pwsh"] = "module (pwsh)", ["engine"] = "engine alone", ["floor"] = "floor (bare ClientWebSocket)", ["sdk"] = "official SDK",
    };
    private readonly List<Measurement> _all;
    private readonly HarnessOptions _options;
    private readonly ExtraResults _extras;

    public Report(List<Measurement> all, HarnessOptions options, ExtraResults extras)
    {
        _all = all;
        _options = options;
        _extras = extras;
    }

    private IEnumerable<string> CaseNames => _all.Select(m => m.Case.Name).Distinct();

    private double? Median(string caseName, string client, Func<Measurement, double> value)
    {
        double[] values = _all.Where(m => m.Case.Name == caseName && m.Result.Client == client).Select(value).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (values.Length == 0) return null;
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }

    private static double? Valid(double? value) => value is double v && !double.IsNaN(v) ? v : null;

    private static string F(double? value, string format = "0.0") => value is null ? "–" : value.Value.ToString(format, Invariant);

    private static string Ratio(double? a, double? b) => a is null || b is null || b == 0 ? "–" : (a.Value / b.Value).ToString("0.00", Invariant) + "×";

    public string Markdown()
    {
        var md = new StringBuilder();
        int runs = _all.Select(m => m.Result).Count() == 0 ? 0 : _all.GroupBy(m => (m.Case.Name, m.Result.Client)).Max(g => g.Count());
        md.AppendLine(string.Create(Invariant, $"Medians of {runs} interleaved run(s). CPU = user + system of the client process from just before its first session starts to the end of its last one (start-up excluded), per hour of audio streamed. RSS = the client process's peak resident set."));
        md.AppendLine();
        md.AppendLine("| case | client | CPU s per audio-hour | steady-state CPU s per audio-hour | peak RSS MiB | start-up CPU s | start-up wall s | emulator CPU s per audio-hour | slowest session behind real time, ms |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string caseName in CaseNames)
        {
            foreach (string client in ClientOrder)
            {
                if (Median(caseName, client, m => m.CpuPerAudioHour) is not double cpu) continue;
                bool paced = _all.First(m => m.Case.Name == caseName).Case.Paced;
                md.AppendLine($"| {caseName} | {ClientNames[client]} | {F(cpu, "0.00")} | {F(Median(caseName, client, m => m.Result.SteadyCpuPerAudioHour ?? double.NaN), "0.00").Replace("NaN", "–")} | {F(Median(caseName, client, m => m.PeakRssMiB))} | " +
                    $"{F(Median(caseName, client, m => m.Result.StartupCpuMs / 1000), "0.00")} | {F(Median(caseName, client, m => m.Result.StartupWallMs / 1000), "0.00")} | " +
                    $"{F(Median(caseName, client, m => m.EmulatorCpuPerAudioHour), "0.00")} | {(paced ? F(Median(caseName, client, m => m.Result.SlowestSessionLagMs), "0") : "(unpaced)")} |");
            }
        }
        md.AppendLine();
        md.AppendLine("Ratios (CPU per audio-hour; lower is better for ours):");
        md.AppendLine();
        md.AppendLine("| case | CPU measure | module ÷ SDK | engine ÷ SDK | module ÷ floor | engine ÷ floor | SDK ÷ floor | module RSS ÷ SDK RSS |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string caseName in CaseNames)
        {
            foreach ((string measure, Func<Measurement, double> value) in new (string, Func<Measurement, double>)[]
                { ("whole session", m => m.CpuPerAudioHour), ("steady state", m => m.Result.SteadyCpuPerAudioHour ?? double.NaN) })
            {
                double? pwsh = Valid(Median(caseName, "pwsh", value)), engine = Valid(Median(caseName, "engine", value));
                double? floor = Valid(Median(caseName, "floor", value)), sdk = Valid(Median(caseName, "sdk", value));
                if (sdk is null) continue;
                md.AppendLine($"| {caseName} | {measure} | {Ratio(pwsh, sdk)} | {Ratio(engine, sdk)} | {Ratio(pwsh, floor)} | {Ratio(engine, floor)} | {Ratio(sdk, floor)} | " +
                    $"{Ratio(Median(caseName, "pwsh", m => m.PeakRssMiB), Median(caseName, "sdk", m => m.PeakRssMiB))} |");
            }
        }

        string? many = CaseNames.FirstOrDefault(n => n.StartsWith("assemblyai-paced-x", StringComparison.Ordinal));
        if (many is not null)
        {
            int sessions = _all.First(m => m.Case.Name == many).Case.Sessions;
            md.AppendLine();
            md.AppendLine(string.Create(Invariant, $"Marginal RSS per added session (peak RSS with {sessions} AssemblyAI sessions minus with 1, ÷ {sessions - 1}):"));
            md.AppendLine();
            md.AppendLine("| client | MiB per added session | ÷ SDK's |");
            md.AppendLine("| --- | ---: | ---: |");
            double? sdkMarginal = Marginal("sdk", many, sessions);
            foreach (string client in ClientOrder)
            {
                double? marginal = Marginal(client, many, sessions);
                if (marginal is null) continue;
                md.AppendLine($"| {ClientNames[client]} | {F(marginal, "0.00")} | {Ratio(marginal, sdkMarginal)} |");
            }
        }

        var scale = CaseNames.Where(n => n.StartsWith("scale-x", StringComparison.Ordinal)).ToList();
        if (scale.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Concurrent real-time AssemblyAI sessions in one process (engine: `SttSession`s, each consumed on its own thread; module: `Start-SttSession -AsJob` per session in one pwsh, turns read with `Receive-SttTurn -Wait`), the emulator on the same 2-core machine. Turn lag: when the consumer got an end-of-turn Turn minus (its session's start + the Turn's audio end); growth: a session's last turn's lag minus its first's (a session falling behind real time grows):");
            md.AppendLine();
            md.AppendLine("| sessions | client | client CPU, % of one core | CPU s per audio-hour per session | peak RSS MiB | emulator CPU, % of one core | slowest session's end behind its audio, ms | max turn lag, ms | max turn-lag growth in a session, ms |");
            md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (string caseName in scale)
            {
                Measurement first = _all.First(m => m.Case.Name == caseName);
                foreach (string client in ClientOrder)
                {
                    if (Median(caseName, client, m => m.CpuPerAudioHour) is null) continue;
                    md.AppendLine($"| {first.Case.Sessions} | {ClientNames[client]} | {F(Median(caseName, client, m => m.Result.SessionCpuMs / m.Result.WallMs * 100))} | " +
                        $"{F(Median(caseName, client, m => m.CpuPerAudioHour), "0.00")} | {F(Median(caseName, client, m => m.PeakRssMiB))} | " +
                        $"{F(Median(caseName, client, m => m.EmulatorCpuMs / m.Result.WallMs * 100))} | {F(Median(caseName, client, m => m.Result.SlowestSessionLagMs), "0")} | " +
                        $"{F(Valid(Median(caseName, client, m => m.Result.MaxTurnLagMs ?? double.NaN)), "0")} | {F(Valid(Median(caseName, client, m => m.Result.MaxTurnLagGrowthMs ?? double.NaN)), "0")} |");
                }
            }
        }
        if (CaseNames.Contains("assemblyai-paced"))
        {
            md.AppendLine();
            md.AppendLine("Start-up to the first end-of-turn Turn (one paced AssemblyAI session; the first utterance ends at the same audio time for every client, so the differences are start-up, connect and the first run of the session code):");
            md.AppendLine();
            md.AppendLine("| client | wall s from process start | CPU s by then | start-up CPU s (before the session) |");
            md.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (string client in ClientOrder)
            {
                double? wall = Valid(Median("assemblyai-paced", client, m => m.Result.FirstTurnWallMs ?? double.NaN));
                if (wall is null) continue;
                md.AppendLine($"| {ClientNames[client]} | {F(wall / 1000, "0.00")} | {F(Median("assemblyai-paced", client, m => (m.Result.FirstTurnCpuMs ?? double.NaN) / 1000), "0.00")} | " +
                    $"{F(Median("assemblyai-paced", client, m => m.Result.StartupCpuMs / 1000), "0.00")} |");
            }
        }
        if (_extras.Latency.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Latency added (engine, paced AssemblyAI sessions against an in-process loopback speaker; final Turn frame handed to the server's socket → Turn taken by the consumer thread, one clock):");
            md.AppendLine();
            md.AppendLine("| sessions | a final every, ms | turns | p50 ms | p99 ms | p99 after each session's first turn | p99.9 ms | max ms |");
            md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (LatencyResult l in _extras.Latency)
            {
                md.AppendLine($"| {l.Sessions} | {l.TurnIntervalMs} | {l.Turns} | {F(l.P50Ms, "0.000")} | {F(l.P99Ms, "0.000")} | {F(l.P99AfterFirstTurnMs, "0.000")} | {F(l.P999Ms, "0.000")} | {F(l.MaxMs, "0.000")} |");
            }
        }
        if (_extras.LongSessionJson is not null)
        {
            using var json = System.Text.Json.JsonDocument.Parse(_extras.LongSessionJson);
            var r = json.RootElement;
            double D(string name) => r.GetProperty(name).GetDouble();
            md.AppendLine();
            md.AppendLine(string.Create(Invariant,
                $"Long session (engine, AssemblyAI emulator): {D("audioHours"):0.00} h of audio on a clock {D("speed"):0}× real time ({D("wallSeconds"):0} s wall, {r.GetProperty("turns").GetInt32()} turns). " +
                $"RSS: first third's peak {D("rssFirstThirdMaxMiB"):0.0} MiB; after it {D("rssLaterMinMiB"):0.0}–{D("rssLaterMaxMiB"):0.0} MiB; at the end {D("rssEndMiB"):0.0} MiB; process peak {D("peakRssMiB"):0.0} MiB; " +
                $"{r.GetProperty("gen0Collections").GetInt32()} gen0 collections. " +
                $"Live managed heap after a full collection: {LiveHeap(r)}."));
        }
        md.AppendLine();
        md.Append(TargetsMarkdown());
        return md.ToString();
    }

    private static string LiveHeap(System.Text.Json.JsonElement longSession)
    {
        if (!longSession.TryGetProperty("liveHeap", out var points) || points.GetArrayLength() == 0) return "not sampled";
        return string.Join(", ", points.EnumerateArray().Select(p =>
            string.Create(Invariant, $"{p[1].GetDouble():0.00} MiB at {p[0].GetDouble():0.00} h (RSS {p[2].GetDouble():0.0})")));
    }

    private static string Verdict(bool? met) => met switch { true => "**yes**", false => "**no**", null => "not measured" };

    private static string Ratios(string what, double? ours, double? theirs) =>
        ours is null || theirs is null ? $"{what} –" : $"{what} {Ratio(ours, theirs)}";

    /// <summary>Issue 10's targets, each measured from this one run: the ratio, and whether it is met.</summary>
    public string TargetsMarkdown()
    {
        const double SdkShare = 0.2, PacedFloor = 2.0, UnpacedFloor = 1.5, MemoryShare = 1.0 / 3, FallsBehindMs = 500;
        var md = new StringBuilder();
        md.AppendLine("Targets (issue 10), each from this run; ratios are ours ÷ theirs, lower is better for ours:");
        md.AppendLine();
        md.AppendLine("| measure | target | measured | met? |");
        md.AppendLine("| --- | --- | --- | --- |");

        // CPU: the module and the engine against the SDK and the floor, per case.
        foreach (string caseName in CaseNames.Where(n => n is "assemblyai-paced" or "deepgram-unpaced" or "speechmatics-unpaced"))
        {
            bool paced = _all.First(m => m.Case.Name == caseName).Case.Paced;
            Func<Measurement, double> cpu = paced ? m => m.Result.SteadyCpuPerAudioHour ?? double.NaN : m => m.CpuPerAudioHour;
            double? pwsh = Valid(Median(caseName, "pwsh", cpu)), engine = Valid(Median(caseName, "engine", cpu));
            double? floor = Valid(Median(caseName, "floor", cpu)), sdk = Valid(Median(caseName, "sdk", cpu));
            double floorLimit = paced ? PacedFloor : UnpacedFloor;
            bool? sdkMet = sdk is null || (pwsh is null && engine is null) ? null : new[] { pwsh, engine }.Where(v => v is not null).All(v => v!.Value / sdk.Value <= SdkShare);
            bool? floorMet = floor is null || (pwsh is null && engine is null) ? null : new[] { pwsh, engine }.Where(v => v is not null).All(v => v!.Value / floor.Value <= floorLimit);
            md.AppendLine(string.Create(Invariant,
                $"| CPU per audio-hour, {caseName} ({(paced ? "steady state" : "whole session")}) | ≤ 1/5 of the SDK; ≤ {floorLimit:0.#}× the floor | " +
                $"module {F(pwsh, "0.0")} s, engine {F(engine, "0.0")} s, floor {F(floor, "0.0")} s, SDK {F(sdk, "0.0")} s → " +
                $"{Ratios("module ÷ SDK", pwsh, sdk)}, {Ratios("engine ÷ SDK", engine, sdk)}; {Ratios("module ÷ floor", pwsh, floor)}, {Ratios("engine ÷ floor", engine, floor)} | " +
                $"SDK: {Verdict(sdkMet)}; floor: {Verdict(floorMet)} |"));
        }

        // Memory: marginal RSS per added session against the SDK's.
        string? many = CaseNames.FirstOrDefault(n => n.StartsWith("assemblyai-paced-x", StringComparison.Ordinal));
        if (many is not null)
        {
            int sessions = _all.First(m => m.Case.Name == many).Case.Sessions;
            double? sdk = Marginal("sdk", many, sessions), engine = Marginal("engine", many, sessions), pwsh = Marginal("pwsh", many, sessions);
            bool? met = sdk is null || sdk <= 0 || engine is null ? null : engine / sdk <= MemoryShare && (pwsh is null || pwsh / sdk <= MemoryShare);
            md.AppendLine(string.Create(Invariant,
                $"| marginal RSS per added session (1 vs {sessions}) | ≤ 1/3 of the SDK's | module {F(pwsh, "0.00")} MiB, engine {F(engine, "0.00")} MiB, SDK {F(sdk, "0.00")} MiB → " +
                $"{Ratios("module ÷ SDK", pwsh, sdk)}, {Ratios("engine ÷ SDK", engine, sdk)} | {Verdict(met)} |"));
        }

        // The long session: what survives a full collection must not grow from hour to hour.
        if (_extras.LongSessionJson is not null)
        {
            using var json = System.Text.Json.JsonDocument.Parse(_extras.LongSessionJson);
            var r = json.RootElement;
            bool? flat = null;
            if (r.TryGetProperty("liveHeap", out var points) && points.GetArrayLength() >= 2)
            {
                double first = points[0][1].GetDouble(), last = points[points.GetArrayLength() - 1][1].GetDouble();
                flat = last - first <= 1.0;
            }
            md.AppendLine(string.Create(Invariant,
                $"| one {r.GetProperty("audioHours").GetDouble():0.00}-hour session, accelerated clock | RSS flat (live heap after a full GC grows ≤ 1 MiB from the first hour to the end) | " +
                $"live heap {LiveHeap(r)}; RSS first third's peak {r.GetProperty("rssFirstThirdMaxMiB").GetDouble():0.0} MiB, at the end {r.GetProperty("rssEndMiB").GetDouble():0.0} MiB | {Verdict(flat)} |"));
        }

        // Scale: the largest case; a session falls behind real time when its turn lag grows within it.
        string? largest = CaseNames.Where(n => n.StartsWith("scale-x", StringComparison.Ordinal))
            .OrderByDescending(n => _all.First(m => m.Case.Name == n).Case.Sessions).FirstOrDefault();
        if (largest is not null)
        {
            int sessions = _all.First(m => m.Case.Name == largest).Case.Sessions;
            var parts = new List<string>();
            var verdicts = new List<bool>();
            foreach (string client in new[] { "pwsh", "engine" })
            {
                if (Median(largest, client, m => m.CpuPerAudioHour) is null) continue;
                double? growth = Valid(Median(largest, client, m => m.Result.MaxTurnLagGrowthMs ?? double.NaN));
                if (growth is double g) verdicts.Add(sessions >= 200 && g <= FallsBehindMs);
                parts.Add(string.Create(Invariant,
                    $"{ClientNames[client]}: {F(Median(largest, client, m => m.Result.SessionCpuMs / m.Result.WallMs * 100))}% of one core, turn-lag growth ≤ {F(growth, "0")} ms, " +
                    $"emulator {F(Median(largest, client, m => m.EmulatorCpuMs / m.Result.WallMs * 100))}%"));
            }
            md.AppendLine(string.Create(Invariant,
                $"| concurrent real-time sessions in one process | ≥ 200 before any falls behind (turn lag growing > {FallsBehindMs:0} ms within a session) | {sessions} sessions: {string.Join("; ", parts)} | " +
                $"{Verdict(verdicts.Count == 0 ? null : verdicts.All(v => v))} |"));
        }

        // Latency added, per probe.
        foreach (LatencyResult l in _extras.Latency)
        {
            double limit = l.Sessions <= 1 ? 1 : 5;
            md.AppendLine(string.Create(Invariant,
                $"| latency added, {l.Sessions} session(s) | p99 < {limit:0} ms | {l.Turns} turns: p50 {l.P50Ms:0.00} ms, p99 {l.P99Ms:0.00} ms, p99.9 {l.P999Ms:0.00} ms, max {l.MaxMs:0.00} ms | {Verdict(l.Turns > 0 ? l.P99Ms < limit : null)} |"));
        }

        // Start-up: to the first end-of-turn Turn, the module against the SDK.
        if (CaseNames.Contains("assemblyai-paced"))
        {
            double? pwshWall = Valid(Median("assemblyai-paced", "pwsh", m => m.Result.FirstTurnWallMs ?? double.NaN));
            double? sdkWall = Valid(Median("assemblyai-paced", "sdk", m => m.Result.FirstTurnWallMs ?? double.NaN));
            double? pwshCpu = Valid(Median("assemblyai-paced", "pwsh", m => m.Result.FirstTurnCpuMs ?? double.NaN));
            double? sdkCpu = Valid(Median("assemblyai-paced", "sdk", m => m.Result.FirstTurnCpuMs ?? double.NaN));
            bool? met = pwshWall is null || sdkWall is null || pwshCpu is null || sdkCpu is null ? null : pwshWall <= sdkWall && pwshCpu <= sdkCpu;
            md.AppendLine(string.Create(Invariant,
                $"| start-up: `Import-Module` + first `Begin`, to the first end-of-turn Turn | no worse than the SDK's import + connect | " +
                $"module {F(pwshWall / 1000, "0.00")} s wall, {F(pwshCpu / 1000, "0.00")} s CPU; SDK {F(sdkWall / 1000, "0.00")} s, {F(sdkCpu / 1000, "0.00")} s → {Ratios("wall", pwshWall, sdkWall)}, {Ratios("CPU", pwshCpu, sdkCpu)} | {Verdict(met)} |"));
        }
        md.AppendLine("| hot paths | zero allocations per audio frame on the send path | not this harness: `PacingSchedulerTests.PacedSessionSendPathAllocatesNothingPerFrameInSteadyState` and `WebSocketTransportTests.SteadyStateFrameSendDoesNotAllocate` count allocations in every test run; BenchmarkDotNet in `bench/StreamingStt.Benchmarks` | (tests) |");
        return md.ToString();
    }

    private double? Marginal(string client, string manyCase, int sessions)
    {
        double? one = Median("assemblyai-paced", client, m => m.PeakRssMiB);
        double? many = Median(manyCase, client, m => m.PeakRssMiB);
        return one is null || many is null ? null : (many - one) / (sessions - 1);
    }

    public void WriteCharts(string directory)
    {
        string[] single = CaseNames.Where(n => !n.StartsWith("scale-", StringComparison.Ordinal)).ToArray();
        var cpu = ClientOrder.Select(c => (ClientNames[c], single.Select(n => Median(n, c, m => m.CpuPerAudioHour)).ToArray())).ToList();
        File.WriteAllText(Path.Combine(directory, "cpu-per-audio-hour.svg"), SvgChart.Bars("CPU seconds per audio-hour (lower is better)", single, cpu, "s"));
        var rss = ClientOrder.Select(c => (ClientNames[c], single.Select(n => Median(n, c, m => m.PeakRssMiB)).ToArray())).ToList();
        File.WriteAllText(Path.Combine(directory, "rss-per-session.svg"), SvgChart.Bars("Peak RSS of the client process, MiB (lower is better)", single, rss, "MiB"));
        string[] scale = CaseNames.Where(n => n.StartsWith("scale-x", StringComparison.Ordinal)).ToArray();
        if (scale.Length > 0)
        {
            double Sessions(string n) => _all.First(m => m.Case.Name == n).Case.Sessions;
            var lines = new List<(string, (double, double)[])>();
            foreach ((string client, string label) in new[] { ("engine", "engine process"), ("pwsh", "pwsh process (-AsJob)") })
            {
                var points = scale.Where(n => Median(n, client, m => m.CpuPerAudioHour) is not null)
                    .Select(n => (Sessions(n), Median(n, client, m => m.Result.SessionCpuMs / m.Result.WallMs * 100) ?? 0)).ToArray();
                if (points.Length > 0) lines.Add((label, points));
            }
            lines.Add(("emulator process (engine runs)", scale.Select(n => (Sessions(n), Median(n, "engine", m => m.EmulatorCpuMs / m.Result.WallMs * 100) ?? 0)).ToArray()));
            File.WriteAllText(Path.Combine(directory, "sessions-vs-cpu.svg"), SvgChart.Lines("Concurrent real-time sessions vs CPU (% of one core)", "sessions", lines.ToArray()));
        }
    }
}
