// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// ITU-T G.711 companding: µ-law and A-law to 16-bit linear, and 16-bit linear to µ-law.
    /// Decoding goes through 256-entry tables built once from the reference formulas, so the
    /// per-sample cost is one array lookup.
    /// </summary>
    internal static class G711
    {
        /// <summary>Bias added before µ-law segment search (G.711 / Sun reference code).</summary>
        public const int MuLawBias = 0x84;

        /// <summary>Largest magnitude µ-law can encode once the bias is added without overflow.</summary>
        public const int MuLawClip = 32635;

        /// <summary>The µ-law byte for a linear 0 (what providers expect as silence).</summary>
        public const byte MuLawSilence = 0xFF;

        private static readonly short[] MuLawTable = BuildMuLawTable();
        private static readonly short[] ALawTable = BuildALawTable();

        // Segment (exponent) of a biased magnitude, indexed by its bits 7..14.
        private static readonly byte[] MuLawExponent = BuildMuLawExponentTable();

        public static short MuLawToLinear(byte muLaw) => MuLawTable[muLaw];

        public static short ALawToLinear(byte aLaw) => ALawTable[aLaw];

        public static byte LinearToMuLaw(int sample)
        {
            int sign = (sample >> 8) & 0x80;
            if (sign != 0)
            {
                sample = -sample;
            }
            if (sample > MuLawClip)
            {
                sample = MuLawClip;
            }
            sample += MuLawBias;
            int exponent = MuLawExponent[(sample >> 7) & 0xFF];
            int mantissa = (sample >> (exponent + 3)) & 0x0F;
            return (byte)~(sign | (exponent << 4) | mantissa);
        }

        private static short[] BuildMuLawTable()
        {
            var table = new short[256];
            for (int i = 0; i < 256; i++)
            {
                int value = ~i & 0xFF;
                int exponent = (value >> 4) & 0x07;
                int mantissa = value & 0x0F;
                int magnitude = (((mantissa << 3) + MuLawBias) << exponent) - MuLawBias;
                table[i] = (short)((value & 0x80) != 0 ? -magnitude : magnitude);
            }
            return table;
        }

        private static short[] BuildALawTable()
        {
            var table = new short[256];
            for (int i = 0; i < 256; i++)
            {
                // A-law transmits every other bit inverted.
                int value = i ^ 0x55;
                int magnitude = (value & 0x0F) << 4;
                int segment = (value & 0x70) >> 4;
                switch (segment)
                {
                    case 0:
                        magnitude += 8;
                        break;
                    case 1:
                        magnitude += 0x108;
                        break;
                    default:
                        magnitude = (magnitude + 0x108) << (segment - 1);
                        break;
                }
                // In A-law a set sign bit means positive.
                table[i] = (short)((value & 0x80) != 0 ? magnitude : -magnitude);
            }
            return table;
        }

        private static byte[] BuildMuLawExponentTable()
        {
            var table = new byte[256];
            for (int i = 0; i < 256; i++)
            {
                int exponent = 0;
                for (int v = i; v > 1; v >>= 1)
                {
                    exponent++;
                }
                table[i] = (byte)exponent;
            }
            return table;
        }
    }
}
