// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>How one sample is stored in a source's bytes.</summary>
    public enum SampleEncoding
    {
        /// <summary>8-bit unsigned PCM (WAV's 8-bit convention, silence = 128).</summary>
        Pcm8,
        /// <summary>16-bit signed little-endian PCM.</summary>
        Pcm16,
        /// <summary>24-bit signed little-endian PCM, packed in 3 bytes.</summary>
        Pcm24,
        /// <summary>32-bit signed little-endian PCM.</summary>
        Pcm32,
        /// <summary>32-bit IEEE float, little-endian.</summary>
        Float32,
        /// <summary>64-bit IEEE float, little-endian.</summary>
        Float64,
        /// <summary>8-bit G.711 µ-law.</summary>
        MuLaw,
        /// <summary>8-bit G.711 A-law.</summary>
        ALaw,
    }

    /// <summary>The wire encodings a provider accepts from us.</summary>
    public enum OutputEncoding
    {
        /// <summary>16-bit signed little-endian PCM ("pcm_s16le", Deepgram "linear16").</summary>
        PcmS16le,
        /// <summary>8-bit G.711 µ-law ("pcm_mulaw", Deepgram "mulaw").</summary>
        PcmMulaw,
    }

    /// <summary>An interleaved PCM layout: rate, channel count and sample encoding.</summary>
    public sealed class AudioFormat : IEquatable<AudioFormat>
    {
        public AudioFormat(int sampleRate, int channels, SampleEncoding encoding)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
            if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channel count must be positive.");
            SampleRate = sampleRate;
            Channels = channels;
            Encoding = encoding;
        }

        public int SampleRate { get; }
        public int Channels { get; }
        public SampleEncoding Encoding { get; }

        public int BytesPerSample => BytesPer(Encoding);

        /// <summary>Bytes in one frame (one sample for every channel).</summary>
        public int BlockAlign => BytesPerSample * Channels;

        public int BytesPerSecond => BlockAlign * SampleRate;

        public static int BytesPer(SampleEncoding encoding)
        {
            switch (encoding)
            {
                case SampleEncoding.Pcm8:
                case SampleEncoding.MuLaw:
                case SampleEncoding.ALaw:
                    return 1;
                case SampleEncoding.Pcm16:
                    return 2;
                case SampleEncoding.Pcm24:
                    return 3;
                case SampleEncoding.Pcm32:
                case SampleEncoding.Float32:
                    return 4;
                case SampleEncoding.Float64:
                    return 8;
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
            }
        }

        public bool Equals(AudioFormat? other) =>
            other is not null && other.SampleRate == SampleRate && other.Channels == Channels && other.Encoding == Encoding;

        public override bool Equals(object? obj) => Equals(obj as AudioFormat);

        public override int GetHashCode() => (SampleRate * 31 + Channels) * 31 + (int)Encoding;

        public override string ToString() => $"{SampleRate} Hz, {Channels} ch, {Encoding}";
    }
}
