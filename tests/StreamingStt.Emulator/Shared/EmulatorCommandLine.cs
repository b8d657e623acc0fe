// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

namespace StreamingStt.Emulator;

/// <summary>
/// The console program's arguments that every provider's emulator takes (--port, --tls, --cert-out, --key, --script, --fault,
/// --fault-sessions, --follow-audio-position, --redirect-streaming, --redirect-token, -h/--help); a provider's command line adds its own through <see cref="TryParseOption"/>.
/// </summary>
internal abstract class EmulatorCommandLine
{
    public int Port { get; private set; }

    public bool UseTls { get; private set; }

    public string? CertificateOutputPath { get; private set; }

    public List<string> ApiKeys { get; } = [];

    public string? ScriptPath { get; private set; }

    /// <summary><c>--fault</c>: a failure injected into every session (see <see cref="FaultOption"/>).</summary>
    public FaultOption? Fault { get; private set; }

    /// <summary>With --fault: only the first N sessions get it (0: all), so a reconnect can succeed.</summary>
    public int FaultSessions { get; private set; }

    /// <summary>Recognize the script where position-marked audio says it is (see AudioPositionMarker).</summary>
    public bool FollowAudioPosition { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary><c>--max-concurrent-sessions N</c>: more sessions open at once are refused as the provider refuses them.</summary>
    public int? MaxConcurrentSessions { get; private set; }

    /// <summary>--redirect-streaming STATUS=URL: answer the WebSocket endpoint with this redirect.</summary>
    public EmulatorRedirect? StreamingRedirect { get; private set; }

    /// <summary>--redirect-token STATUS=URL: answer the token endpoint with this redirect.</summary>
    public EmulatorRedirect? TokenRedirect { get; private set; }

    /// <summary>Parses <paramref name="args"/> into <paramref name="parsed"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    protected static T ParseInto<T>(T parsed, IReadOnlyList<string> args)
        where T : EmulatorCommandLine
    {
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "--port":
                    parsed.Port = int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
                        ? port
                        : throw new FormatException("--port needs a number from 0 to 65535");
                    break;
                case "--tls":
                    parsed.UseTls = true;
                    break;
                case "--cert-out":
                    parsed.CertificateOutputPath = Value(args, ref i);
                    break;
                case "--key":
                    parsed.ApiKeys.Add(Value(args, ref i));
                    break;
                case "--script":
                    parsed.ScriptPath = Value(args, ref i);
                    break;
                case "--fault":
                    parsed.Fault = FaultOption.Parse(Value(args, ref i));
                    break;
                case "--fault-sessions":
                    parsed.FaultSessions = PositiveCount(name, Value(args, ref i));
                    break;
                case "--follow-audio-position":
                    parsed.FollowAudioPosition = true;
                    break;
                case "--redirect-streaming":
                    parsed.StreamingRedirect = EmulatorRedirect.Parse(Value(args, ref i), name);
                    break;
                case "--redirect-token":
                    parsed.TokenRedirect = EmulatorRedirect.Parse(Value(args, ref i), name);
                    break;
                case "--max-concurrent-sessions":
                    parsed.MaxConcurrentSessions = PositiveCount(name, Value(args, ref i));
                    break;
                case "-h" or "--help":
                    parsed.ShowHelp = true;
                    break;
                default:
                    if (!parsed.TryParseOption(name, args, ref i))
                    {
                        throw new FormatException($"unknown argument '{name}'");
                    }

                    break;
            }
        }

        if (parsed.FaultSessions > 0 && parsed.Fault is null)
        {
            throw new FormatException("--fault-sessions needs --fault");
        }

        if (parsed.CertificateOutputPath is not null && !parsed.UseTls)
        {
            throw new FormatException("--cert-out needs --tls");
        }

        return parsed;
    }

    /// <summary>Parses a provider-specific option <paramref name="name"/> (its value is at <c>++i</c>); false if unknown.</summary>
    protected abstract bool TryParseOption(string name, IReadOnlyList<string> args, ref int i);

    protected static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new FormatException($"{args[i - 1]} needs a value");

    protected static double Seconds(string text, string name, bool allowZero) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && (value > 0 || (allowZero && value == 0))
            ? value
            : throw new FormatException($"{name} needs a {(allowZero ? "non-negative" : "positive")} number of seconds");

    protected static int PositiveCount(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw new FormatException($"{name} needs a whole number of at least 1, not '{text}'");
}
