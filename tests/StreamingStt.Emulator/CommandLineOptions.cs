// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>Parses the console program's arguments (see README.md).</summary>
internal sealed class CommandLineOptions : EmulatorCommandLine
{
    public const string Usage =
        "usage: StreamingStt.Emulator [--port N] [--tls] [--cert-out path.pem] [--key KEY]... " +
        "[--script script.json] [--lead-seconds N] [--max-session-seconds N] [--fault " + FaultOption.Syntax + "] " +
        "[--redirect-streaming STATUS=URL] [--redirect-token STATUS=URL] [--fault-sessions N] [--follow-audio-position] [--max-concurrent-sessions N]";

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
            default:
                return false;
        }
    }

    public AssemblyAIEmulatorOptions ToEmulatorOptions(Action<EmulatorSessionRecord> sessionEnded)
    {
        var defaults = new AssemblyAIEmulatorOptions();
        EmulatorFault? fault = Fault?.ToEmulatorFault();
        return new AssemblyAIEmulatorOptions
        {
            Port = Port,
            UseTls = UseTls,
            CertificatePemOutputPath = CertificateOutputPath is null ? null : Path.GetFullPath(CertificateOutputPath),
            ApiKeys = ApiKeys.Count > 0 ? ApiKeys.ToArray() : defaults.ApiKeys,
            Script = ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(ScriptPath),
            RealTimeLead = LeadSeconds is { } lead ? TimeSpan.FromSeconds(lead) : defaults.RealTimeLead,
            MaxSessionDuration = MaxSessionSeconds is { } max ? TimeSpan.FromSeconds(max) : defaults.MaxSessionDuration,
            StreamingRedirect = StreamingRedirect,
            TokenRedirect = TokenRedirect,
            SessionEnded = sessionEnded,
            Fault = fault is not null && FaultSessions > 0 ? fault.InFirstSessions(FaultSessions) : fault,
            ScriptFollowsAudioPosition = FollowAudioPosition,
            MaxConcurrentSessions = MaxConcurrentSessions,
        };
    }
}
