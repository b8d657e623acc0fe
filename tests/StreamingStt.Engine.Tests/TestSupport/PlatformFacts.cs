// Copyright (c) StreamingStt contributors. MIT License.
using System.Linq;
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>A test of the Windows capture APIs: runs on Windows (GitHub Actions), skipped with the reason elsewhere.</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows()) Skip = "Needs Windows: exercises the WASAPI / WinMM capture APIs (runs in the GitHub Actions Windows jobs).";
    }
}

/// <summary>A test of the real ALSA backend (libasound): runs on Linux (.ci/run, the Ubuntu job), skipped with the reason elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Needs Linux: drives libasound through the ALSA file plugin (runs in .ci/run and the Ubuntu job).";
    }
}

/// <summary>A test of CoreAudio / AudioToolbox: runs on macOS (GitHub Actions), skipped with the reason elsewhere.</summary>
public sealed class MacOSFactAttribute : FactAttribute
{
    public MacOSFactAttribute()
    {
        if (!OperatingSystem.IsMacOS()) Skip = "Needs macOS: exercises CoreAudio / AudioToolbox (runs in the GitHub Actions macOS job).";
    }
}

/// <summary>
/// A test that opens a real capture device of <see cref="Backend"/>: skipped, with the reason,
/// where that backend does not run or lists no device (CI runners have no microphone).
/// </summary>
public sealed class CaptureDeviceFactAttribute : FactAttribute
{
    private string _backend = string.Empty;

    public string Backend
    {
        get => _backend;
        set
        {
            _backend = value;
            Skip = WhyNot(value);
        }
    }

    private static string? WhyNot(string backendName)
    {
        IAudioCaptureBackend? backend = AudioCaptureBackends.ForCurrentPlatform().FirstOrDefault(b => b.Name == backendName);
        if (backend is null || !backend.IsAvailable) return $"Needs the {backendName} capture backend, which does not run on this OS.";
        try
        {
            return backend.ListDevices().Count == 0 ? $"Needs a {backendName} capture device: this machine has none (no microphone)." : null;
        }
        catch (StreamingStt.SttException ex)
        {
            return $"Needs a working {backendName} capture device: listing failed ({ex.Message}).";
        }
    }
}
