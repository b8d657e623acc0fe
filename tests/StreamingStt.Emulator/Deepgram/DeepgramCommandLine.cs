// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Parses the console program's arguments after <c>--provider deepgram</c> (see Deepgram/README.md).</summary>
internal sealed class DeepgramCommandLine : EmulatorCommandLine
{
    public const string Usage =
        "usage: StreamingStt.Emulator --provider deepgram [--port N] [--tls] [--cert-out path.pem] [--key KEY]... " +
        "[--script script.json] [--idle-timeout-seconds N] [--fault " + FaultOption.Syntax + "] [--fault-sessions N] [--follow-audio-position] [--redirect-streaming STATUS=URL] [--redirect-token STATUS=URL] [--max-concurrent-sessions N]";

    public double? IdleTimeoutSeconds { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static DeepgramCommandLine Parse(IReadOnlyList<string> args) => ParseInto(new DeepgramCommandLine(), args);

    protected override bool TryParseOption(string name, IReadOnlyList<string> args, ref int i)
    {
        switch (name)
        {
            case "--idle-timeout-seconds":
                IdleTimeoutSeconds = Seconds(Value(args, ref i), name, allowZero: false);
                return true;
            default:
                return false;
        }
    }

    public DeepgramEmulatorOptions ToEmulatorOptions(Action<DeepgramSessionRecord> sessionEnded)
    {
        var defaults = new DeepgramEmulatorOptions();
        EmulatorFault? fault = Fault?.ToEmulatorFault();
        return new DeepgramEmulatorOptions
        {
            Port = Port,
            UseTls = UseTls,
            CertificatePemOutputPath = CertificateOutputPath is null ? null : Path.GetFullPath(CertificateOutputPath),
            ApiKeys = ApiKeys.Count > 0 ? ApiKeys.ToArray() : defaults.ApiKeys,
            Script = ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(ScriptPath),
            IdleTimeout = IdleTimeoutSeconds is { } idle ? TimeSpan.FromSeconds(idle) : defaults.IdleTimeout,
            Fault = fault is not null && FaultSessions > 0 ? fault.InFirstSessions(FaultSessions) : fault,
            ScriptFollowsAudioPosition = FollowAudioPosition,
            StreamingRedirect = StreamingRedirect,
            TokenRedirect = TokenRedirect,
            SessionEnded = sessionEnded,
            MaxConcurrentSessions = MaxConcurrentSessions,
        };
    }
}
