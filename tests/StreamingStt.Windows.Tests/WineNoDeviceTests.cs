// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.InteropServices;
using NAudio.CoreAudioApi;
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

    /// <summary>NAudio's GetDefaultAudioEndpoint throws COMException E_NOTFOUND here; the listing reads that as "no default".</summary>
    [WineNoDeviceFact]
    public void TheDefaultCaptureEndpointIsNotFound()
    {
        (COMException error, string? defaultId) = MtaWorker.Run(() =>
        {
            using MMDeviceEnumerator enumerator = WasapiCaptureBackend.CreateEnumerator();
            COMException thrown = Assert.Throws<COMException>(() => enumerator.GetDefaultAudioEndpoint(DataFlow.Capture, Role.Console));
            return (thrown, WasapiCaptureBackend.ReadDefaultCaptureId(enumerator));
        });

        Assert.Equal(WindowsAudioFormats.E_NOTFOUND, error.HResult);
        Assert.Equal("HRESULT 0x80070490 E_NOTFOUND", WindowsAudioFormats.HResultCode(error.HResult));
        Assert.Null(defaultId);
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
        Assert.Equal("No audio capture device was found (WASAPI). Connect a microphone, check it is enabled, or pass audio files with AudioFileOpener.Open.", error.Message);
        Assert.Equal("default", error.Target);
    }
}
