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

        Assert.Equal(Enumerable.Range(0, devices.Count), devices.Select(d => d.Index));
        Assert.True(devices.Count(d => d.IsDefault) <= 1);
        Assert.All(devices, d =>
        {
            Assert.Equal("CoreAudio", d.Backend);
            Assert.False(string.IsNullOrEmpty(d.Id));
            Assert.False(string.IsNullOrEmpty(d.Name));
            Assert.True(d.Channels > 0, $"{d.Name} is listed without input channels.");
            Assert.True(d.SampleRate >= 0);
        });
        Assert.Equal(devices.Count, devices.Select(d => d.Id).Distinct().Count());
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

            stream.Start();
            int wanted = stream.Format.BytesPerSecond / 2;
            var buffer = new byte[stream.Format.BlockAlign * 1000 + 3]; // odd size: reads must still be whole frames
            int total = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (total < wanted && DateTime.UtcNow < deadline)
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                Assert.Equal(0, read % stream.Format.BlockAlign);
                total += read;
            }
            Assert.True(total >= wanted, $"Captured {total} bytes from '{device.Name}' in 10 s; expected {wanted}.");
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
