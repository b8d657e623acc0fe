// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Runtime.InteropServices;
using StreamingStt.Engine.Audio.Capture.Linux;
using StreamingStt.Engine.Audio.Capture.MacOS;
using StreamingStt.Engine.Audio.Capture.Windows;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>The capture APIs of this OS, best first (Windows: WASAPI, then WinMM waveIn as a fallback).</summary>
    internal static class AudioCaptureBackends
    {
        public static IReadOnlyList<IAudioCaptureBackend> ForCurrentPlatform()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return new IAudioCaptureBackend[] { new WasapiCaptureBackend(), new WaveInCaptureBackend() };
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return new IAudioCaptureBackend[] { new CoreAudioCaptureBackend() };
            }
            return new IAudioCaptureBackend[] { new AlsaCaptureBackend() };
        }
    }
}
