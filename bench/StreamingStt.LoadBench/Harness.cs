// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StreamingStt.LoadBench;

/// <summary>One measured situation: a provider, a clock, an audio length, a number of sessions, and who runs it.</summary>
internal sealed record BenchCase(string Name, string Provider, bool Paced, double AudioSeconds, int Sessions, string[] Clients);

/// <summary>
/// The side-by-side run: builds nothing (run after `dotnet build StreamingStt.slnx -c Release` and build.ps1),
/// installs the SDKs from npm at the pinned versions, starts the three emulators, then runs every client of
/// every case, in a rotating order per run so load on the machine falls on all of them alike.
/// </summary>
internal sealed class Harness
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const string Key = "bench-key";

    private readonly string _root;
    private readonly HarnessOptions _options;
    private readonly string _work;
    private readonly List<(BenchCase Case, ClientResult Result, double EmulatorCpuMs)> _results = new();

    public Harness(string root, HarnessOptions options)
    {
        _root = root;
        _options = options;
        _work = Path.Combine(Path.GetTempPath(), "stt-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(_work);
    }

    public int Run()
    {
        string emulatorDll = Path.Combine(_root, "tests/StreamingStt.Emulator/bin/Release/net10.0/StreamingStt.Emulator.dll");
        string module = _options.ModulePath ?? Path.Combine(_root, "out/StreamingStt");
        if (!File.Exists(emulatorDll)) return Fail($"no {emulatorDll}: run `dotnet build StreamingStt.slnx -c Release` first");
        List<BenchCase> cases = Cases();
        bool runsPwsh = cases.Any(c => c.Clients.Contains("pwsh"));
        if (runsPwsh && !File.Exists(Path.Combine(module, "StreamingStt.psd1"))) return Fail($"no {module}: run `dotnet pwsh -NoProfile -File ./build.ps1` first");
        if (cases.Any(c => c.Clients.Contains("sdk"))) InstallSdks();
        string pwshDll = runsPwsh ? FindPwsh() : "";

        double longest = cases.Count == 0 ? 10 : cases.Max(c => c.AudioSeconds);
        string script = WriteScript(longest);
        var wavs = cases.Select(c => c.AudioSeconds).Distinct().ToDictionary(s => s, WriteWav);

        using EmulatorProcess assemblyAI = EmulatorProcess.Start(emulatorDll, "--tls", "--cert-out", Path.Combine(_work, "cert.pem"), "--key", Key, "--script", script);
        using EmulatorProcess deepgram = EmulatorProcess.Start(emulatorDll, "--provider", "deepgram", "--key", Key, "--script", script);
        using EmulatorProcess speechmatics = EmulatorProcess.Start(emulatorDll, "--provider", "speechmatics", "--key", Key, "--script", script);
        var emulators = new Dictionary<string, EmulatorProcess> { ["assemblyai"] = assemblyAI, ["deepgram"] = deepgram, ["speechmatics"] = speechmatics };
        string cert = assemblyAI["CERT"];

        for (int run = 0; run < _options.Runs; run++)
        {
            foreach (BenchCase benchCase in cases)
            {
                // Rotate the order each run: no client always runs first (cold caches) or last.
                string[] order = benchCase.Clients.Skip(run % benchCase.Clients.Length).Concat(benchCase.Clients.Take(run % benchCase.Clients.Length)).ToArray();
                foreach (string client in order)
                {
                    EmulatorProcess emulator = emulators[benchCase.Provider];
                    ProcessStartInfo start = Command(client, benchCase, emulator, wavs[benchCase.AudioSeconds], module, pwshDll, cert);
                    double emulatorBefore = emulator.CpuMilliseconds();
                    (ClientResult? result, double? cpuAtSteady) = RunClient(start, benchCase, _options.SteadyAfter);
                    double emulatorCpu = emulator.CpuMilliseconds() - emulatorBefore;
                    if (result is null) return Fail($"{benchCase.Name} {client} failed (run {run + 1})");
                    if (cpuAtSteady is double sampled)
                    {
                        // Steady state: CPU from the sample to the end, over the wall time from the sample to the end
                        // (paced, that is audio time).
                        result.SteadyCpuPerAudioHour = (result.StartupCpuMs + result.SessionCpuMs - sampled) / 1000.0
                            / ((result.WallMs - _options.SteadyAfter.TotalMilliseconds) / 1000.0 * result.Sessions / 3600.0);
                    }
                    _results.Add((benchCase, result, emulatorCpu));
                    Console.Error.WriteLine(string.Create(Invariant,
                        $"run {run + 1} {benchCase.Name,-24} {client,-7} cpu {result.SessionCpuMs,8:0} ms  rss {result.PeakRssKiB / 1024.0,6:0.0} MiB  steady {result.SteadyCpuPerAudioHour,6:0.0} s/h  wall {result.WallMs / 1000,6:0.0} s  lag {result.SlowestSessionLagMs,7:0} ms  turns {result.Turns}  turn lag max {result.MaxTurnLagMs,6:0} ms growth {result.MaxTurnLagGrowthMs,6:0} ms  emulator {emulatorCpu,7:0} ms"));
                }
            }
        }

        var extras = new ExtraResults();
        if (_options.Only is null || "latency".StartsWith(_options.Only, StringComparison.Ordinal))
        {
            foreach (int sessions in _options.LatencySessions)
            {
                // Enough finals for a p99.9 (about 1200 a probe) without changing the load more than needed: 100 sessions
                // get one a second as before; one session for 60 s gets one every 50 ms (docs/benchmarks.md, Method).
                int turnIntervalMs = (int)Math.Clamp(sessions * _options.LatencySeconds * 1000 / 1200, 20, 1000);
                string? line = RunTool("LATENCY ", TimeSpan.FromSeconds(120 + _options.LatencySeconds * 2),
                    "latency", "--sessions", sessions.ToString(Invariant), "--seconds", _options.LatencySeconds.ToString(Invariant),
                    "--turn-interval-ms", turnIntervalMs.ToString(Invariant));
                if (line is null) return Fail($"latency probe x{sessions} failed");
                extras.Latency.Add(JsonSerializer.Deserialize<LatencyResult>(line, Json.Options)!);
                Console.Error.WriteLine($"latency x{sessions}: {line}");
            }
        }
        if (_options.LongHours > 0 && (_options.Only is null || "long".StartsWith(_options.Only, StringComparison.Ordinal)))
        {
            // Its own emulator: one session may run far ahead of real time, and lasts up to the hours asked.
            string longScript = WriteScript(_options.LongHours * 3600, "long-script.json");
            using EmulatorProcess longEmulator = EmulatorProcess.Start(emulatorDll, "--key", Key, "--script", longScript,
                "--lead-seconds", (_options.LongHours * 3600 + 60).ToString(Invariant), "--max-session-seconds", (_options.LongHours * 3600 + 600).ToString(Invariant));
            double before = longEmulator.CpuMilliseconds();
            string? line = RunTool("LONG ", TimeSpan.FromSeconds(120 + _options.LongHours * 3600 / _options.LongSpeed * 3),
                "long", "--url", longEmulator["WS_URL"], "--key", Key, "--hours", _options.LongHours.ToString(Invariant), "--speed", _options.LongSpeed.ToString(Invariant));
            if (line is null) return Fail("the long session failed");
            extras.LongSessionJson = line;
            Console.Error.WriteLine(string.Create(Invariant, $"long session: emulator {longEmulator.CpuMilliseconds() - before:0} ms CPU"));
        }

        var report = new Report(_results.Select(r => new Measurement(r.Case, r.Result, r.EmulatorCpuMs)).ToList(), _options, extras);
        string text = report.Markdown();
        Console.WriteLine(text);
        if (_options.OutputDirectory is not null)
        {
            Directory.CreateDirectory(_options.OutputDirectory);
            File.WriteAllText(Path.Combine(_options.OutputDirectory, "results.md"), text);
            File.WriteAllText(Path.Combine(_options.OutputDirectory, "results.json"),
                JsonSerializer.Serialize(_results.Select(r => new { r.Case, r.Result, r.EmulatorCpuMs }), new JsonSerializerOptions(Json.Options) { WriteIndented = true }));
            // The probes' own results, with the long session's RSS samples (audio hours, MiB).
            File.WriteAllText(Path.Combine(_options.OutputDirectory, "extras.json"),
                "{\"latency\":" + JsonSerializer.Serialize(extras.Latency, Json.Options) + ",\"long\":" + (extras.LongSessionJson ?? "null") + "}");
            report.WriteCharts(_options.OutputDirectory);
            Console.Error.WriteLine($"wrote {_options.OutputDirectory}/results.md, results.json, extras.json and the charts");
        }
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        return 0;
    }

    private List<BenchCase> Cases()
    {
        string[] all = { "pwsh", "engine", "floor", "sdk" };
        var cases = new List<BenchCase>
        {
            new("assemblyai-paced", "assemblyai", true, _options.PacedSeconds, 1, all),
            new("deepgram-unpaced", "deepgram", false, _options.UnpacedSeconds, 1, all),
            new("speechmatics-unpaced", "speechmatics", false, _options.UnpacedSeconds, 1, all),
        };
        if (_options.MemorySessions > 1)
        {
            cases.Add(new($"assemblyai-paced-x{_options.MemorySessions}", "assemblyai", true, _options.PacedSeconds, _options.MemorySessions, all));
        }
        foreach (int sessions in _options.ScaleSessions)
        {
            // Through pwsh as an admin would run many live sessions in one process: -AsJob each, turns read with
            // Receive-SttTurn -Wait (also at 1 session, so every row runs the same code).
            cases.Add(new($"scale-x{sessions}", "assemblyai", true, _options.ScaleSeconds, sessions, new[] { "engine", "pwsh" }));
        }
        return cases.Where(c => _options.Only is null || c.Name.StartsWith(_options.Only, StringComparison.Ordinal))
            .Select(c => _options.Clients is null ? c : c with { Clients = c.Clients.Where(_options.Clients.Contains).ToArray() })
            .Where(c => c.Clients.Length > 0).ToList();
    }

    private ProcessStartInfo Command(string client, BenchCase benchCase, EmulatorProcess emulator, string wav, string module, string pwshDll, string cert)
    {
        string url = emulator["WS_URL"];
        ProcessStartInfo start;
        string sessions = benchCase.Sessions.ToString(Invariant);
        switch (client)
        {
            case "pwsh":
                start = new ProcessStartInfo("dotnet");
                foreach (string a in new[] { pwshDll, "-NoProfile", "-NonInteractive", "-File", Path.Combine(_root, "bench/client-pwsh.ps1"),
                    "-ModulePath", module, "-Provider", benchCase.Provider, "-Endpoint", url, "-Key", Key, "-Wav", wav, "-Sessions", sessions }) start.ArgumentList.Add(a);
                if (!benchCase.Paced) start.ArgumentList.Add("-NoPacing");
                if (benchCase.Name.StartsWith("scale-", StringComparison.Ordinal)) start.ArgumentList.Add("-AsJob");
                break;
            case "engine":
            case "floor":
                start = new ProcessStartInfo("dotnet");
                foreach (string a in new[] { typeof(Harness).Assembly.Location, client, "--provider", benchCase.Provider, "--url", url, "--key", Key,
                    "--wav", wav, "--paced", benchCase.Paced ? "true" : "false", "--sessions", sessions }) start.ArgumentList.Add(a);
                break;
            case "sdk":
                start = new ProcessStartInfo("node");
                string sdkUrl = benchCase.Provider == "deepgram" ? emulator["BASE_URL"] : url;
                foreach (string a in new[] { Path.Combine(_root, "bench/sdk/client-sdk.mjs"), "--provider", benchCase.Provider, "--url", sdkUrl,
                    "--http-url", emulator["HTTP_URL"], "--key", Key, "--wav", wav, "--paced", benchCase.Paced ? "true" : "false", "--sessions", sessions }) start.ArgumentList.Add(a);
                break;
            default:
                throw new ArgumentException(client);
        }
        // The AssemblyAI emulator serves wss:// with a self-signed certificate: every client trusts it the way its
        // platform lets one add a root (Node: NODE_EXTRA_CA_CERTS; .NET on Linux: SSL_CERT_FILE).
        start.Environment["NODE_EXTRA_CA_CERTS"] = cert;
        start.Environment["SSL_CERT_FILE"] = cert;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    /// <summary>
    /// Runs one client and reads its RESULT line. <paramref name="steadyAfter"/> after the client says READY,
    /// its CPU is sampled from /proc, so the steady-state rate can leave out connecting, the session code's
    /// first (JIT) runs and the first seconds of streaming.
    /// </summary>
    private static (ClientResult? Result, double? CpuAtSteadyMs) RunClient(ProcessStartInfo start, BenchCase benchCase, TimeSpan steadyAfter)
    {
        using Process process = Process.Start(start)!;
        var stderr = new StringBuilder();
        var stdout = new StringBuilder();
        double? cpuAtSteady = null;
        Timer? sampler = null;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data == "READY" && sampler is null)
            {
                sampler = new Timer(_ =>
                {
                    double cpu = ProcessMeter.CpuMilliseconds(process.Id);
                    if (!double.IsNaN(cpu)) cpuAtSteady = cpu;
                }, null, steadyAfter, Timeout.InfiniteTimeSpan);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        TimeSpan limit = TimeSpan.FromSeconds(120 + benchCase.AudioSeconds * (benchCase.Paced ? 2 : 1));
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        sampler?.Dispose();
        string? line = stdout.ToString().Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"{string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{stdout}\n{stderr}");
            return (null, null);
        }
        var result = JsonSerializer.Deserialize<ClientResult>(line["RESULT ".Length..].Trim(), Json.Options)!;
        // A sample taken after the session ended is no steady-state sample.
        if (result.WallMs < steadyAfter.TotalMilliseconds + 5000) cpuAtSteady = null;
        return (result, cpuAtSteady);
    }

    private void InstallSdks()
    {
        string sdk = Path.Combine(_root, "bench/sdk");
        foreach ((string package, string version) in new[] { ("assemblyai", "4.41.5"), ("@deepgram/sdk", "5.13.0"), ("@speechmatics/real-time-client", "8.5.1") })
        {
            string manifest = Path.Combine(sdk, "node_modules", package, "package.json");
            if (!File.Exists(manifest) || !File.ReadAllText(manifest).Contains($"\"version\": \"{version}\"", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("npm ci in bench/sdk (the SDKs at their pinned versions)");
                var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = sdk })!;
                npm.WaitForExit();
                if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed in bench/sdk");
                return;
            }
        }
    }

    /// <summary>pwsh.dll of the PowerShell pinned in dotnet-tools.json, run with `dotnet` directly so the tool host's own start-up is not counted.</summary>
    private string FindPwsh()
    {
        using JsonDocument tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "dotnet-tools.json")));
        string version = tools.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages");
        string folder = Path.Combine(packages, "powershell", version);
        string? dll = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "pwsh.dll", SearchOption.AllDirectories)
            .FirstOrDefault(f => Path.GetFileName(Path.GetDirectoryName(f)) == (OperatingSystem.IsWindows() ? "win" : "unix")) : null;
        return dll ?? throw new InvalidOperationException($"PowerShell {version} is not restored: run `dotnet tool restore`");
    }

    /// <summary>Runs this program in another mode and returns what follows <paramref name="prefix"/> on its result line.</summary>
    private static string? RunTool(string prefix, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Harness).Assembly.Location);
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        string? line = stdout.Result.Split('\n').LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"{string.Join(' ', args)} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
            return null;
        }
        return line[prefix.Length..].Trim();
    }

    /// <summary>A script with one short utterance every 5 s of audio, so replies flow all through a long file.</summary>
    private string WriteScript(double seconds, string name = "script.json")
    {
        var utterances = new List<object>();
        for (double start = 0.5; start + 2 < seconds; start += 5) utterances.Add(new { text = $"This is turn number {utterances.Count + 1}.", start });
        string path = Path.Combine(_work, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { utterances }));
        return path;
    }

    /// <summary>16 kHz mono s16 (the wire format, as most recordings for speech are): a quiet tone with a little noise.</summary>
    private string WriteWav(double seconds)
    {
        int samples = (int)(seconds * 16000);
        string path = Path.Combine(_work, $"audio-{seconds.ToString(Invariant)}s.wav");
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8); writer.Write(36 + samples * 2); writer.Write("WAVE"u8);
        writer.Write("fmt "u8); writer.Write(16); writer.Write((short)1); writer.Write((short)1); writer.Write(16000); writer.Write(32000); writer.Write((short)2); writer.Write((short)16);
        writer.Write("data"u8); writer.Write(samples * 2);
        var random = new Random(7);
        for (int i = 0; i < samples; i++) writer.Write((short)(3000 * Math.Sin(2 * Math.PI * 220 * i / 16000.0) + random.Next(-200, 200)));
        return path;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("bench: " + message);
        return 1;
    }
}

