// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;

namespace StreamingStt.LoadBench;

/// <summary>One emulator console program (tests/StreamingStt.Emulator), running until its stdin closes.</summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, string> _values = new();

    private EmulatorProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string this[string name] => _values.TryGetValue(name, out string? value) ? value : throw new InvalidOperationException($"the emulator printed no {name}=");

    public static EmulatorProcess Start(string emulatorDll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(emulatorDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator");
        var emulator = new EmulatorProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null && e.Data.Contains("ERROR", StringComparison.Ordinal)) Console.Error.WriteLine("emulator: " + e.Data); };
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            string? line = process.StandardOutput.ReadLine();
            if (line is null) throw new InvalidOperationException($"the emulator ({string.Join(' ', args)}) exited before READY");
            if (line == "READY") return emulator;
            int equals = line.IndexOf('=');
            if (equals > 0) emulator._values[line[..equals]] = line[(equals + 1)..];
        }
        throw new TimeoutException("the emulator was not READY within 120 s");
    }

    public double CpuMilliseconds() => ProcessMeter.CpuMilliseconds(_process.Id);

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10000)) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
