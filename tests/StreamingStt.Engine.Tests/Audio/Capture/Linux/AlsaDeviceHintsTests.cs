// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Capture.Linux;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Linux;

public sealed class AlsaDeviceHintsTests
{
    [Fact]
    public void DefaultComesFirstAndPlaybackOnlyAndNullAreLeftOut()
    {
        var devices = AlsaDeviceHints.ToDevices(new[]
        {
            new AlsaHint("null", "Discard all samples (playback) or generate zero samples (capture)", null),
            new AlsaHint("hw:CARD=PCH,DEV=0", "HDA Intel PCH, ALC3246 Analog\nDirect hardware device without any conversions", null),
            new AlsaHint("front:CARD=PCH,DEV=0", "HDA Intel PCH, ALC3246 Analog\nFront output / input", "Output"),
            new AlsaHint("default", "Default ALSA Output (currently PulseAudio Sound Server)", null),
            new AlsaHint("dsnoop:CARD=Mic,DEV=0", "USB Mic, USB Audio\nDirect sample snooping device", "Input"),
            new AlsaHint("hw:CARD=PCH,DEV=0", "duplicate", null),
        });

        Assert.Equal(new[] { "default", "hw:CARD=PCH,DEV=0", "dsnoop:CARD=Mic,DEV=0" }, devices.Select(d => d.Id));
        Assert.Equal(new[] { 0, 1, 2 }, devices.Select(d => d.Index));
        Assert.True(devices[0].IsDefault);
        Assert.False(devices[1].IsDefault);
        Assert.Equal("Default ALSA Output (currently PulseAudio Sound Server)", devices[0].Name);
        Assert.Equal("HDA Intel PCH, ALC3246 Analog (Direct hardware device without any conversions)", devices[1].Name);
        Assert.Equal("USB Mic, USB Audio / Direct sample snooping device", devices[2].Description);
        Assert.All(devices, d => Assert.Equal("ALSA", d.Backend));
    }

    [Fact]
    public void DefaultIsListedEvenWithoutAHint()
    {
        var devices = AlsaDeviceHints.ToDevices(Array.Empty<AlsaHint>());
        AudioDeviceAssert(devices.Single(), "default", "default");
    }

    private static void AudioDeviceAssert(AudioDevice device, string name, string id)
    {
        Assert.Equal(name, device.Name);
        Assert.Equal(id, device.Id);
        Assert.True(device.IsDefault);
    }
}
