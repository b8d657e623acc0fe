// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>The platform-independent pieces of the WASAPI and WinMM backends; these run on every OS.</summary>
public sealed class WindowsAudioFormatsTests
{
    private static readonly Guid SubtypePcm = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid SubtypeFloat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>A WAVEFORMATEX as Windows lays it out (little-endian, 18 bytes with cbSize = 0).</summary>
    private static byte[] WaveFormatEx(ushort tag, int channels, int rate, int bits, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * bits / 8;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(tag);
        writer.Write((ushort)channels);
        writer.Write((uint)rate);
        writer.Write((uint)(rate * align));
        writer.Write((ushort)align);
        writer.Write((ushort)bits);
        writer.Write((ushort)0);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>A WAVEFORMATEXTENSIBLE: WAVEFORMATEX with cbSize 22, valid bits, channel mask, sub-format GUID.</summary>
    private static byte[] Extensible(int channels, int rate, int containerBits, int validBits, Guid subFormat, uint channelMask = 0x3)
    {
        int align = channels * containerBits / 8;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((ushort)0xFFFE);
        writer.Write((ushort)channels);
        writer.Write((uint)rate);
        writer.Write((uint)(rate * align));
        writer.Write((ushort)align);
        writer.Write((ushort)containerBits);
        writer.Write((ushort)22);
        writer.Write((ushort)validBits);
        writer.Write(channelMask);
        writer.Write(subFormat.ToByteArray()); // Guid.ToByteArray is the GUID struct's in-memory (little-endian) layout
        writer.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void ExtensibleFloatMixFormatIsFloat32()
    {
        byte[] bytes = Extensible(2, 48000, 32, 32, SubtypeFloat);
        Assert.Equal(40, bytes.Length);

        AudioFormat? format = WindowsAudioFormats.FromWaveFormat(bytes, out string problem);

        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32), format);
        Assert.Equal(string.Empty, problem);
    }

    [Theory]
    [InlineData(16, 16, SampleEncoding.Pcm16)]
    [InlineData(24, 24, SampleEncoding.Pcm24)]
    [InlineData(32, 32, SampleEncoding.Pcm32)]
    [InlineData(32, 24, SampleEncoding.Pcm32)] // 24 valid bits left-justified in a 32-bit container
    [InlineData(16, 0, SampleEncoding.Pcm16)]  // 0 valid bits means "all of them"
    public void ExtensiblePcmFollowsTheContainerSize(int containerBits, int validBits, SampleEncoding expected)
    {
        byte[] bytes = Extensible(1, 44100, containerBits, validBits, SubtypePcm, channelMask: 0x4);

        AudioFormat? format = WindowsAudioFormats.FromWaveFormat(bytes, out _);

        Assert.Equal(new AudioFormat(44100, 1, expected), format);
        Assert.Equal(containerBits / 8, format!.BlockAlign);
    }

