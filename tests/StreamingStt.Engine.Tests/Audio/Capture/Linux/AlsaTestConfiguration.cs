// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.InteropServices;
using System.Text;

namespace StreamingStt.Engine.Tests.Audio.Capture.Linux;

/// <summary>
/// A private ALSA configuration for this test process: alsa.conf loads
/// $XDG_CONFIG_HOME/alsa/asoundrc, so the tests point XDG_CONFIG_HOME at a temporary folder and
/// make ALSA re-read its configuration. Capture devices there are the ALSA `file` plugin reading
/// a raw file (byte-exact, no daemon, no sound card). Restores the environment on Dispose.
/// </summary>
internal sealed class AlsaTestConfiguration : IDisposable
{
    private readonly string? _previous;

    public AlsaTestConfiguration(string asoundrc)
    {
        Folder = Directory.CreateTempSubdirectory("stt-alsa-").FullName;
        Directory.CreateDirectory(Path.Combine(Folder, "xdg", "alsa"));
        File.WriteAllText(Path.Combine(Folder, "xdg", "alsa", "asoundrc"), asoundrc.Replace("$DIR", Folder));
        _previous = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        // .NET keeps its own copy of the environment; libasound reads the C one.
        SetNativeEnvironment("XDG_CONFIG_HOME", Path.Combine(Folder, "xdg"));
        snd_config_update_free_global();
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>An asoundrc whose "sttfile" device (also the default) captures <c>$DIR/input.raw</c>, plus a hinted device that cannot open.</summary>
    public static string FileDevice(string description = "StreamingStt test microphone") => $$"""
        pcm.sttfile {
            type file
            slave.pcm "null"
            file "/dev/null"
            infile "$DIR/input.raw"
            format "raw"
            hint {
                show on
                description "{{description}}"
            }
        }
        pcm.broken {
            type hw
            card 7
            hint.description "Broken test device"
        }
        pcm.!default sttfile
        """;

    public void Dispose()
    {
        if (_previous is null) unsetenv("XDG_CONFIG_HOME");
        else SetNativeEnvironment("XDG_CONFIG_HOME", _previous);
        snd_config_update_free_global();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void SetNativeEnvironment(string name, string value)
    {
        if (setenv(name, value, 1) != 0) throw new InvalidOperationException("setenv failed for " + name);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)] private static extern int setenv(string name, string value, int overwrite);
    [DllImport("libc", CharSet = CharSet.Ansi)] private static extern int unsetenv(string name);
    [DllImport("libasound.so.2")] private static extern int snd_config_update_free_global();
}

/// <summary>A Linux test that also needs espeak-ng (installed by .ci/run) to synthesize speech.</summary>
public sealed class EspeakFactAttribute : Xunit.FactAttribute
{
    public EspeakFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Needs Linux: drives libasound through the ALSA file plugin.";
        else if (!Espeak.IsInstalled) Skip = "Needs espeak-ng on PATH to synthesize speech (apt-get install espeak-ng; .ci/run installs it).";
    }
}

internal static class Espeak
{
    public static bool IsInstalled => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, "espeak-ng")));

    /// <summary>Speaks <paramref name="text"/> into a WAV file (espeak-ng's output is identical on every run).</summary>
    public static void Speak(string text, string wavPath)
    {
        var start = new System.Diagnostics.ProcessStartInfo("espeak-ng") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-v", "en-us", "-s", "150", "-w", wavPath, text }) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {errors}");
    }
}
