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
                $"RSS: first third's peak {D("rssFirstThirdMaxMiB"):0.0} MiB; after it {D("rssLaterMinMiB"):0.0}–{D("rssLaterMaxMiB"):0.0} MiB; at the end {D("rssEndMiB"):0.0} MiB; process peak {D("peakRssMiB"):0.0} MiB."));
        }
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
