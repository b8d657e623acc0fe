// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using StreamingStt.Engine.Session;

namespace StreamingStt.LoadBench;

/// <summary>The arguments every benchmark client takes (the engine client, the floor, the SDK and pwsh scripts alike).</summary>
internal sealed class ClientOptions
{
    public SttProvider Provider { get; private set; }
    public Uri Url { get; private set; } = null!;
    public string Key { get; private set; } = "";
    public string Wav { get; private set; } = "";
    public bool Paced { get; private set; } = true;
    public int Sessions { get; private set; } = 1;

    public static ClientOptions Parse(string[] args)
    {
        var options = new ClientOptions();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--provider": options.Provider = Enum.Parse<SttProvider>(value, ignoreCase: true); break;
                case "--url": options.Url = new Uri(value); break;
                case "--key": options.Key = value; break;
                case "--wav": options.Wav = value; break;
                case "--paced": options.Paced = bool.Parse(value); break;
                case "--sessions": options.Sessions = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (options.Url is null || options.Wav.Length == 0) throw new ArgumentException("--url and --wav are required");
        return options;
    }

    /// <summary>Session options pointing the engine at the emulator, as the module's defaults would send.</summary>
    public SttSessionOptions ToSessionOptions()
    {
        var session = new SttSessionOptions
        {
            Provider = Provider,
            PaceRealTime = Paced,
            Credential = SttCredential.FromApiKey(Key),
        };
        switch (Provider)
        {
            case SttProvider.AssemblyAI: session.AssemblyAI.Endpoint = Url; break;
            case SttProvider.Deepgram: session.Deepgram.Endpoint = Url; break;
            case SttProvider.Speechmatics: session.Speechmatics.Endpoint = Url; break;
        }
        return session;
    }
}

/// <summary>What one client run measured about itself; printed as "RESULT {json}".</summary>
internal sealed class ClientResult
{
    public string Client { get; set; } = "";
    public string Provider { get; set; } = "";
    public int Sessions { get; set; }
    public double AudioSeconds { get; set; }
    public double StartupCpuMs { get; set; }
    public double StartupWallMs { get; set; }
    public double SessionCpuMs { get; set; }
    public double WallMs { get; set; }
    public double SlowestSessionLagMs { get; set; }
    public long PeakRssKiB { get; set; }
    public long EndRssKiB { get; set; }
    /// <summary>.NET clients: managed bytes allocated while the sessions ran, and the GCs that ran (garbage not yet collected is RSS too).</summary>
    public long? AllocatedKiB { get; set; }
    public int? Gen0Collections { get; set; }
    /// <summary>Replies counted by the client: end-of-turn Turns (ours, the SDKs) or every message (the floor).</summary>
    public int Turns { get; set; }

    /// <summary>Wall ms from process start and process CPU ms when the first end-of-turn Turn arrived (null: not measured).</summary>
    public double? FirstTurnWallMs { get; set; }
    public double? FirstTurnCpuMs { get; set; }

    /// <summary>
    /// Lag of end-of-turn Turns at the consumer: when it got the Turn minus (its session's start + the Turn's audio end
    /// time). The largest over all turns (it includes connecting), and the largest growth within one session (its last
    /// turn's lag minus its first's): a session that falls behind real time shows as growth. Null: not measured.
    /// </summary>
    public double? MaxTurnLagMs { get; set; }
    public double? MaxTurnLagGrowthMs { get; set; }

    /// <summary>Filled in by the harness: CPU seconds per audio-hour after the first seconds (paced runs long enough).</summary>
    public double? SteadyCpuPerAudioHour { get; set; }
}
