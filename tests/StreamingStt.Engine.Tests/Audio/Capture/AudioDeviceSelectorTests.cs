// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture;

public sealed class AudioDeviceSelectorTests
{
    private static readonly IReadOnlyList<AudioDevice> Devices = new[]
    {
        new AudioDevice(0, "Microphone (Realtek Audio)", "{0.0.1.00000000}.{aaa}", "WASAPI", isDefault: false, 2, 48000),
        new AudioDevice(1, "Headset Microphone (USB Audio)", "{0.0.1.00000000}.{bbb}", "WASAPI", isDefault: true, 1, 16000),
        new AudioDevice(2, "Line In (USB Audio)", "{0.0.1.00000000}.{ccc}", "WASAPI", isDefault: false, 2, 44100),
    };

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("2", 2)]
    [InlineData("0", 0)]
    [InlineData("{0.0.1.00000000}.{ccc}", 2)]
    [InlineData("microphone (realtek audio)", 0)]
    [InlineData("*USB*", 1)]           // two match: the default wins
    [InlineData("Line*", 2)]
    [InlineData("[LM]i*", 0)]          // first in order when the default is not among them
    [InlineData("Realtek", 0)]         // a unique part of a name
    [InlineData("{0.0.1.00000000}.{BBB}", 1)] // ids case-insensitively as a last resort
    public void FindsTheDevice(string? selector, int expectedIndex)
    {
        Assert.Equal(expectedIndex, AudioDeviceSelector.Select(Devices, selector, "WASAPI").Index);
    }

    [Fact]
    public void WithoutADefaultTheFirstDeviceIsUsed()
    {
        var devices = new[] { new AudioDevice(0, "a", "a", "ALSA", false, 0, 0), new AudioDevice(1, "b", "b", "ALSA", false, 0, 0) };
        Assert.Equal("a", AudioDeviceSelector.Select(devices, null, "ALSA").Name);
    }

    [Theory]
    [InlineData("7", "No capture device has index 7")]
    [InlineData("Studio*", "No capture device matches 'Studio*'")]
    [InlineData("Webcam", "No capture device is named 'Webcam'")]
    [InlineData("USB", "'USB' is part of 2 device names")]
    public void NoMatchIsAudioDeviceNotFoundListingTheDevices(string selector, string expected)
    {
        SttException error = Assert.Throws<SttException>(() => AudioDeviceSelector.Select(Devices, selector, "WASAPI"));
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Equal("SttAudioDeviceNotFound", error.ErrorId);
        Assert.StartsWith(expected, error.Message);
        Assert.Contains("[0] Microphone (Realtek Audio)", error.Message);
        Assert.Contains("[1] Headset Microphone (USB Audio)", error.Message);
        Assert.Contains("default", error.Message);
        Assert.Contains("AudioCapture.ListDevices()", error.Message); // Get-SttAudioDevice to a cmdlet user
        Assert.Equal(selector, error.Target);
    }

    [Fact]
    public void NoDevicesAtAllIsAudioDeviceUnavailable()
    {
        SttException error = Assert.Throws<SttException>(() => AudioDeviceSelector.Select(Array.Empty<AudioDevice>(), null, "ALSA"));
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Contains("No audio capture device was found (ALSA)", error.Message);
    }

    [Theory]
    [InlineData("a*c", "abc", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "abbc", false)]
    [InlineData("[ab]x", "bx", true)]
    [InlineData("[a-c]x", "cx", true)]
    [InlineData("a.c", "abc", false)]      // regex characters are literal
    [InlineData("(x)*", "(x) mic", true)]
    [InlineData("a`*", "a*", true)]        // backtick escapes
    [InlineData("a`*", "ab", false)]
    [InlineData("ABC", "abc", true)]
    public void WildcardsFollowPowerShell(string pattern, string text, bool matches)
    {
        Assert.Equal(matches, AudioDeviceSelector.WildcardToRegex(pattern).IsMatch(text));
    }
}