internal sealed class HarnessOptions
{
    public int Runs { get; set; } = 3;
    public double PacedSeconds { get; set; } = 60;
    public double UnpacedSeconds { get; set; } = 1200;
    public int MemorySessions { get; set; } = 10;
    public double ScaleSeconds { get; set; } = 30;
    public List<int> ScaleSessions { get; set; } = new();
    public string? OutputDirectory { get; set; }
    public string? Only { get; set; }

    /// <summary>Only these clients (pwsh, engine, floor, sdk); null: every client of each case.</summary>
    public HashSet<string>? Clients { get; set; }

    /// <summary>The module the pwsh client imports; null: out/StreamingStt (e.g. a copy of an older build, to compare).</summary>
    public string? ModulePath { get; set; }

    /// <summary>Latency probes (once, after the interleaved runs): sessions per probe, seconds of audio each.</summary>
    public List<int> LatencySessions { get; set; } = new() { 1, 100 };
    public double LatencySeconds { get; set; } = 30;

    /// <summary>The long session (once): audio hours on a clock <see cref="LongSpeed"/> times real time; 0 skips it.</summary>
    public double LongHours { get; set; } = 3;
    public double LongSpeed { get; set; } = 60;

    /// <summary>When the steady-state CPU sample is taken, after the client starts its sessions (paced runs only).</summary>
    public TimeSpan SteadyAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The one-run smoke for CI: every client once on seconds of audio, so the harness cannot rot.</summary>
    public static HarnessOptions Smoke() => new()
    {
        Runs = 1, PacedSeconds = 3, UnpacedSeconds = 20, MemorySessions = 0,
        LatencySessions = new() { 1 }, LatencySeconds = 3, LongHours = 0.05, LongSpeed = 60,
    };
}
