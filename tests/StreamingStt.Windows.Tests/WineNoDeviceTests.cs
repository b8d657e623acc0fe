// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.Audio.Capture.Windows;
using Xunit;

namespace StreamingStt.Windows.Tests;

/// <summary>
/// Windows with no recording device at all (Wine without an asoundrc), as on most CI runners:
/// listing is empty rather than failing, nothing is marked default, and opening the default
/// microphone is SttAudioDeviceUnavailable with a message that says so.
/// </summary>
public sealed class WineNoDeviceTests
{
    [WineNoDeviceFact]
    public void WasapiIsAvailableAndListsNothing()
    {
        var backend = new WasapiCaptureBackend();

        Assert.True(backend.IsAvailable);
        Assert.Empty(backend.ListDevices());
        Assert.Empty(WindowsCaptureTestSupport.OnThread(ApartmentState.STA, backend.ListDevices));
    }

    [WineNoDeviceFact]
    public void TheDefaultCaptureEndpointIsNotFound()
    {
        int hr = MtaWorker.Run(() =>
        {
            IMMDeviceEnumerator enumerator = WasapiCaptureBackend.CreateEnumerator();
            try
            {
                int result = enumerator.GetDefaultAudioEndpoint(WasapiInterop.eCapture, WasapiInterop.eConsole, out IMMDevice device);
                WasapiCaptureBackend.Release(device);
                return result;
            }
            finally
            {
                WasapiCaptureBackend.Release(enumerator);
            }
        });

        Assert.Equal(WindowsAudioFormats.E_NOTFOUND, hr);
        Assert.Equal("HRESULT 0x80070490 E_NOTFOUND", WindowsAudioFormats.HResultCode(hr));
    }

    [WineNoDeviceFact]
    public void WaveInListsNoMapperWithoutInputs()
    {
        var backend = new WaveInCaptureBackend();

        Assert.True(backend.IsAvailable);
        Assert.Empty(backend.ListDevices());
    }

    [WineNoDeviceFact]
    public void OpeningTheDefaultMicrophoneIsDeviceUnavailable()
    {
        Assert.Empty(AudioCapture.ListDevices());

        SttException error = Assert.Throws<SttException>(() => AudioCapture.Open(null, new MicrophoneOptions()));

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.Equal("No audio capture device was found (WASAPI). Connect a microphone, check it is enabled, or pass audio files with -Path.", error.Message);
        Assert.Equal("default", error.Target);
    }
}
