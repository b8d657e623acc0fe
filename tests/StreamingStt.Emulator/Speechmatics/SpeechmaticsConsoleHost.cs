// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

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
            SpeechmaticsFault? fault = commandLine.Fault?.ToSpeechmaticsFault();
            options = new SpeechmaticsEmulatorOptions
            {
                Port = commandLine.Port,
                UseTls = commandLine.UseTls,
                CertificatePemOutputPath = commandLine.CertificateOutputPath is null ? null : Path.GetFullPath(commandLine.CertificateOutputPath),
                ApiKeys = commandLine.ApiKeys.Count > 0 ? commandLine.ApiKeys.ToArray() : new SpeechmaticsEmulatorOptions().ApiKeys,
                Script = commandLine.ScriptPath is null ? EmulatorScript.Default : EmulatorScript.Load(commandLine.ScriptPath),
                Fault = fault is not null && commandLine.FaultSessions > 0 ? fault.InFirstSessions(commandLine.FaultSessions) : fault,
                ScriptFollowsAudioPosition = commandLine.FollowAudioPosition,
                StreamingRedirect = commandLine.StreamingRedirect,
                MaxConcurrentSessions = commandLine.MaxConcurrentSessions,
                TokenRedirect = commandLine.TokenRedirect,
                SessionEnded = LogSessionEnd,
            };
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot load the script or --fault: {e.Message}");
            return 2;
        }

        return await EmulatorConsoleHost.RunUntilStoppedAsync(
            options.Port,
            stopping => SpeechmaticsEmulator.StartAsync(options, stopping),
            emulator => [$"WS_URL={emulator.WebSocketUri}", $"HTTP_URL={emulator.HttpBaseUri.ToString().TrimEnd('/')}"],
            emulator => emulator.CertificatePemPath).ConfigureAwait(false);
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
