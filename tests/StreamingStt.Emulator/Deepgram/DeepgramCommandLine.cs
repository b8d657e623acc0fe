// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Parses the console program's arguments after <c>--provider deepgram</c> (see Deepgram/README.md).</summary>
internal sealed class DeepgramCommandLine
{
    public const string Usage =
        "usage: StreamingStt.Emulator --provider deepgram [--port N] [--tls] [--cert-out path.pem] [--key KEY]... " +
        "[--script script.json] [--idle-timeout-seconds N]";

    public int Port { get; private set; }

    public bool UseTls { get; private set; }

    public string? CertificateOutputPath { get; private set; }

    public List<string> ApiKeys { get; } = [];

    public string? ScriptPath { get; private set; }

    public double? IdleTimeoutSeconds { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static DeepgramCommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = new DeepgramCommandLine();
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
                case "--idle-timeout-seconds":
                    parsed.IdleTimeoutSeconds = double.TryParse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture, out double idle) && double.IsFinite(idle) && idle > 0
                        ? idle
                        : throw new FormatException("--idle-timeout-seconds needs a positive number of seconds");
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

    public DeepgramEmulatorOptions ToEmulatorOptions(Action<DeepgramSessionRecord> sessionEnded)
    {
        var defaults = new DeepgramEmulatorOptions();
        return new DeepgramEmulatorOptions
        {
            Port = Port,
            UseTls = UseTls,
            CertificatePemOutputPath = CertificateOutputPath is null ? null : Path.GetFullPath(CertificateOutputPath),
            ApiKeys = ApiKeys.Count > 0 ? ApiKeys.ToArray() : defaults.ApiKeys,
            Script = ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(ScriptPath),
            IdleTimeout = IdleTimeoutSeconds is { } idle ? TimeSpan.FromSeconds(idle) : defaults.IdleTimeout,
            SessionEnded = sessionEnded,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new FormatException($"{args[i - 1]} needs a value");
}
