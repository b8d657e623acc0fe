// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.MacOS;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.MacOS;

/// <summary>The real CoreAudio HAL and AudioQueue: runs on macOS only; capture needs an input device.</summary>
public sealed class CoreAudioCaptureBackendTests
{
    [MacOSFact]
    public void IsAvailableAndListsInputDevicesConsistently()
    {
        var backend = new CoreAudioCaptureBackend();
        Assert.True(backend.IsAvailable);

        IReadOnlyList<AudioDevice> devices = backend.ListDevices();

        CaptureBackendAssert.ListingIsConsistent(devices, "CoreAudio");
        Assert.All(devices, d => Assert.True(d.Channels > 0, $"{d.Name} is listed without input channels."));
    }

    [MacOSFact]
    public void OpeningAnUnknownUidIsDeviceNotFound()
    {
        var backend = new CoreAudioCaptureBackend();
        var ghost = new AudioDevice(0, "Ghost Microphone", "StreamingStt.NoSuchDevice.UID", "CoreAudio", false, 1, 48000);

        SttException error = Assert.Throws<SttException>(() => backend.Open(ghost, new AudioCaptureRequest()));

        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Contains("'Ghost Microphone'", error.Message);
        Assert.EndsWith(".", error.Message);
    }

    [CaptureDeviceFact(Backend = "CoreAudio")]
    public void CapturesHalfASecondOfWholeFloatFramesFromTheDefaultDevice()
    {
        var backend = new CoreAudioCaptureBackend();
        IReadOnlyList<AudioDevice> devices = backend.ListDevices();
        AudioDevice device = devices.FirstOrDefault(d => d.IsDefault) ?? devices[0];

        IAudioCaptureStream stream = backend.Open(device, new AudioCaptureRequest());
        try
        {
            Assert.Equal(SampleEncoding.Float32, stream.Format.Encoding);
            Assert.Equal(Math.Min(device.Channels, 2), stream.Format.Channels);
            if (device.SampleRate > 0) Assert.Equal(device.SampleRate, stream.Format.SampleRate);

            long total = CaptureBackendAssert.CaptureFor(stream, TimeSpan.FromMilliseconds(500));
            Assert.True(total >= stream.Format.BytesPerSecond / 10, $"Only {total} bytes arrived from '{device.Name}' in 500 ms of {stream.Format}.");
            Assert.True(stream.Overruns >= 0);
        }
        finally
        {
            stream.Dispose();
            stream.Dispose();
        }
    }

    [CaptureDeviceFact(Backend = "CoreAudio")]
    public void DisposingAnOpenedButNeverStartedStreamIsQuiet()
    {
        var backend = new CoreAudioCaptureBackend();
        AudioDevice device = backend.ListDevices()[0];
        IAudioCaptureStream stream = backend.Open(device, new AudioCaptureRequest());

        stream.Dispose();
        stream.Dispose();

        Assert.Equal(0, stream.Read(new byte[4096], 0, 4096));
    }
}
