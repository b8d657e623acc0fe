// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture.MacOS;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.MacOS;

/// <summary>The platform-independent pieces of the CoreAudio backend; these run on every OS.</summary>
public sealed class MacAudioFormatsTests
{
    [Theory]
    [InlineData("glob", CoreAudioNative.kAudioObjectPropertyScopeGlobal)]
    [InlineData("inpt", CoreAudioNative.kAudioDevicePropertyScopeInput)]
    [InlineData("dev#", CoreAudioNative.kAudioHardwarePropertyDevices)]
    [InlineData("dIn ", CoreAudioNative.kAudioHardwarePropertyDefaultInputDevice)]
    [InlineData("slay", CoreAudioNative.kAudioDevicePropertyStreamConfiguration)]
    [InlineData("lnam", CoreAudioNative.kAudioObjectPropertyName)]
    [InlineData("uid ", CoreAudioNative.kAudioDevicePropertyDeviceUID)]
    [InlineData("nsrt", CoreAudioNative.kAudioDevicePropertyNominalSampleRate)]
    [InlineData("livn", CoreAudioNative.kAudioDevicePropertyDeviceIsAlive)]
    [InlineData("lpcm", CoreAudioNative.kAudioFormatLinearPCM)]
    [InlineData("aqrn", CoreAudioNative.kAudioQueueProperty_IsRunning)]
    [InlineData("aqcd", CoreAudioNative.kAudioQueueProperty_CurrentDevice)]
    [InlineData("acof", CoreAudioNative.kAudioFormatProperty_EncodeFormatIDs)]
    public void SelectorConstantsAreTheirFourCharacterCodes(string code, uint constant)
    {
        Assert.Equal(constant, MacAudioFormats.FourCC(code));
        Assert.Equal(code, MacAudioFormats.FourCCText(constant));
    }

    [Fact]
    public void FourCharacterCodesAreBigEndianAscii()
    {
        Assert.Equal(0x64657623u, MacAudioFormats.FourCC("dev#"));
        Assert.Equal(0x77686174u, MacAudioFormats.FourCC("what"));
        Assert.Throws<ArgumentException>(() => MacAudioFormats.FourCC("dev"));
        Assert.Throws<ArgumentException>(() => MacAudioFormats.FourCC("devé#"));
        Assert.Throws<ArgumentException>(() => MacAudioFormats.FourCC("dé#x"));
        Assert.Null(MacAudioFormats.FourCCText(unchecked((uint)-50)));
        Assert.Null(MacAudioFormats.FourCCText(1));
    }

    [Fact]
    public void OSStatusShowsTheNumberTheCodeAndTheName()
    {
        Assert.Equal("OSStatus -50 (paramErr)", OSStatusText.Describe(-50));
        Assert.Equal("OSStatus 2003329396 / 'what' (kAudioHardwareUnspecifiedError)", OSStatusText.Describe(0x77686174));
        Assert.Equal("OSStatus 560947818 / '!obj' (kAudioHardwareBadObjectError)", OSStatusText.Describe(0x216F626A));
        Assert.Equal("OSStatus -66681 (kAudioQueueErr_CannotStart)", OSStatusText.Describe(-66681));
        Assert.Equal("OSStatus 1633837924 / 'abcd'", OSStatusText.Describe(unchecked((int)MacAudioFormats.FourCC("abcd"))));
        Assert.Equal("OSStatus -12345", OSStatusText.Describe(-12345));
    }

    [Theory]
    [InlineData("what", "kAudioHardwareUnspecifiedError")]
    [InlineData("stop", "kAudioHardwareNotRunningError")]
    [InlineData("who?", "kAudioHardwareUnknownPropertyError")]
    [InlineData("!siz", "kAudioHardwareBadPropertySizeError")]
    [InlineData("nope", "kAudioHardwareIllegalOperationError")]
    [InlineData("!dev", "kAudioHardwareBadDeviceError")]
    [InlineData("!str", "kAudioHardwareBadStreamError")]
    [InlineData("unop", "kAudioHardwareUnsupportedOperationError")]
    [InlineData("!dat", "kAudioDeviceUnsupportedFormatError")]
    [InlineData("!hog", "kAudioDevicePermissionsError")]
    [InlineData("fmt?", "kAudioFormatUnsupportedDataFormatError")]
    public void NamedHardwareErrorsMatchTheirCodes(string code, string name)
    {
        Assert.Equal(name, OSStatusText.NameOf(unchecked((int)MacAudioFormats.FourCC(code))));
    }

