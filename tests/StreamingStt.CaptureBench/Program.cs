// Copyright (c) StreamingStt contributors. MIT License.
//
// dotnet run --project tests/StreamingStt.CaptureBench -c Release -- [--runs N]
//
// Microphone sessions through the real ALSA backend against the in-process AssemblyAI emulator.
// The device is the ALSA file plugin behind a plug at 48 kHz, so every run captures at 48 kHz and
// resamples to the provider's 16 kHz like most USB microphones would. Prints, for each figure, min / median / max over the runs:
//   stop latency     RequestStop (Ctrl+C, Stop-SttSession) → capture stopped and the provider's
//                    stop message sent (the target: 200 ms)
//   stop → ended     RequestStop → session ended with the provider's last turns
//   duration error   audio sent minus the requested -Duration
//   CPU              process CPU time per second of captured audio, % of one core
//   allocations      managed bytes allocated per second of captured audio
using System.Diagnostics;
using System.Runtime.InteropServices;
using StreamingStt;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Session;

int runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
if (!OperatingSystem.IsLinux())
{
    Console.WriteLine("capture-bench: skipped (needs Linux: captures through ALSA's file plugin)");
    return 0;
}

string folder = Directory.CreateTempSubdirectory("stt-capture-bench-").FullName;
try
{
    const int rate = 48000;
    string input = Path.Combine(folder, "input.raw");
    using (var file = File.Create(input))
    {
        var frame = new byte[8];
        for (int i = 0; i < rate * 60; i++)
        {
            float value = (float)(0.25 * Math.Sin(2 * Math.PI * 440 * i / rate));
            BitConverter.TryWriteBytes(frame.AsSpan(0, 4), value);
            BitConverter.TryWriteBytes(frame.AsSpan(4, 4), value);
            file.Write(frame);
        }
    }
    // The plug layer presents the raw float file as a 48 kHz stereo FLOAT_LE device.
    Directory.CreateDirectory(Path.Combine(folder, "alsa"));
    File.WriteAllText(Path.Combine(folder, "alsa", "asoundrc"), $$"""
        pcm.benchfile {
            type file
            slave.pcm { type null }
            file "/dev/null"
            infile "{{input}}"
            format "raw"
        }
        pcm.!default {
            type plug
            slave { pcm "benchfile" format FLOAT_LE rate 48000 channels 2 }
        }
        """);
    if (Native.setenv("XDG_CONFIG_HOME", folder, 1) != 0) throw new InvalidOperationException("setenv failed");
    Native.snd_config_update_free_global();

    await using AssemblyAIEmulator emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
    var stopLatency = new List<double>();
    var stopToEnded = new List<double>();
    var durationError = new List<double>();
    var cpu = new List<double>();
    var allocations = new List<double>();
    string? format = null;

    for (int run = 0; run < runs; run++)
    {
        // 1. Stop: mid-speech, 1.2 s in.
        using (MicrophoneAudioSource microphone = AudioCapture.Open(null, new MicrophoneOptions()))
        using (var session = new SttSession(microphone, Options(emulator, null)))
        {
            format ??= microphone.Format.ToString();
            session.Start();
            Thread drain = Drain(session);
            // This thread polls; none of it runs on the thread pool, which the engine needs.
            while (session.AudioSent < TimeSpan.FromSeconds(1.2)) Thread.Sleep(5);
            var clock = Stopwatch.StartNew();
            session.RequestStop();
            while (session.State == SttSessionState.Streaming) Thread.Sleep(1);
            stopLatency.Add(clock.Elapsed.TotalMilliseconds);
            session.Completion.GetAwaiter().GetResult();
            stopToEnded.Add(clock.Elapsed.TotalMilliseconds);
            drain.Join();
        }

        // 2. -Duration 3 s, with CPU and allocations.
        using (MicrophoneAudioSource microphone = AudioCapture.Open(null, new MicrophoneOptions()))
        using (var session = new SttSession(microphone, Options(emulator, TimeSpan.FromSeconds(3))))
        {
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            session.Start();
            Drain(session).Join();
            session.Completion.GetAwaiter().GetResult();
            double seconds = microphone.CapturedAudio.TotalSeconds;
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds * 100);
            allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / seconds);
            durationError.Add((session.AudioSent - TimeSpan.FromSeconds(3)).TotalMilliseconds);
            if (session.Error is not null) throw session.Error;
        }
    }

    Console.WriteLine($"capture-bench: {runs} runs, ALSA device {format} → AssemblyAI emulator 16 kHz pcm_s16le (CPU and allocations include the in-process emulator)");
    Report("stop latency (RequestStop → stop message sent)", stopLatency, "ms");
    Report("stop → session ended with last turns", stopToEnded, "ms");
    Report("-Duration 3 s: audio sent minus requested", durationError, "ms");
    Report("CPU per second of audio (% of one core)", cpu, "%");
    Report("allocated per second of audio", allocations.Select(b => b / 1024).ToList(), "KiB");
    return 0;
}
finally
{
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

static SttSessionOptions Options(AssemblyAIEmulator emulator, TimeSpan? duration)
{
    var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key"), MaxAudioDuration = duration };
    options.AssemblyAI.Endpoint = emulator.WebSocketUri;
    return options;
}

// A consumer on its own thread, like a cmdlet's pipeline thread.
static Thread Drain(SttSession session)
{
    var thread = new Thread(() =>
    {
        while (!session.IsDrained) session.TryTake(out _, TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }) { IsBackground = true, Name = "consumer" };
    thread.Start();
    return thread;
}

static void Report(string name, List<double> values, string unit)
{
    values.Sort();
    Console.WriteLine($"  {name,-50} min {values[0],8:0.0} {unit}   median {values[values.Count / 2],8:0.0} {unit}   max {values[^1],8:0.0} {unit}");
}

static class Native
{
    [DllImport("libc", CharSet = CharSet.Ansi)] public static extern int setenv(string name, string value, int overwrite);
    [DllImport("libasound.so.2")] public static extern int snd_config_update_free_global();
}
