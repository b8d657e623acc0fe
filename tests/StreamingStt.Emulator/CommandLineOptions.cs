// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

namespace StreamingStt.Emulator;

/// <summary>Parses the console program's arguments (see README.md).</summary>
internal sealed class CommandLineOptions
{
    public const string Usage =
        "usage: StreamingStt.Emulator [--port N] [--tls] [--cert-out path.pem] [--key KEY]... " +
        "[--script script.json] [--lead-seconds N] [--max-session-seconds N]";

    public int Port { get; private set; }

    public bool UseTls { get; private set; }

    public string? CertificateOutputPath { get; private set; }

    public List<string> ApiKeys { get; } = [];

    public string? ScriptPath { get; private set; }

    public double? LeadSeconds { get; private set; }

    public double? MaxSessionSeconds { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        var parsed = new CommandLineOptions();
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
                case "--lead-seconds":
                    parsed.LeadSeconds = Seconds(Value(args, ref i), name, allowZero: true);
                    break;
                case "--max-session-seconds":
                    parsed.MaxSessionSeconds = Seconds(Value(args, ref i), name, allowZero: false);
                    break;
                case "-h" or "--help":
                    parsed.ShowHelp = true;
                    break;
                default:
                    throw new FormatException($"unknown argument '{name}'");
            }
        }

        if (parsed.CertificateOutputPath is not null && !parsed.UseTls)
        {
            throw new FormatException("--cert-out needs --tls");
        }

        return parsed;
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
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new FormatException($"{args[i - 1]} needs a value");

    private static double Seconds(string text, string name, bool allowZero) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && (value > 0 || (allowZero && value == 0))
            ? value
            : throw new FormatException($"{name} needs a {(allowZero ? "non-negative" : "positive")} number of seconds");
}