    // Mirrors of the C structs, so the tests check our byte arithmetic against the real alignment rules.
    [StructLayout(LayoutKind.Sequential)]
    private struct TestAudioBuffer
    {
        public uint NumberChannels;
        public uint DataByteSize;
        public IntPtr Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TestAudioBufferList2
    {
        public uint NumberBuffers;
        public TestAudioBuffer First;
        public TestAudioBuffer Second;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TestAudioQueueBuffer
    {
        public uint AudioDataBytesCapacity;
        public IntPtr AudioData;
        public uint AudioDataByteSize;
        public IntPtr UserData;
        public uint PacketDescriptionCapacity;
        public IntPtr PacketDescriptions;
        public uint PacketDescriptionCount;
    }

    private static byte[] BytesOf<T>(T value) where T : struct
    {
        int size = Marshal.SizeOf<T>();
        IntPtr native = Marshal.AllocHGlobal(size);
        try
        {
            Marshal.StructureToPtr(value, native, false);
            var bytes = new byte[size];
            Marshal.Copy(native, bytes, 0, size);
            return bytes;
        }
        finally
        {
            Marshal.FreeHGlobal(native);
        }
    }

    [Fact]
    public void ChannelsAreSummedOverTheBuffersOfANativeAudioBufferList()
    {
        var list = new TestAudioBufferList2
        {
            NumberBuffers = 2,
            First = new TestAudioBuffer { NumberChannels = 1, DataByteSize = 4096, Data = new IntPtr(0x1234) },
            Second = new TestAudioBuffer { NumberChannels = 2, DataByteSize = 8192, Data = new IntPtr(0x5678) },
        };

        Assert.Equal(3, MacAudioFormats.CountChannels(BytesOf(list), IntPtr.Size));
    }

    [Fact]
    public void ChannelsAreCountedFromHandBuiltLayouts()
    {
        // 64-bit: mNumberBuffers, 4 bytes of padding, then 16-byte AudioBuffers.
        var layout64 = new byte[8 + 2 * 16];
        BitConverter.GetBytes(2u).CopyTo(layout64, 0);
        BitConverter.GetBytes(2u).CopyTo(layout64, 8);
        BitConverter.GetBytes(99u).CopyTo(layout64, 12); // mDataByteSize, not a channel count
        BitConverter.GetBytes(4u).CopyTo(layout64, 24);
        Assert.Equal(6, MacAudioFormats.CountChannels(layout64, 8));

        // 32-bit: no padding, 12-byte AudioBuffers.
        var layout32 = new byte[4 + 12];
        BitConverter.GetBytes(1u).CopyTo(layout32, 0);
        BitConverter.GetBytes(2u).CopyTo(layout32, 4);
        Assert.Equal(2, MacAudioFormats.CountChannels(layout32, 4));
    }

    [Fact]
    public void AnOutputOnlyOrTruncatedBufferListHasNoInventedChannels()
    {
        var none = new byte[8]; // mNumberBuffers = 0: the input scope of a speaker
        Assert.Equal(0, MacAudioFormats.CountChannels(none, 8));
        Assert.Equal(0, MacAudioFormats.CountChannels(Array.Empty<byte>(), 8));

        var truncated = new byte[8 + 16];
        BitConverter.GetBytes(5u).CopyTo(truncated, 0); // claims 5 buffers, holds 1
        BitConverter.GetBytes(2u).CopyTo(truncated, 8);
        Assert.Equal(2, MacAudioFormats.CountChannels(truncated, 8));
    }

    [Fact]
    public void AudioQueueBufferFieldOffsetsMatchTheCLayout()
    {
        Assert.Equal((int)Marshal.OffsetOf<TestAudioQueueBuffer>(nameof(TestAudioQueueBuffer.AudioData)), MacAudioFormats.AudioQueueBufferDataOffset(IntPtr.Size));
        Assert.Equal((int)Marshal.OffsetOf<TestAudioQueueBuffer>(nameof(TestAudioQueueBuffer.AudioDataByteSize)), MacAudioFormats.AudioQueueBufferByteSizeOffset(IntPtr.Size));
        Assert.Equal(8, MacAudioFormats.AudioQueueBufferDataOffset(8));
        Assert.Equal(16, MacAudioFormats.AudioQueueBufferByteSizeOffset(8));
    }

    [Fact]
    public void NativeStructsHaveTheirCSizes()
    {
        Assert.Equal(12, Marshal.SizeOf<AudioObjectPropertyAddress>());
        Assert.Equal(40, Marshal.SizeOf<AudioStreamBasicDescription>());
        Assert.Equal(8, (int)Marshal.OffsetOf<AudioStreamBasicDescription>(nameof(AudioStreamBasicDescription.FormatId)));
        Assert.Equal(36, (int)Marshal.OffsetOf<AudioStreamBasicDescription>(nameof(AudioStreamBasicDescription.Reserved)));
        Assert.Equal(16, Marshal.SizeOf<CFRange>());
    }

    [Fact]
    public void Float32InterleavedDescribesPackedFloatFrames()
    {
        AudioStreamBasicDescription stereo = MacAudioFormats.Float32Interleaved(48000, 2);

        Assert.Equal(48000.0, stereo.SampleRate);
        Assert.Equal(MacAudioFormats.FourCC("lpcm"), stereo.FormatId);
        Assert.Equal(1u | 8u, stereo.FormatFlags); // IsFloat | IsPacked; little-endian, interleaved
        Assert.Equal(8u, stereo.BytesPerPacket);
        Assert.Equal(1u, stereo.FramesPerPacket);
        Assert.Equal(8u, stereo.BytesPerFrame);
        Assert.Equal(2u, stereo.ChannelsPerFrame);
        Assert.Equal(32u, stereo.BitsPerChannel);
        Assert.Equal(0u, stereo.Reserved);
        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32), MacAudioFormats.ToAudioFormat(stereo));

