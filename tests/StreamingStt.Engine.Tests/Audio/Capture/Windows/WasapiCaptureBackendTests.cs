// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>The real MMDevice / WASAPI APIs: run on Windows only; capture needs a recording device.</summary>
public sealed class WasapiCaptureBackendTests
{
    [WindowsFact]
    public void EnumeratorIsAvailableAndListingIsConsistent()
    {
        var backend = new WasapiCaptureBackend();
        Assert.True(backend.IsAvailable);

        IReadOnlyList<AudioDevice> devices = backend.ListDevices();

        CaptureBackendAssert.ListingIsConsistent(devices, "WASAPI");
    }

    [WindowsFact]
    public void ListingFromAnStaThreadMatchesTheMta()
    {
        var backend = new WasapiCaptureBackend();

        IReadOnlyList<AudioDevice> fromSta = WindowsCaptureTestSupport.OnThread(ApartmentState.STA, backend.ListDevices);
        IReadOnlyList<AudioDevice> fromMta = WindowsCaptureTestSupport.OnThread(ApartmentState.MTA, backend.ListDevices);

        Assert.Equal(fromMta.Select(d => d.Id), fromSta.Select(d => d.Id));
    }

    [WindowsFact]
    public void OpeningAMadeUpIdIsDeviceNotFound()
    {
        var backend = new WasapiCaptureBackend();
        var ghost = new AudioDevice(0, "Ghost Microphone", "{0.0.1.00000000}.{6d1c2f5e-0000-4000-8000-000000000bad}", "WASAPI", false, 2, 48000);

        SttException error = Assert.Throws<SttException>(() => backend.Open(ghost, new AudioCaptureRequest()));

        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Contains("'Ghost Microphone'", error.Message);
        Assert.Contains("HRESULT 0x", error.Message);
        Assert.EndsWith(".", error.Message);
        Assert.Equal("Ghost Microphone", error.Target);
    }

    [CaptureDeviceFact(Backend = "WASAPI")]
    public void CapturesHalfASecondOfWholeBlocksFromTheDefaultDevice()
    {
        var backend = new WasapiCaptureBackend();
        IReadOnlyList<AudioDevice> devices = backend.ListDevices();
        AudioDevice device = devices.FirstOrDefault(d => d.IsDefault) ?? devices[0];

        IAudioCaptureStream stream = backend.Open(device, new AudioCaptureRequest());
        try
        {
            AssertSaneMixFormat(device, stream.Format);
            Assert.Throws<InvalidOperationException>(() => stream.Read(new byte[stream.Format.BlockAlign * 10], 0, stream.Format.BlockAlign * 10));

            long total = CaptureBackendAssert.CaptureFor(stream, TimeSpan.FromMilliseconds(500));

            Assert.True(total >= stream.Format.BytesPerSecond / 10, $"Only {total} bytes arrived in 500 ms of {stream.Format}.");
            Assert.True(stream.Overruns >= 0);
        }
        finally
        {
            stream.Dispose();
            stream.Dispose(); // idempotent
        }
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[64], 0, stream.Format.BlockAlign));
    }

    /// <summary>The PowerShell 5.1 path: opened on an STA pipeline thread, read on the shared layer's plain background thread, disposed back on the STA.</summary>
    [CaptureDeviceFact(Backend = "WASAPI")]
    public void OpenedOnAnStaThreadCapturesOnABackgroundThread()
    {
        var backend = new WasapiCaptureBackend();
        IAudioCaptureStream stream = WindowsCaptureTestSupport.OnThread(ApartmentState.STA, () =>
        {
            IReadOnlyList<AudioDevice> devices = backend.ListDevices();
            return backend.Open(devices.FirstOrDefault(d => d.IsDefault) ?? devices[0], new AudioCaptureRequest());
        });
        try
        {
            long total = 0;
            Exception? failure = null;
            var capture = new Thread(() =>
            {
                try
                {
                    total = CaptureBackendAssert.CaptureFor(stream, TimeSpan.FromMilliseconds(300));
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            })
            { IsBackground = true };
            capture.Start();
            Assert.True(capture.Join(TimeSpan.FromSeconds(10)));
            Assert.Null(failure);
            Assert.True(total > 0, "No audio arrived in 300 ms.");
        }
        finally
        {
            WindowsCaptureTestSupport.OnThread(ApartmentState.STA, () =>
            {
                stream.Dispose();
                return true;
            });
        }
    }

    private static void AssertSaneMixFormat(AudioDevice device, AudioFormat format)
    {
        Assert.InRange(format.SampleRate, 8000, 384000);
        Assert.InRange(format.Channels, 1, 32);
        Assert.Contains(format.Encoding, new[] { SampleEncoding.Float32, SampleEncoding.Pcm16, SampleEncoding.Pcm24, SampleEncoding.Pcm32 });
        if (device.SampleRate > 0) Assert.Equal(device.SampleRate, format.SampleRate);
        if (device.Channels > 0) Assert.Equal(device.Channels, format.Channels);
    }
}
