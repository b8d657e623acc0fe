// Copyright (c) StreamingStt contributors. MIT License.
using System.Reflection;
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>Native layouts, COM vtable order, the packet remainder buffer and waveIn format choice; these run on every OS.</summary>
public sealed class WindowsCapturePiecesTests
{
    /// <summary>Declaration order is vtable order for [ComImport] interfaces: a swapped method calls the wrong slot.</summary>
    [Theory]
    [InlineData(typeof(IMMDeviceEnumerator), "EnumAudioEndpoints,GetDefaultAudioEndpoint,GetDevice,RegisterEndpointNotificationCallback,UnregisterEndpointNotificationCallback")]
    [InlineData(typeof(IMMDeviceCollection), "GetCount,Item")]
    [InlineData(typeof(IMMDevice), "Activate,OpenPropertyStore,GetId,GetState")]
    [InlineData(typeof(IPropertyStore), "GetCount,GetAt,GetValue,SetValue,Commit")]
    [InlineData(typeof(IAudioClient), "Initialize,GetBufferSize,GetStreamLatency,GetCurrentPadding,IsFormatSupported,GetMixFormat,GetDevicePeriod,Start,Stop,Reset,SetEventHandle,GetService")]
    [InlineData(typeof(IAudioCaptureClient), "GetBuffer,ReleaseBuffer,GetNextPacketSize")]
    public void ComInterfacesDeclareEveryMethodInVtableOrder(Type type, string expected)
    {
        MethodInfo[] methods = type.GetMethods().OrderBy(m => m.MetadataToken).ToArray();

        Assert.Equal(expected, string.Join(",", methods.Select(m => m.Name)));
        Assert.True(type.IsImport);
        Assert.Equal(ComInterfaceType.InterfaceIsIUnknown, type.GetCustomAttribute<InterfaceTypeAttribute>()!.Value);
        Assert.All(methods, m =>
        {
            Assert.True((m.MethodImplementationFlags & MethodImplAttributes.PreserveSig) != 0, $"{type.Name}.{m.Name} is not PreserveSig.");
            Assert.Equal(typeof(int), m.ReturnType);
        });
    }

    [Theory]
    [InlineData(typeof(IMMDeviceEnumerator), "a95664d2-9614-4f35-a746-de8db63617e6")]
    [InlineData(typeof(IMMDeviceCollection), "0bd7a1be-7a1a-44db-8397-cc5392387b5e")]
    [InlineData(typeof(IMMDevice), "d666063f-1587-4e43-81f1-b948e807363f")]
    [InlineData(typeof(IPropertyStore), "886d8eeb-8cf2-4446-8d02-cdba1dbdcf99")]
    [InlineData(typeof(IAudioClient), "1cb9ad4c-dbfa-4c32-b178-c2f568a703b2")]
    [InlineData(typeof(IAudioCaptureClient), "c8adbd64-e71e-48a0-a4de-185c395cd317")]
    [InlineData(typeof(MMDeviceEnumeratorComObject), "bcde0395-e52f-467c-8e3d-c4579291692e")]
    public void ComTypesCarryTheirGuids(Type type, string guid)
    {
        Assert.Equal(new Guid(guid), type.GUID);
    }

    [Fact]
    public void InterfaceIdsMatchTheDeclaredInterfaces()
    {
        Assert.Equal(typeof(IAudioClient).GUID, WasapiInterop.IID_IAudioClient);
        Assert.Equal(typeof(IAudioCaptureClient).GUID, WasapiInterop.IID_IAudioCaptureClient);
        Assert.Equal(new Guid("a45c254e-df1c-4efd-8020-67d146a850e0"), WasapiInterop.PKEY_Device_FriendlyName.FormatId);
        Assert.Equal(14, WasapiInterop.PKEY_Device_FriendlyName.PropertyId);
        Assert.Equal(2, WasapiInterop.PKEY_Device_DeviceDesc.PropertyId);
    }

    [Fact]
    public void NativeStructuresHaveTheirWindowsSizes()
    {
        // PROPVARIANT: 16 bytes on 32-bit, 24 on 64-bit; the value starts after the 8-byte header.
        Assert.Equal(8 + 2 * IntPtr.Size, Marshal.SizeOf<PropVariant>());
        Assert.Equal(8, Marshal.OffsetOf<PropVariant>(nameof(PropVariant.Value)).ToInt32());
        Assert.Equal(20, Marshal.SizeOf<PropertyKey>());
        // WAVEINCAPSW: 2 + 2 + 4 + 32 WCHARs + 4 + 2 + 2.
        Assert.Equal(80, Marshal.SizeOf<WaveInCaps>());
        // WAVEHDR: 32 bytes on 32-bit, 48 on 64-bit.
        Assert.Equal(IntPtr.Size == 8 ? 48 : 32, WaveHeader.Size);
        Assert.Equal(IntPtr.Size == 8 ? 24 : 16, WaveHeader.FlagsOffset);
        Assert.Equal(IntPtr.Size == 8 ? 12 : 8, WaveHeader.BytesRecordedOffset);
    }