        AudioStreamBasicDescription mono = MacAudioFormats.Float32Interleaved(44100, 1);
        Assert.Equal(4u, mono.BytesPerFrame);
        Assert.Equal(new AudioFormat(44100, 1, SampleEncoding.Float32), MacAudioFormats.ToAudioFormat(mono));
        Assert.Throws<ArgumentOutOfRangeException>(() => MacAudioFormats.Float32Interleaved(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MacAudioFormats.Float32Interleaved(48000, 0));
    }

    [Fact]
    public void IntegerDescriptionsMapAndUnsupportedOnesAreRefused()
    {
        var pcm16 = new AudioStreamBasicDescription
        {
            SampleRate = 16000, FormatId = CoreAudioNative.kAudioFormatLinearPCM,
            FormatFlags = CoreAudioNative.kAudioFormatFlagIsSignedInteger | CoreAudioNative.kAudioFormatFlagIsPacked,
            BytesPerPacket = 2, FramesPerPacket = 1, BytesPerFrame = 2, ChannelsPerFrame = 1, BitsPerChannel = 16,
        };
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16), MacAudioFormats.ToAudioFormat(pcm16));

        AudioStreamBasicDescription planar = MacAudioFormats.Float32Interleaved(48000, 2);
        planar.FormatFlags |= CoreAudioNative.kAudioFormatFlagIsNonInterleaved;
        Assert.Throws<NotSupportedException>(() => MacAudioFormats.ToAudioFormat(planar));

