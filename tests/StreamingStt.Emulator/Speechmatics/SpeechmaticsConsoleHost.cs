// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Runtime.InteropServices;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// The console program with <c>--provider speechmatics</c>: the same contract as the AssemblyAI emulator (WS_URL=…,
/// HTTP_URL=…, CERT=… with --tls, then READY; runs until stdin ends or SIGTERM/SIGINT; one stderr line per session).
/// </summary>
internal static class SpeechmaticsConsoleHost
{
    public static async Task<int> RunAsync(CommandLineOptions commandLine)
    {
        if (commandLine.LeadSeconds is not null || commandLine.MaxSessionSeconds is not null)
        {
            Console.Error.WriteLine("error: --lead-seconds and --max-session-seconds apply to --provider assemblyai only");
            return 2;
        }

        SpeechmaticsEmulatorOptions options;
        try
        {
            options = new SpeechmaticsEmulatorOptions
            {
                Port = commandLine.Port,
                UseTls = commandLine.UseTls,
                CertificatePemOutputPath = commandLine.CertificateOutputPath is null ? null : Path.GetFullPath(commandLine.CertificateOutputPath),
                ApiKeys = commandLine.ApiKeys.Count > 0 ? commandLine.ApiKeys.ToArray() : new SpeechmaticsEmulatorOptions().ApiKeys,
                Script = commandLine.ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(commandLine.ScriptPath),
                SessionEnded = LogSessionEnd,
            };
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot load the script: {e.Message}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        SpeechmaticsEmulator emulator;
        try
        {
            emulator = await SpeechmaticsEmulator.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
            return 1;
        }

        await using var running = emulator;
        Console.Out.WriteLine($"WS_URL={emulator.WebSocketUri}");
        Console.Out.WriteLine($"HTTP_URL={emulator.HttpBaseUri.ToString().TrimEnd('/')}");
        if (emulator.CertificatePemPath is not null)
        {
            Console.Out.WriteLine($"CERT={emulator.CertificatePemPath}");
        }

        Console.Out.WriteLine("READY");
        Console.Out.Flush();

        var stdinClosed = Console.OpenStandardInput().CopyToAsync(Stream.Null, stop.Token);
        try
        {
            await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Signalled.
        }

        Console.Error.WriteLine("emulator: stopping");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // shut down cleanly instead of being killed
            stop.Cancel();
        }
    }

    private static void LogSessionEnd(SpeechmaticsSessionRecord s)
    {
        string close = s.CloseStatus is { } code ? code.ToString(CultureInfo.InvariantCulture) : "-";
        string dropped = s.ConnectionDropped ? " dropped" : string.Empty;
        string bug = s.InternalError is null ? string.Empty : " INTERNAL ERROR: " + s.InternalError;
        // AudioAdded is one per frame: count it instead of listing it.
        var server = s.ServerMessageTypes.Where(t => t != "AudioAdded");
        Console.Error.WriteLine(FormattableString.Invariant(
            $"emulator: speechmatics session {s.Index} path={s.Path} auth={s.AuthMethod} accepted={s.Authenticated} frames={s.AudioFramesReceived} acks={s.AudioAddedSent} last_seq_no={s.LastSeqNo?.ToString(CultureInfo.InvariantCulture) ?? "-"} audio={s.AudioSecondsReceived:F2}s client=[{string.Join(',', s.ClientMessageTypes)}] server=[{string.Join(',', server)}] close={close} '{s.CloseReason}'{dropped}{bug}"));
    }
}