    [Fact]
    public void PendingAudioHandsOutWholeBlocksInOrder()
    {
        var pending = new PendingAudio(blockAlign: 4);
        byte[] first = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();
        pending.Keep(first, 0, 12);
        pending.Keep(new byte[] { 100, 101, 102, 103, 104 }, 0, 5); // the partial 5th byte is dropped

        var destination = new byte[32];
        Assert.Equal(8, pending.Take(destination, 0, 10)); // 10 rounds down to two blocks
        Assert.Equal(first.Take(8), destination.Take(8));
        Assert.Equal(8, pending.Count);

        pending.KeepSilence(4);
        Assert.Equal(12, pending.Take(destination, 0, 32));
        Assert.Equal(new byte[] { 8, 9, 10, 11, 100, 101, 102, 103, 0, 0, 0, 0 }, destination.Take(12));
        Assert.Equal(0, pending.Count);
        Assert.Equal(0, pending.Take(destination, 0, 32));
    }

    [Fact]
    public void PendingAudioKeepsNativeMemory()
    {
        var pending = new PendingAudio(blockAlign: 2);
        IntPtr native = Marshal.AllocHGlobal(6);
        try
        {
            Marshal.Copy(new byte[] { 1, 2, 3, 4, 5, 6 }, 0, native, 6);
            pending.Keep(IntPtr.Add(native, 2), 4);
        }
        finally
        {
            Marshal.FreeHGlobal(native);
        }
        var destination = new byte[4];
        Assert.Equal(4, pending.Take(destination, 0, 4));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, destination);

        pending.Keep(new byte[] { 9, 9 }, 0, 2);
        pending.Clear();
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void PendingAudioGrowsAndCompacts()
    {
        var pending = new PendingAudio(blockAlign: 1);
        var expected = new List<byte>();
        var taken = new List<byte>();
        var destination = new byte[7];
        for (int round = 0; round < 50; round++)
        {
            byte[] chunk = Enumerable.Range(round * 11, 11).Select(i => (byte)i).ToArray();
            pending.Keep(chunk, 0, chunk.Length);
            expected.AddRange(chunk);
            int n = pending.Take(destination, 0, destination.Length);
            taken.AddRange(destination.Take(n));
        }
        while (pending.Count > 0)
        {
            int n = pending.Take(destination, 0, destination.Length);
            taken.AddRange(destination.Take(n));
        }
        Assert.Equal(expected, taken);
    }

    [Fact]
    public void WaveInAsksForTheSessionRateFirstThenCommonLayouts()
    {
        var request = new AudioCaptureRequest { PreferredSampleRate = 16000, PreferredChannels = 1 };

        AudioFormat[] formats = WaveInCaptureBackend.CandidateFormats(request).ToArray();

        Assert.Equal(new[]
        {
            new AudioFormat(16000, 1, SampleEncoding.Pcm16),
            new AudioFormat(48000, 2, SampleEncoding.Pcm16),
            new AudioFormat(44100, 2, SampleEncoding.Pcm16),
            new AudioFormat(48000, 1, SampleEncoding.Pcm16),
            new AudioFormat(44100, 1, SampleEncoding.Pcm16),
        }, formats);

        // No duplicates when the session already wants a common layout.
        Assert.Equal(4, WaveInCaptureBackend.CandidateFormats(new AudioCaptureRequest { PreferredSampleRate = 48000, PreferredChannels = 2 }).Count());
    }

    [Fact]
    public void BackendsAreUnavailableOffWindowsAndKeepTheirNames()
    {
        var wasapi = new WasapiCaptureBackend();
        var waveIn = new WaveInCaptureBackend();
        Assert.Equal("WASAPI", wasapi.Name);
        Assert.Equal("WaveIn", waveIn.Name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(wasapi.IsAvailable);
            Assert.False(waveIn.IsAvailable);
        }
    }

    [WindowsFact]
    public void MtaWorkerReturnsResultsAndRethrowsOnTheCaller()
    {
        Assert.Equal(ApartmentState.MTA, MtaWorker.Run(() => Thread.CurrentThread.GetApartmentState()));
        Assert.NotEqual(Environment.CurrentManagedThreadId, MtaWorker.Run(() => Environment.CurrentManagedThreadId));
        var error = Assert.Throws<InvalidOperationException>(() => MtaWorker.Run<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", error.Message);
    }
}
