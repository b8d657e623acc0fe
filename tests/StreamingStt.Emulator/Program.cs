// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using StreamingStt.Emulator;

// Runs the emulator until stdin reaches end of file or SIGTERM/SIGINT arrives. The first lines on stdout are the
// contract with scripts: WS_URL=…, HTTP_URL=…, CERT=… (with --tls), then READY.
// --provider deepgram hands every other argument to the Deepgram emulator, whose options differ.
int deepgramAt = Array.IndexOf(args, "deepgram");
if (deepgramAt > 0 && args[deepgramAt - 1] == "--provider")
{
    return await StreamingStt.Emulator.Deepgram.DeepgramProgram.RunAsync(args.Where((_, i) => i != deepgramAt - 1 && i != deepgramAt).ToArray());
}

// --provider picks the emulated service (assemblyai by default, or speechmatics); the other options are shared.
string provider = "assemblyai";
int providerAt = Array.IndexOf(args, "--provider");
if (providerAt >= 0)
{
    provider = providerAt + 1 < args.Length ? args[providerAt + 1] : string.Empty;
    args = args.Where((_, i) => i != providerAt && i != providerAt + 1).ToArray();
}

if (provider is not ("assemblyai" or "speechmatics"))
{
    Console.Error.WriteLine($"error: --provider needs assemblyai, deepgram or speechmatics, not '{provider}'");
    return 2;
}

CommandLineOptions commandLine;
try
{
    commandLine = CommandLineOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(CommandLineOptions.Usage);
    return 2;
}

if (commandLine.ShowHelp)
{
    Console.WriteLine(CommandLineOptions.Usage);
    return 0;
}

if (provider == "speechmatics")
{
    return await StreamingStt.Emulator.Speechmatics.SpeechmaticsConsoleHost.RunAsync(commandLine);
}

AssemblyAIEmulatorOptions options;
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
    stopping => AssemblyAIEmulator.StartAsync(options, stopping),
    emulator => [$"WS_URL={emulator.WebSocketUri}", $"HTTP_URL={emulator.HttpBaseUri.ToString().TrimEnd('/')}"],
    emulator => emulator.CertificatePemPath);

static void LogSessionEnd(EmulatorSessionRecord s)
{
    string close = s.CloseStatus is { } code ? code.ToString(CultureInfo.InvariantCulture) : "-";
    string dropped = s.ConnectionDropped ? " dropped" : string.Empty;
    string bug = s.InternalError is null ? string.Empty : " INTERNAL ERROR: " + s.InternalError;
    Console.Error.WriteLine(FormattableString.Invariant(
        $"emulator: session {s.Index} model={s.SpeechModel ?? "-"} auth={s.AuthMethod} frames={s.AudioFramesReceived} audio={s.AudioSecondsReceived:F2}s client=[{string.Join(',', s.ClientMessageTypes)}] server=[{string.Join(',', s.ServerMessageTypes)}] close={close} '{s.CloseReason}'{dropped}{bug}"));
}
