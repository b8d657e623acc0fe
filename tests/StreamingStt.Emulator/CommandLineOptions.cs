// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>Parses the console program's arguments (see README.md).</summary>
internal sealed class CommandLineOptions : EmulatorCommandLine
{
    public const string Usage =
        "usage: StreamingStt.Emulator [--port N] [--tls] [--cert-out path.pem] [--key KEY]... " +
        "[--script script.json] [--lead-seconds N] [--max-session-seconds N] " +
        "[--fault abort-after:SECONDS|stall-after:SECONDS|close-after:SECONDS:CODE[:REASON]] [--fault-sessions N] " +
        "[--follow-audio-position]";

    /// <summary>The injected fault (AssemblyAI only), or null.</summary>
    public EmulatorFault? Fault { get; private set; }

    /// <summary>With --fault: only the first N sessions get it (0: all).</summary>
    public int FaultSessions { get; private set; }

    /// <summary>Recognize the script where position-marked audio says it is (see AudioPositionMarker).</summary>
    public bool FollowAudioPosition { get; private set; }

    public double? LeadSeconds { get; private set; }

    public double? MaxSessionSeconds { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static CommandLineOptions Parse(IReadOnlyList<string> args) => ParseInto(new CommandLineOptions(), args);

    protected override bool TryParseOption(string name, IReadOnlyList<string> args, ref int i)
    {
        switch (name)
        {
            case "--lead-seconds":
                LeadSeconds = Seconds(Value(args, ref i), name, allowZero: true);
                return true;
            case "--max-session-seconds":
                MaxSessionSeconds = Seconds(Value(args, ref i), name, allowZero: false);
                return true;
            case "--fault":
                Fault = ParseFault(Value(args, ref i));
                return true;
            case "--fault-sessions":
                string count = Value(args, ref i);
                FaultSessions = int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
                    ? n
                    : throw new FormatException($"--fault-sessions needs a whole number of at least 1, not '{count}'.");
                return true;
            case "--follow-audio-position":
                FollowAudioPosition = true;
                return true;
            default:
                return false;
        }
    }

    // abort-after:5 | stall-after:5 | close-after:5:1011[:reason]
    private static EmulatorFault ParseFault(string spec)
    {
        string[] parts = spec.Split(':', 4);
        TimeSpan At() => parts.Length >= 2
            ? TimeSpan.FromSeconds(Seconds(parts[1], "--fault", allowZero: true))
            : throw new FormatException($"--fault '{spec}' needs the audio time in seconds (for example abort-after:5).");
        try
        {
            return parts[0] switch
            {
                "abort-after" => EmulatorFault.AbortAfterAudio(At()),
                "stall-after" => EmulatorFault.StallAfterAudio(At()),
                "close-after" when parts.Length >= 3 && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code) =>
                    EmulatorFault.CloseAfterAudio(At(), code, parts.Length == 4 ? parts[3] : string.Empty),
                _ => throw new FormatException($"--fault needs abort-after:SECONDS, stall-after:SECONDS or close-after:SECONDS:CODE[:REASON], not '{spec}'."),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--fault '{spec}': {e.Message}");
        }
    }

    public AssemblyAIEmulatorOptions ToEmulatorOptions(Action<EmulatorSessionRecord> sessionEnded)
    {
        var defaults = new AssemblyAIEmulatorOptions();
        return new AssemblyAIEmulatorOptions
        {
            Port = Port,
            UseTls = UseTls,
            CertificatePemOutputPath = CertificateOutputPath is null ? null : Path.GetFullPath(CertificateOutputPath),
            ApiKeys = ApiKeys.Count > 0 ? ApiKeys.ToArray() : defaults.ApiKeys,
            Script = ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(ScriptPath),
            RealTimeLead = LeadSeconds is { } lead ? TimeSpan.FromSeconds(lead) : defaults.RealTimeLead,
            MaxSessionDuration = MaxSessionSeconds is { } max ? TimeSpan.FromSeconds(max) : defaults.MaxSessionDuration,
            SessionEnded = sessionEnded,
            Fault = Fault is { } fault && FaultSessions > 0 ? fault.InFirstSessions(FaultSessions) : Fault,
            ScriptFollowsAudioPosition = FollowAudioPosition,
        };
    }
}
