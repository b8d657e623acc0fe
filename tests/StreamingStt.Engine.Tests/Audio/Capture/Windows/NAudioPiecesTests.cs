// Copyright (c) StreamingStt contributors. MIT License.
using System.Reflection;
using System.Runtime.InteropServices;
using NAudio.Wave;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture.Windows;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>The NAudio glue that needs no Windows: assembly versions, format bytes, failure classification. Runs on every OS.</summary>
public sealed class NAudioPiecesTests
{
    [Fact]
    public void TheEngineIsBuiltAgainstNAudio221()
    {
        // 2.2.1 is the last netstandard2.0 NAudio: 3.x is net9.0 only and loads in neither PowerShell 7.4 nor 5.1.
        AssemblyName[] references = typeof(WasapiCaptureBackend).Assembly.GetReferencedAssemblies();

        foreach (string name in new[] { "NAudio.Core", "NAudio.Wasapi", "NAudio.WinMM" })
        {
            AssemblyName reference = Assert.Single(references, r => r.Name == name);
            Assert.Equal(new Version(2, 2, 1, 0), reference.Version);
        }
        Assert.DoesNotContain(references, r => r.Name == "NAudio");
        Assert.Equal(WindowsAudioFormats.NAudioVersion, typeof(WaveFormat).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void NAudioWaveFormatsBecomeTheBytesWindowsLaysOut()
    {
        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32),
            WindowsAudioFormats.FromWaveFormat(WasapiCaptureBackend.WaveFormatBytes(WaveFormat.CreateIeeeFloatWaveFormat(48000, 2)), out _));
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16),
            WindowsAudioFormats.FromWaveFormat(WasapiCaptureBackend.WaveFormatBytes(new WaveFormat(16000, 16, 1)), out _));

        byte[] extensible = WasapiCaptureBackend.WaveFormatBytes(new WaveFormatExtensible(44100, 24, 2));
        Assert.Equal(40, extensible.Length);
        Assert.Equal(new AudioFormat(44100, 2, SampleEncoding.Pcm24), WindowsAudioFormats.FromWaveFormat(extensible, out _));
        // What WasapiCapture.WaveFormat shows for an extensible mix format: the plain format, same bytes per frame.
        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32),
            WindowsAudioFormats.FromWaveFormat(WasapiCaptureBackend.WaveFormatBytes(new WaveFormatExtensible(48000, 32, 2).AsStandardWaveFormat()), out _));
    }

    [Fact]
    public void WhatNAudioThrowsForAFailedHResultIsANativeFailureWithThatCode()
    {
        foreach (int hr in new[] { WindowsAudioFormats.E_NOTFOUND, WindowsAudioFormats.E_ACCESSDENIED, WindowsAudioFormats.E_INVALIDARG,
            WindowsAudioFormats.E_FILE_NOT_FOUND, WindowsAudioFormats.AUDCLNT_E_DEVICE_INVALIDATED, WindowsAudioFormats.E_NOINTERFACE })
        {
            Exception thrown = Marshal.GetExceptionForHR(hr)!;
            Assert.True(WindowsAudioFormats.IsNativeFailure(thrown), $"{thrown.GetType().Name} for 0x{hr:X8}");
            Assert.Equal(hr, thrown.HResult);
        }
        Assert.False(WindowsAudioFormats.IsNativeFailure(new InvalidOperationException("a bug")));
        Assert.False(WindowsAudioFormats.IsNativeFailure(new FileLoadException("clash", "NAudio.Wasapi, Version=2.2.1.0")));
    }

    [Fact]
    public void ANAudioThatWillNotLoadIsExplained()
    {
        var clash = new FileLoadException("Could not load file or assembly 'NAudio.Wasapi, Version=2.2.1.0, Culture=neutral, PublicKeyToken=e279aa5131008a41'. Could not find or load a specific file. (0x80131621)",
            "NAudio.Wasapi, Version=2.2.1.0, Culture=neutral, PublicKeyToken=e279aa5131008a41");
        Assert.True(WindowsAudioFormats.IsNAudioLoadFailure(clash));
        Assert.True(WindowsAudioFormats.IsNAudioLoadFailure(new FileNotFoundException("missing", "NAudio.WinMM, Version=2.2.1.0")));
        Assert.False(WindowsAudioFormats.IsNAudioLoadFailure(new FileNotFoundException("missing", "System.Text.Json")));
        Assert.False(WindowsAudioFormats.IsNAudioLoadFailure(new COMException("x", WindowsAudioFormats.E_NOTFOUND)));

        SttException error = WindowsAudioFormats.NAudioLoadFailure(clash);

        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, error.Kind);
        Assert.StartsWith("StreamingStt captures on Windows through NAudio 2.2.1, which could not be loaded: Could not load file or assembly 'NAudio.Wasapi", error.Message);
        Assert.EndsWith("Another module in this PowerShell session has probably loaded a different version of NAudio.", error.Message);
        Assert.Contains("new PowerShell session", error.RecommendedAction);
        Assert.Same(clash, error.InnerException);
    }

    [Fact]
    public void AWaveInRecordingThatFailsSaysWhy()
    {
        SttException gone = WindowsAudioFormats.WaveInStreamFailure("Mic", WindowsAudioFormats.MMSYSERR_NODRIVER, "MMRESULT 6 MMSYSERR_NODRIVER");
        Assert.Equal(SttErrorKind.AudioDeviceUnavailable, gone.Kind);
        Assert.Equal("'Mic' stopped delivering audio: it was unplugged or disabled (MMRESULT 6 MMSYSERR_NODRIVER).", gone.Message);
        Assert.Contains("unplugged", WindowsAudioFormats.WaveInStreamFailure("Mic", WindowsAudioFormats.MMSYSERR_INVALHANDLE, "MMRESULT 5").Message);

        SttException other = WindowsAudioFormats.WaveInStreamFailure("Mic", WindowsAudioFormats.MMSYSERR_NOMEM, "MMRESULT 7 MMSYSERR_NOMEM");
        Assert.Equal("'Mic' stopped delivering audio: Windows ran out of memory (could not queue a buffer again; MMRESULT 7 MMSYSERR_NOMEM).", other.Message);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(100, 1000)]
    [InlineData(800, 1600)]
    [InlineData(60000, 10000)]
    public void TheRingBetweenNAudioAndTheReaderHoldsTwiceTheLatency(int latencyMs, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), WasapiCaptureBackend.RingCapacity(TimeSpan.FromMilliseconds(latencyMs)));
    }

    [Theory]
    [InlineData(20, 4)]
    [InlineData(100, 4)]
    [InlineData(300, 12)]
    [InlineData(5000, 20)]
    public void WaveInQueuesEnough50MillisecondBuffersForTwiceTheLatency(int latencyMs, int expected)
    {
        Assert.Equal(expected, WaveInCaptureBackend.BufferCount(TimeSpan.FromMilliseconds(latencyMs)));
    }
}
