// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>The real WinMM waveIn API: runs on Windows only; capture needs a recording device.</summary>
public sealed class WaveInCaptureBackendTests
{
    [WindowsFact]
    public void IsAvailableAndListsTheMapperFirstWhenThereAreInputs()
    {
        var backend = new WaveInCaptureBackend();
        Assert.True(backend.IsAvailable);

        IReadOnlyList<AudioDevice> devices = backend.ListDevices();

        CaptureBackendAssert.ListingIsConsistent(devices, "WaveIn");
        if (devices.Count == 0) return; // no input at all: nothing else to check (the capture test skips)
        Assert.Equal("waveIn:mapper", devices[0].Id);
        Assert.Equal("Default (WinMM wave mapper)", devices[0].Name);
        Assert.True(devices[0].IsDefault);
        Assert.Single(devices, d => d.IsDefault);
        Assert.All(devices, d => Assert.Equal("WaveIn", d.Backend));
        Assert.All(devices.Skip(1), d => Assert.InRange(d.Name.Length, 1, 31));
        Assert.Equal(devices.Skip(1).Select((_, i) => "waveIn:" + i), devices.Skip(1).Select(d => d.Id));
    }

    [WindowsFact]
    public void OpeningAMadeUpIdIsDeviceNotFound()
    {
        var backend = new WaveInCaptureBackend();

        foreach (string id in new[] { "waveIn:999", "{0.0.1.00000000}.{not-a-wavein-id}" })
        {
            var ghost = new AudioDevice(0, "Ghost Microphone", id, "WaveIn", false, 1, 0);
            SttException error = Assert.Throws<SttException>(() => backend.Open(ghost, new AudioCaptureRequest()));
            Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
            Assert.Contains("'Ghost Microphone'", error.Message);
            Assert.EndsWith(".", error.Message);
        }
    }

    [CaptureDeviceFact(Backend = "WaveIn")]
    public void CapturesHalfASecondOfWholeBlocksFromTheWaveMapper()
    {
        var backend = new WaveInCaptureBackend();
        AudioDevice mapper = backend.ListDevices()[0];
        var request = new AudioCaptureRequest { PreferredSampleRate = 16000, PreferredChannels = 1 };

        IAudioCaptureStream stream = backend.Open(mapper, request);
        try
        {
            Assert.Equal(SampleEncoding.Pcm16, stream.Format.Encoding);
            Assert.Contains(stream.Format, WaveInCaptureBackend.CandidateFormats(request));

            long total = CaptureBackendAssert.CaptureFor(stream, TimeSpan.FromMilliseconds(500));

            Assert.True(total >= stream.Format.BytesPerSecond / 10, $"Only {total} bytes arrived in 500 ms of {stream.Format}.");
        }
        finally
        {
            stream.Dispose();
            stream.Dispose(); // idempotent
        }
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[64], 0, 64));
    }

    [CaptureDeviceFact(Backend = "WaveIn")]
    public void OpensEveryListedInput()
    {
        var backend = new WaveInCaptureBackend();
        foreach (AudioDevice device in backend.ListDevices())
        {
            using IAudioCaptureStream stream = backend.Open(device, new AudioCaptureRequest());
            Assert.Equal(SampleEncoding.Pcm16, stream.Format.Encoding);
        }
    }
}