    [Fact]
    public void PlainTagsMapToTheirEncodings()
    {
        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32),
            WindowsAudioFormats.FromWaveFormat(WaveFormatEx(3, 2, 48000, 32), out _));
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16),
            WindowsAudioFormats.FromWaveFormat(WaveFormatEx(1, 1, 16000, 16), out _));
        Assert.Equal(new AudioFormat(96000, 6, SampleEncoding.Pcm24),
            WindowsAudioFormats.FromWaveFormat(WaveFormatEx(1, 6, 96000, 24), out _));
        // A bare 16-byte PCMWAVEFORMAT (no cbSize) is still readable.
        Assert.Equal(new AudioFormat(8000, 1, SampleEncoding.Pcm16),
            WindowsAudioFormats.FromWaveFormat(WaveFormatEx(1, 1, 8000, 16).Take(16).ToArray(), out _));
    }

    [Fact]
    public void UnreadableFormatsAreRefusedWithAReason()
    {
        AssertRefused(WaveFormatEx(0x0055, 2, 44100, 0, blockAlign: 1), "0x0055"); // MPEG layer 3
        AssertRefused(Extensible(2, 48000, 32, 32, new Guid("00000002-0000-0010-8000-00aa00389b71")), "neither PCM nor IEEE float"); // ADPCM
        AssertRefused(Extensible(2, 48000, 16, 20, SubtypePcm), "20 valid bits");
        AssertRefused(Extensible(2, 48000, 16, 16, SubtypeFloat), "16-bit float");
        AssertRefused(Extensible(2, 48000, 32, 32, SubtypeFloat).Take(18).ToArray(), "extension is missing");
        AssertRefused(WaveFormatEx(1, 2, 48000, 16, blockAlign: 6), "block size of 6");
        AssertRefused(WaveFormatEx(1, 0, 48000, 16), "0 channel(s)");
        AssertRefused(WaveFormatEx(1, 2, 48000, 12), "12-bit PCM");
        AssertRefused(new byte[10], "only 10 bytes");
    }

    private static void AssertRefused(byte[] bytes, string reason)
    {
        Assert.Null(WindowsAudioFormats.FromWaveFormat(bytes, out string problem));
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData(unchecked((int)0x88890004), "HRESULT 0x88890004 AUDCLNT_E_DEVICE_INVALIDATED")]
    [InlineData(unchecked((int)0x8889000A), "HRESULT 0x8889000A AUDCLNT_E_DEVICE_IN_USE")]
    [InlineData(unchecked((int)0x80070005), "HRESULT 0x80070005 E_ACCESSDENIED")]
    [InlineData(unchecked((int)0x80070490), "HRESULT 0x80070490 E_NOTFOUND")]
    [InlineData(unchecked((int)0x88890010), "HRESULT 0x88890010 AUDCLNT_E_SERVICE_NOT_RUNNING")]
    [InlineData(unchecked((int)0x80004005), "HRESULT 0x80004005")]
    public void HResultCodesAreHexWithTheirNames(int hr, string expected)
    {
        Assert.Equal(expected, WindowsAudioFormats.HResultCode(hr));
    }

    [Fact]
    public void HResultsAreDescribedInPlainWords()
    {
        Assert.Contains("Privacy & security > Microphone", WindowsAudioFormats.DescribeHResult(WindowsAudioFormats.E_ACCESSDENIED));
        Assert.Contains("in use by another application", WindowsAudioFormats.DescribeHResult(WindowsAudioFormats.AUDCLNT_E_DEVICE_IN_USE));
        Assert.Contains("unplugged", WindowsAudioFormats.DescribeHResult(WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED));
        Assert.Contains("Windows Audio service", WindowsAudioFormats.DescribeHResult(WindowsAudioFormats.AUDCLNT_E_SERVICE_NOT_RUNNING));
        Assert.Equal("the Windows audio API failed", WindowsAudioFormats.DescribeHResult(unchecked((int)0x80004005)));
    }

    [Fact]
    public void OpenFailuresSayWhatHappenedAndClassifyTheKind()
    {
        SttException busy = WindowsAudioFormats.OpenFailure("Microphone (USB)", "initialize shared-mode capture", WindowsAudioFormats.AUDCLNT_E_DEVICE_IN_USE);
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, busy.Kind);
        Assert.Equal("Cannot open the microphone 'Microphone (USB)': the device is in use by another application in exclusive mode (could not initialize shared-mode capture; HRESULT 0x8889000A AUDCLNT_E_DEVICE_IN_USE).", busy.Message);
        Assert.Equal("Microphone (USB)", busy.Target);

        SttException privacy = WindowsAudioFormats.OpenFailure("Mic", "activate its audio client", WindowsAudioFormats.E_ACCESSDENIED);
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, privacy.Kind);
        Assert.Contains("microphone access is off in Windows Settings > Privacy & security > Microphone", privacy.Message);
        Assert.Contains("0x80070005", privacy.Message);
        Assert.NotNull(privacy.RecommendedAction);

        SttException gone = WindowsAudioFormats.OpenFailure("Mic", "activate its audio client", WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED);
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, gone.Kind);
        Assert.EndsWith(".", gone.Message);
    }

    [Fact]
    public void AStreamThatLosesItsDeviceSaysItWasUnplugged()
    {
        SttException lost = WindowsAudioFormats.StreamFailure("Headset Microphone", "get a captured packet", WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED);
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, lost.Kind);
        Assert.Equal("'Headset Microphone' stopped delivering audio: it was unplugged or disabled (HRESULT 0x88890004 AUDCLNT_E_DEVICE_INVALIDATED).", lost.Message);
        Assert.Equal("Headset Microphone", lost.Target);

        SttException service = WindowsAudioFormats.StreamFailure("Mic", "get a captured packet", WindowsAudioFormats.AUDCLNT_E_SERVICE_NOT_RUNNING);
        Assert.Contains("it was unplugged or disabled", service.Message);
        Assert.Contains("Windows Audio service", service.Message);

        SttException other = WindowsAudioFormats.StreamFailure("Mic", "start capturing", unchecked((int)0x80004005));
        Assert.Equal("'Mic' stopped delivering audio: the Windows audio API failed (could not start capturing; HRESULT 0x80004005).", other.Message);
    }

    [Fact]
    public void WasapiListingMarksTheDefaultByIdAndNamesEveryDevice()
    {
        var endpoints = new[]
        {
            new WasapiEndpointInfo("{0.0.1.00000000}.{aaa}", "Microphone (USB Audio)", "Microphone", 1, 48000),
            new WasapiEndpointInfo("{0.0.1.00000000}.{bbb}", null, "Line In", 2, 44100),
            new WasapiEndpointInfo("{0.0.1.00000000}.{ccc}", "  ", null, 0, 0),
            new WasapiEndpointInfo("", "No id", null, 2, 48000),
        };

        IReadOnlyList<AudioDevice> devices = WindowsAudioFormats.BuildWasapiDevices(endpoints, "{0.0.1.00000000}.{BBB}", "WASAPI");

        Assert.Equal(3, devices.Count);
        Assert.Equal(new[] { 0, 1, 2 }, devices.Select(d => d.Index));
        Assert.Equal(new[] { "Microphone (USB Audio)", "Line In", "Capture device 2" }, devices.Select(d => d.Name));
        Assert.Equal(new[] { false, true, false }, devices.Select(d => d.IsDefault));
        Assert.All(devices, d => Assert.Equal("WASAPI", d.Backend));
        Assert.Equal("Microphone", devices[0].Description);
        Assert.Equal((1, 48000), (devices[0].Channels, devices[0].SampleRate));

        Assert.DoesNotContain(WindowsAudioFormats.BuildWasapiDevices(endpoints, null, "WASAPI"), d => d.IsDefault);
    }

    [Fact]
    public void WaveInListingPutsTheWaveMapperFirstAsTheDefault()
    {
        var inputs = new[]
        {
            new WaveInCapsInfo("Microphone (Realtek(R) Audio)", 2),
            new WaveInCapsInfo(null, 0),
            new WaveInCapsInfo("Line 1 (Virtual Audio Cable)", 2),
        };

        IReadOnlyList<AudioDevice> devices = WindowsAudioFormats.BuildWaveInDevices(inputs, "WaveIn");

        Assert.Equal(4, devices.Count);
        Assert.Equal(new[] { 0, 1, 2, 3 }, devices.Select(d => d.Index));
        Assert.Equal(new[] { "Default (WinMM wave mapper)", "Microphone (Realtek(R) Audio)", "WinMM input 1", "Line 1 (Virtual Audio Cable)" }, devices.Select(d => d.Name));
        Assert.Equal(new[] { "waveIn:mapper", "waveIn:0", "waveIn:1", "waveIn:2" }, devices.Select(d => d.Id));
        Assert.Equal(new[] { true, false, false, false }, devices.Select(d => d.IsDefault));
        Assert.All(devices, d => Assert.Equal("WaveIn", d.Backend));
        Assert.Equal(2, devices[1].Channels);

        Assert.Empty(WindowsAudioFormats.BuildWaveInDevices(Array.Empty<WaveInCapsInfo>(), "WaveIn"));
    }

    [Theory]
    [InlineData("waveIn:mapper", true, uint.MaxValue)]
    [InlineData("WAVEIN:MAPPER", true, uint.MaxValue)]
    [InlineData("waveIn:0", true, 0u)]
    [InlineData("waveIn:12", true, 12u)]
    [InlineData("waveIn:-1", false, 0u)]
    [InlineData("waveIn:+1", false, 0u)]
    [InlineData("waveIn:", false, 0u)]
    [InlineData("waveIn:4294967295", false, 0u)]
    [InlineData("{0.0.1.00000000}.{aaa}", false, 0u)]
    [InlineData(null, false, 0u)]
    public void WaveInIdsParseToDeviceNumbers(string? id, bool valid, uint expected)
    {
        Assert.Equal(valid, WindowsAudioFormats.TryParseWaveInId(id, out uint deviceId));
        if (valid) Assert.Equal(expected, deviceId);
    }

    [Theory]
    [InlineData(4, null, "MMRESULT 4 MMSYSERR_ALLOCATED")]
    [InlineData(4, "The specified resource is already allocated.", "MMRESULT 4 MMSYSERR_ALLOCATED: The specified resource is already allocated")]
    [InlineData(32, null, "MMRESULT 32 WAVERR_BADFORMAT")]
    [InlineData(99, null, "MMRESULT 99")]
    [InlineData(99, "Something odd.", "MMRESULT 99: Something odd")]
    public void MmResultCodesCarryNameAndSystemText(int result, string? text, string expected)
    {
        Assert.Equal(expected, WindowsAudioFormats.MmResultCode(result, text));
    }

    [Fact]
    public void MmResultsAreClassified()
    {
        Assert.True(WindowsAudioFormats.MmResultMeansDeviceGone(WindowsAudioFormats.MMSYSERR_BADDEVICEID));
        Assert.True(WindowsAudioFormats.MmResultMeansDeviceGone(WindowsAudioFormats.MMSYSERR_NODRIVER));
        Assert.False(WindowsAudioFormats.MmResultMeansDeviceGone(WindowsAudioFormats.MMSYSERR_ALLOCATED));
        Assert.Contains("in use by another application", WindowsAudioFormats.DescribeMmResult(WindowsAudioFormats.MMSYSERR_ALLOCATED));
    }

    [Theory]
    [InlineData(1u, "active")]
    [InlineData(2u, "disabled")]
    [InlineData(4u, "not present")]
    [InlineData(8u, "unplugged")]
    [InlineData(0x10u, "not active")]
    public void DeviceStatesAreWords(uint state, string expected)
    {
        Assert.Equal(expected, WindowsAudioFormats.DescribeDeviceState(state));
    }
}
