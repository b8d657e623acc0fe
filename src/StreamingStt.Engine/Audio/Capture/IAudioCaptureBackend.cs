// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// One platform capture API (WASAPI, WinMM waveIn, ALSA, CoreAudio AudioQueue). A backend only
    /// lists devices and opens a raw stream in whatever format the device offers; buffering,
    /// pacing, silence detection and conversion are shared (<see cref="MicrophoneAudioSource"/>).
    /// </summary>
    internal interface IAudioCaptureBackend
    {
        /// <summary>"WASAPI", "WaveIn", "ALSA" or "CoreAudio"; shown as AudioDevice.Backend.</summary>
        string Name { get; }

        /// <summary>True when this backend can run here (right OS, native library loads). Never throws.</summary>
        bool IsAvailable { get; }

        /// <summary>
        /// The capture devices present now, Index 0..n-1 in the platform's order, exactly one
        /// IsDefault when the platform names a default. Throws SttException
        /// (AudioDeviceUnavailable) when the platform cannot be asked.
        /// </summary>
        IReadOnlyList<AudioDevice> ListDevices();

        /// <summary>
        /// Opens <paramref name="device"/> for capture (not yet started). Throws SttException:
        /// AudioDeviceNotFound when it has gone, AudioDeviceUnavailable when it is busy, refused
        /// (permissions) or cannot be configured; the message names the device and the native error.
        /// </summary>
        IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request);
    }

    /// <summary>A backend that can open devices its listing does not show (ALSA: any PCM name, like arecord -D).</summary>
    internal interface IUnlistedDeviceResolver
    {
        /// <summary>A device for <paramref name="id"/> when the platform can open it, else null. Never throws.</summary>
        AudioDevice? TryResolve(string id, int index);
    }

    /// <summary>What the shared capture layer would like; a backend takes what the device offers nearest to it.</summary>
    internal sealed class AudioCaptureRequest
    {
        /// <summary>The session's wire rate: capturing at it (when the device can) avoids resampling.</summary>
        public int PreferredSampleRate { get; set; } = 16000;

        /// <summary>Mono is all a provider gets; take fewer channels when the device allows.</summary>
        public int PreferredChannels { get; set; } = 1;

        /// <summary>How much audio the native layer should buffer (period/buffer size; WASAPI keeps its own 40 ms and sizes the ring after it from this).</summary>
        public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>A device opened for capture. Used from one capture thread only (plus Dispose).</summary>
    internal interface IAudioCaptureStream : IDisposable
    {
        /// <summary>The layout of the bytes Read returns (e.g. 48000 Hz, 2 ch, Float32).</summary>
        AudioFormat Format { get; }

        /// <summary>
        /// Starts the device. Throws SttException as Open does: some backends (WASAPI, whose
        /// shared-mode initialization NAudio does when recording starts) only find here that a
        /// device is busy or refused.
        /// </summary>
        void Start();

        /// <summary>
        /// Copies captured audio into <paramref name="buffer"/>: whole sample blocks only. Waits for
        /// audio at most about 100 ms and returns 0 when none arrived (so the caller can stop
        /// promptly). Throws SttException AudioDeviceUnavailable when the device is unplugged or fails.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Overruns (xruns, lost packets) the backend recovered from; each loses a little audio.</summary>
        int Overruns { get; }
    }
}
