// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Turns interleaved source bytes into float samples in [-1, 1) (full scale = 1), averaging
    /// all channels into one. Integer formats are scaled by 2^(bits-1), so 16-bit audio survives a
    /// decode/encode round trip bit for bit.
    /// </summary>
    internal static class SampleDecoder
    {
        // Float sources may hold NaN or infinities (corrupt or badly written files); one of them would
        // poison every output sample the resampler's filter touches. Values beyond this are clipped on
        // output anyway, so clamping here loses nothing audible.
        private const float FloatLimit = 32f;

        private const float Scale8 = 1f / 128f;
        private const float Scale16 = 1f / 32768f;
        private const float Scale24 = 1f / 8388608f;
        private const double Scale32 = 1.0 / 2147483648.0;

        /// <summary>Decodes one sample (one channel) at <paramref name="offset"/>.</summary>
        public static float DecodeSample(byte[] source, int offset, SampleEncoding encoding)
        {
            switch (encoding)
            {
                case SampleEncoding.Pcm8:
                    return (source[offset] - 128) * Scale8;
                case SampleEncoding.Pcm16:
                    return (short)(source[offset] | (source[offset + 1] << 8)) * Scale16;
                case SampleEncoding.Pcm24:
                    // Shift the 3 bytes into the top of an int so the sign extends, then back down.
                    return ((source[offset] << 8 | source[offset + 1] << 16 | source[offset + 2] << 24) >> 8) * Scale24;
                case SampleEncoding.Pcm32:
                    return (float)(ReadInt32(source, offset) * Scale32);
                case SampleEncoding.Float32:
                    return Sanitize(ReadSingle(source, offset));
                case SampleEncoding.Float64:
                    return Sanitize((float)BitConverter.Int64BitsToDouble(ReadInt64(source, offset)));
                case SampleEncoding.MuLaw:
                    return G711.MuLawToLinear(source[offset]) * Scale16;
                case SampleEncoding.ALaw:
                    return G711.ALawToLinear(source[offset]) * Scale16;
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
            }
        }

        /// <summary>
        /// Decodes <paramref name="frameCount"/> interleaved frames starting at <paramref name="offset"/>
        /// and writes one mono sample per frame (the mean of its channels) to <paramref name="destination"/>.
        /// </summary>
        public static void DecodeToMono(byte[] source, int offset, int frameCount, AudioFormat format, float[] destination, int destinationOffset)
        {
            int channels = format.Channels;
            int bytesPerSample = format.BytesPerSample;
            SampleEncoding encoding = format.Encoding;
            if (channels == 1)
            {
                DecodeMono(source, offset, frameCount, encoding, bytesPerSample, destination, destinationOffset);
                return;
            }

            float channelWeight = 1f / channels;
            int position = offset;
            for (int frame = 0; frame < frameCount; frame++)
            {
                float sum = 0f;
                for (int channel = 0; channel < channels; channel++)
                {
                    sum += DecodeSample(source, position, encoding);
                    position += bytesPerSample;
                }
                destination[destinationOffset + frame] = sum * channelWeight;
            }
        }

        // Mono is the common case for speech; the per-encoding loops keep the switch out of the inner loop.
        private static void DecodeMono(byte[] source, int offset, int count, SampleEncoding encoding, int bytesPerSample, float[] destination, int destinationOffset)
        {
            int position = offset;
            switch (encoding)
            {
                case SampleEncoding.Pcm16:
                    for (int i = 0; i < count; i++, position += 2)
                    {
                        destination[destinationOffset + i] = (short)(source[position] | (source[position + 1] << 8)) * Scale16;
                    }
                    break;
                case SampleEncoding.MuLaw:
                    for (int i = 0; i < count; i++, position++)
                    {
                        destination[destinationOffset + i] = G711.MuLawToLinear(source[position]) * Scale16;
                    }
                    break;
                default:
                    for (int i = 0; i < count; i++, position += bytesPerSample)
                    {
                        destination[destinationOffset + i] = DecodeSample(source, position, encoding);
                    }
                    break;
            }
        }

        private static float Sanitize(float value)
        {
            if (float.IsNaN(value))
            {
                return 0f;
            }
            return value > FloatLimit ? FloatLimit : value < -FloatLimit ? -FloatLimit : value;
        }

        private static int ReadInt32(byte[] source, int offset) =>
            source[offset] | source[offset + 1] << 8 | source[offset + 2] << 16 | source[offset + 3] << 24;

        private static long ReadInt64(byte[] source, int offset) =>
            (uint)ReadInt32(source, offset) | (long)ReadInt32(source, offset + 4) << 32;

        private static float ReadSingle(byte[] source, int offset)
        {
            if (BitConverter.IsLittleEndian)
            {
                return BitConverter.ToSingle(source, offset);
            }
            // Big-endian hosts are vanishingly rare; a small allocation there keeps this simple.
            byte[] swapped = { source[offset + 3], source[offset + 2], source[offset + 1], source[offset] };
            return BitConverter.ToSingle(swapped, 0);
        }
    }
}
