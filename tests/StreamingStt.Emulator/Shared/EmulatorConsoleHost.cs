// Copyright (c) StreamingStt contributors. MIT License.

using System.Runtime.InteropServices;

namespace StreamingStt.Emulator;

/// <summary>
/// The console contract every provider's program keeps: start the emulator (exit code 1 when the port cannot be
/// bound), print its address lines, <c>CERT=…</c> with TLS and <c>READY</c>, run until stdin ends or SIGTERM/SIGINT,
/// then print <c>emulator: stopping</c> and exit with 0.
/// </summary>
internal static class EmulatorConsoleHost
{
    /// <param name="port">The requested port, for the error message when it cannot be bound.</param>
    /// <param name="startAsync">Starts the emulator.</param>
    /// <param name="addressLines">The <c>KEY=value</c> lines printed before <c>CERT=…</c>, e.g. <c>WS_URL=…</c>.</param>
    /// <param name="certificatePemPath">The emulator's PEM file, or null without TLS.</param>
    public static async Task<int> RunUntilStoppedAsync<TEmulator>(
        int port,
        Func<CancellationToken, Task<TEmulator>> startAsync,
        Func<TEmulator, IEnumerable<string>> addressLines,
        Func<TEmulator, string?> certificatePemPath)
        where TEmulator : IAsyncDisposable
    {
        using var stop = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        TEmulator emulator;
        try
        {
            emulator = await startAsync(stop.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{port}: {e.Message}");
            return 1;
        }

        await using var running = emulator;
        foreach (string line in addressLines(emulator))
        {
            Console.Out.WriteLine(line);
        }

        if (certificatePemPath(emulator) is { } pemPath)
        {
            Console.Out.WriteLine($"CERT={pemPath}");
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
}
