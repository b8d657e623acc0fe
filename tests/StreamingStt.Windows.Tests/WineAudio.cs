// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.CompilerServices;
using Xunit;

namespace StreamingStt.Windows.Tests;

/// <summary>
/// The audio tests/Wine/run.sh gave this run. STT_WINE_AUDIO=feed: an asoundrc makes the ALSA
/// `file` plugin Wine's only capture device ("In: default"), playing STT_WINE_FEED, a raw float32
/// stereo 48 kHz file (Wine's mix format, so the bytes reach WASAPI unconverted). STT_WINE_AUDIO=none:
/// no asoundrc, so Wine has no capture device at all.
/// </summary>
internal static class WineAudio
{
    public const string SetupVariable = "STT_WINE_AUDIO";
    public const string FeedVariable = "STT_WINE_FEED";

    /// <summary>The name winealsa gives the ALSA "default" PCM.</summary>
    public const string DeviceName = "In: default";

    public static string? Setup => Environment.GetEnvironmentVariable(SetupVariable);

    public static byte[] ReadFeed()
    {
        string path = Environment.GetEnvironmentVariable(FeedVariable)
            ?? throw new InvalidOperationException($"{FeedVariable} is not set.");
        return File.ReadAllBytes(path);
    }

    /// <summary>Why a test of <paramref name="setup"/> cannot run here; null when it can.</summary>
    public static string? WhyNot(string setup)
    {
        const string how = "tests/Wine/run.sh sets it up";
        if (!OperatingSystem.IsWindows()) return $"Needs Windows (Wine): drives WASAPI and waveIn against Wine's ALSA driver ({how}).";
        if (!string.Equals(Setup, setup, StringComparison.Ordinal))
        {
            return setup == "feed"
                ? $"Needs Wine with the ALSA file plugin as its microphone: {SetupVariable}=feed and {FeedVariable} naming the fed file ({how})."
                : $"Needs Wine without any capture device: {SetupVariable}=none and no asoundrc ({how}).";
        }
        if (setup == "feed" && !File.Exists(Environment.GetEnvironmentVariable(FeedVariable) ?? string.Empty))
        {
            return $"Needs the fed file that {FeedVariable} names ({how}).";
        }
        return null;
    }
}

/// <summary>A test against Wine's fed microphone (STT_WINE_AUDIO=feed); skipped with the reason elsewhere.</summary>
public sealed class WineFeedFactAttribute : FactAttribute
{
    public WineFeedFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = WineAudio.WhyNot("feed");
    }
}

/// <summary>A test of Wine without a capture device (STT_WINE_AUDIO=none); skipped with the reason elsewhere.</summary>
public sealed class WineNoDeviceFactAttribute : FactAttribute
{
    public WineNoDeviceFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = WineAudio.WhyNot("none");
    }
}
