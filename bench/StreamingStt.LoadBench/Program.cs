// Copyright (c) StreamingStt contributors. MIT License.
//
// The end-to-end benchmark of issue 10 (docs/benchmarks.md):
//   dotnet run --project bench/StreamingStt.LoadBench -c Release -- run [--runs 3] [--paced-seconds 60]
//       [--unpaced-seconds 1200] [--memory-sessions 10] [--scale 1,50,100,200] [--scale-seconds 30]
//       [--latency 1,100] [--latency-seconds 30] [--long-hours 3] [--long-speed 60] [--only CASE-PREFIX]
//       [--clients pwsh,engine,floor,sdk] [--module DIR] [--out DIR]
//   dotnet run --project bench/StreamingStt.LoadBench -c Release -- run --smoke      (one short run of every client)
// It also is the engine and floor clients the harness starts: `engine|floor --provider P --url U --key K --wav F ...`,
// the latency probe (`latency --sessions N --seconds S`) and the long session (`long --url U --key K --hours H --speed X`).
using System.Globalization;

namespace StreamingStt.LoadBench;

internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            string mode = args.Length > 0 ? args[0] : "";
            string[] rest = args.Skip(1).ToArray();
            switch (mode)
            {
                case "engine": return Clients.RunEngine(ClientOptions.Parse(rest));
                case "floor": return Clients.RunFloor(ClientOptions.Parse(rest));
                case "latency": return LatencyProbe.Run(rest);
                case "long": return LongSession.Run(rest);
                case "run": return new Harness(FindRoot(), ParseHarness(rest)).Run();
                default:
                    Console.Error.WriteLine("usage: StreamingStt.LoadBench run [--smoke] [--runs N] [--paced-seconds S] [--unpaced-seconds S] " +
                        "[--memory-sessions N] [--scale N,N,...] [--scale-seconds S] [--latency N,N,...] [--latency-seconds S] [--long-hours H] [--long-speed X] [--only CASE] [--clients pwsh,engine,floor,sdk] [--module DIR] [--out DIR]");
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("bench: " + ex.Message);
            return 2;
        }
    }

    private static HarnessOptions ParseHarness(string[] args)
    {
        var options = args.Contains("--smoke") ? HarnessOptions.Smoke() : new HarnessOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--smoke": break;
                case "--runs": options.Runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--paced-seconds": options.PacedSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--unpaced-seconds": options.UnpacedSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--memory-sessions": options.MemorySessions = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--scale": options.ScaleSessions = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--scale-seconds": options.ScaleSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--latency": options.LatencySessions = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--latency-seconds": options.LatencySeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--long-hours": options.LongHours = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--long-speed": options.LongSpeed = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--only": options.Only = Next(); break;
                case "--clients":
                    options.Clients = Next().Split(',').ToHashSet(StringComparer.Ordinal);
                    string[] known = { "pwsh", "engine", "floor", "sdk" };
                    if (options.Clients.FirstOrDefault(c => !known.Contains(c)) is string unknown)
                        throw new ArgumentException($"--clients: unknown client '{unknown}' (pwsh, engine, floor, sdk)");
                    break;
                case "--module": options.ModulePath = Path.GetFullPath(Next()); break;
                case "--out": options.OutputDirectory = Path.GetFullPath(Next()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return options;
    }

    /// <summary>The repository root: the folder above bench/ that holds StreamingStt.slnx.</summary>
    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "StreamingStt.slnx"))) return dir;
        }
        for (string? dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "StreamingStt.slnx"))) return dir;
        }
        throw new ArgumentException("run it inside the repository (no StreamingStt.slnx found above it)");
    }
}
