// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// The console program with <c>--provider deepgram</c>: runs a <see cref="DeepgramEmulator"/> until stdin reaches end
/// of file or SIGTERM/SIGINT arrives. The first lines on stdout are the contract with scripts: WS_URL=…, BASE_URL=…,
/// HTTP_URL=…, CERT=… (with --tls), then READY.
/// </summary>
internal static class DeepgramProgram
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        DeepgramCommandLine commandLine;
        try
        {
            commandLine = DeepgramCommandLine.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(DeepgramCommandLine.Usage);
            return 2;
        }

        if (commandLine.ShowHelp)
        {
            Console.WriteLine(DeepgramCommandLine.Usage);
            return 0;
        }

        DeepgramEmulatorOptions options;
        try
        {
            options = commandLine.ToEmulatorOptions(LogSessionEnd);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot load the script or --fault: {e.Message}");
            return 2;
        }

        return await EmulatorConsoleHost.RunUntilStoppedAsync(
            options.Port,
            stopping => DeepgramEmulator.StartAsync(options, stopping),
            emulator =>
            [
                $"WS_URL={emulator.WebSocketUri}",
                $"BASE_URL={emulator.BaseUri.ToString().TrimEnd('/')}",
                $"HTTP_URL={emulator.HttpBaseUri.ToString().TrimEnd('/')}",
            ],
            emulator => emulator.CertificatePemPath);
    }

    private static void LogSessionEnd(DeepgramSessionRecord s)
    {
        string close = s.CloseStatus is { } code ? code.ToString(CultureInfo.InvariantCulture) : "-";
        string dropped = s.ConnectionDropped ? " dropped" : string.Empty;
        string faults = s.ClientFaults.Count == 0 ? string.Empty : " CLIENT FAULTS: " + string.Join("; ", s.ClientFaults);
        string bug = s.InternalError is null ? string.Empty : " INTERNAL ERROR: " + s.InternalError;
        Console.Error.WriteLine(FormattableString.Invariant(
            $"emulator: session {s.Index} upgrade={s.UpgradeStatus} model={s.Model ?? "-"} auth={s.AuthMethod} frames={s.AudioFramesReceived} audio={s.AudioSecondsReceived:F2}s client=[{string.Join(',', s.ClientMessageTypes)}] server=[{string.Join(',', s.ServerMessageTypes)}] close={close} '{s.CloseReason}'{dropped}{faults}{bug}"));
    }
}