        AudioStreamBasicDescription aac = MacAudioFormats.Float32Interleaved(48000, 2);
        aac.FormatId = MacAudioFormats.FourCC("aac ");
        Assert.Contains("'aac '", Assert.Throws<NotSupportedException>(() => MacAudioFormats.ToAudioFormat(aac)).Message);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(8, 2)]
    [InlineData(0, 1)]
    public void ChannelsAskedForAreTheDevicesUpToStereo(int device, int expected)
    {
        Assert.Equal(expected, MacAudioFormats.ChooseChannels(device));
    }

    [Fact]
    public void TheNominalRateIsTakenWhenTheDeviceReportsOne()
    {
        Assert.Equal(44100, MacAudioFormats.ChooseSampleRate(44100.0));
        Assert.Equal(48000, MacAudioFormats.ChooseSampleRate(47999.9));
        Assert.Equal(MacAudioFormats.FallbackSampleRate, MacAudioFormats.ChooseSampleRate(0));
        Assert.Equal(MacAudioFormats.FallbackSampleRate, MacAudioFormats.ChooseSampleRate(double.NaN));
    }

    [Fact]
    public void QueueBuffersHoldHalfTheLatencyWithinLimits()
    {
        var mono = new AudioFormat(48000, 1, SampleEncoding.Float32);
        Assert.Equal(2400 * 4, MacAudioFormats.BufferBytes(mono, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(960 * 4, MacAudioFormats.BufferBytes(mono, TimeSpan.FromMilliseconds(10)));
        Assert.Equal(4800 * 4, MacAudioFormats.BufferBytes(mono, TimeSpan.FromSeconds(2)));
        var stereo = new AudioFormat(44100, 2, SampleEncoding.Float32);
        Assert.Equal(0, MacAudioFormats.BufferBytes(stereo, TimeSpan.FromMilliseconds(100)) % stereo.BlockAlign);
    }

    [Fact]
    public void TheListingKeepsInputDevicesOnlyAndMarksTheDefault()
    {
        var devices = MacAudioFormats.BuildDevices(new[]
        {
            new CoreAudioDeviceInfo(41, "BuiltInSpeakerDevice", "MacBook Pro Speakers", 0, 48000),
            new CoreAudioDeviceInfo(52, "BuiltInMicrophoneDevice", "MacBook Pro Microphone", 1, 48000),
            new CoreAudioDeviceInfo(60, "AppleUSBAudioEngine:Blue:Yeti:1", "Yeti Stereo Microphone", 2, 44100),
            new CoreAudioDeviceInfo(71, "VirtualNoName", null, 2, 0),
        }, defaultInputId: 60, backendName: "CoreAudio");

        Assert.Equal(new[] { "BuiltInMicrophoneDevice", "AppleUSBAudioEngine:Blue:Yeti:1", "VirtualNoName" }, devices.Select(d => d.Id));
        Assert.Equal(new[] { 0, 1, 2 }, devices.Select(d => d.Index));
        Assert.Equal(new[] { false, true, false }, devices.Select(d => d.IsDefault));
        Assert.Equal("MacBook Pro Microphone", devices[0].Name);
        Assert.Equal(1, devices[0].Channels);
        Assert.Equal(44100, devices[1].SampleRate);
        Assert.Equal("VirtualNoName", devices[2].Name); // no name: the UID stands in
        Assert.Equal(0, devices[2].SampleRate);
        Assert.All(devices, d => Assert.Equal("CoreAudio", d.Backend));
    }

    [Fact]
    public void NoDefaultInputMeansNoDeviceIsMarkedDefault()
    {
        var devices = MacAudioFormats.BuildDevices(new[]
        {
            new CoreAudioDeviceInfo(0, "ZeroId", "Odd", 1, 48000),
        }, defaultInputId: 0, backendName: "CoreAudio");

        Assert.False(Assert.Single(devices).IsDefault);
    }

    [Fact]
    public void TheBackendIsCoreAudioAndOnlyAvailableOnMacOS()
    {
        var backend = new CoreAudioCaptureBackend();
        Assert.Equal("CoreAudio", backend.Name);
        Assert.Equal(OperatingSystem.IsMacOS(), backend.IsAvailable);
    }
}
