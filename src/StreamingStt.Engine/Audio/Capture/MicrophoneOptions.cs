// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>How a microphone is captured. Defaults suit a person talking at a prompt.</summary>
    public sealed class MicrophoneOptions
    {
        public static readonly TimeSpan MinBufferDuration = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan MaxBufferDuration = TimeSpan.FromMinutes(10);

        /// <summary>
        /// Captured audio held while the network cannot take it (default 10 s). Past this the
        /// oldest audio is dropped, counted and reported; capture itself never waits.
        /// </summary>
        public TimeSpan BufferDuration { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The session's wire rate: a device that can capture at it avoids resampling.</summary>
        public int PreferredSampleRate { get; set; } = 16000;

        /// <summary>Warn when the device delivers nothing above -60 dBFS for this long after the start (zero: never).</summary>
        public TimeSpan SilenceWarningAfter { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Native buffering asked of the device (ALSA, CoreAudio, waveIn; WASAPI always asks for 40 ms, event-driven).</summary>
        public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(100);

        internal void Validate()
        {
            if (BufferDuration < MinBufferDuration || BufferDuration > MaxBufferDuration)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The capture buffer must be between {MinBufferDuration.TotalSeconds:0} s and {MaxBufferDuration.TotalMinutes:0} minutes; got {BufferDuration.TotalSeconds:0.###} s.",
                    "CaptureBuffer");
            }
            if (PreferredSampleRate < AudioFrameReader.MinSampleRate || PreferredSampleRate > AudioFrameReader.MaxSampleRate)
            {
                throw new ArgumentOutOfRangeException(nameof(PreferredSampleRate), PreferredSampleRate, "Sample rate out of range.");
            }
        }
    }
}
