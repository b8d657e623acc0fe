// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>Encodes float samples (full scale = 1) to a provider's wire encoding.</summary>
    internal static class OutputSampleEncoder
    {
        public static int BytesPerSample(OutputEncoding encoding)
        {
            switch (encoding)
            {
                case OutputEncoding.PcmS16le:
                    return 2;
                case OutputEncoding.PcmMulaw:
                    return 1;
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
            }
        }

        /// <summary>Rounds to the nearest 16-bit value, clipping anything beyond full scale.</summary>
        public static short ToPcm16(float sample)
        {
            float scaled = sample * 32768f;
            if (scaled >= 32767f)
            {
                return short.MaxValue;
            }
            if (scaled <= -32768f)
            {
                return short.MinValue;
            }
            return (short)(scaled >= 0f ? (int)(scaled + 0.5f) : -(int)(0.5f - scaled));
        }

        /// <summary>Encodes <paramref name="count"/> samples; returns the number of bytes written.</summary>
        public static int Encode(float[] samples, int offset, int count, OutputEncoding encoding, byte[] destination, int destinationOffset)
        {
            int position = destinationOffset;
            if (encoding == OutputEncoding.PcmS16le)
            {
                for (int i = 0; i < count; i++)
                {
                    short value = ToPcm16(samples[offset + i]);
                    destination[position++] = (byte)value;
                    destination[position++] = (byte)(value >> 8);
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    destination[position++] = G711.LinearToMuLaw(ToPcm16(samples[offset + i]));
                }
            }
            return position - destinationOffset;
        }

        /// <summary>Writes <paramref name="count"/> samples of encoded silence; returns the number of bytes written.</summary>
        public static int EncodeSilence(int count, OutputEncoding encoding, byte[] destination, int destinationOffset)
        {
            int bytes = count * BytesPerSample(encoding);
            byte silence = encoding == OutputEncoding.PcmMulaw ? G711.MuLawSilence : (byte)0;
            for (int i = 0; i < bytes; i++)
            {
                destination[destinationOffset + i] = silence;
            }
            return bytes;
        }
    }
}
