// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Audio
{
    /// <summary>WAV fmt-chunk format tags we decode, and readable names for those we do not.</summary>
    internal static class WaveFormatTag
    {
        public const int Pcm = 0x0001;
        public const int IeeeFloat = 0x0003;
        public const int ALaw = 0x0006;
        public const int MuLaw = 0x0007;
        public const int Extensible = 0xFFFE;

        /// <summary>"MP3 (format tag 0x0055)": the codec in words and the tag in hex, for error messages.</summary>
        public static string Describe(int tag) => $"{NameOf(tag)} (format tag 0x{tag:X4})";

        private static string NameOf(int tag)
        {
            switch (tag)
            {
                case 0x0000: return "an unknown codec";
                case Pcm: return "PCM";
                case 0x0002: return "Microsoft ADPCM";
                case IeeeFloat: return "IEEE float";
                case ALaw: return "G.711 A-law";
                case MuLaw: return "G.711 µ-law";
                case 0x0010: return "OKI ADPCM";
                case 0x0011: return "IMA ADPCM";
                case 0x0014: return "G.723 ADPCM";
                case 0x0022: return "DSP Group TrueSpeech";
                case 0x0031: return "GSM 6.10";
                case 0x0040: return "G.721 ADPCM";
                case 0x0042: return "G.723.1";
                case 0x0045: return "G.726 ADPCM";
                case 0x0050: return "MPEG-1 audio";
                case 0x0055: return "MP3";
                case 0x0064: return "G.726 ADPCM";
                case 0x0065: return "G.722 ADPCM";
                case 0x0092: return "Dolby AC-3 (S/PDIF)";
                case 0x00FF: return "AAC";
                case 0x0160: return "Windows Media Audio v1";
                case 0x0161: return "Windows Media Audio";
                case 0x0162: return "Windows Media Audio Pro";
                case 0x0163: return "Windows Media Audio Lossless";
                case 0x1610: return "HE-AAC";
                case 0x2000: return "Dolby AC-3";
                case 0x2001: return "DTS";
                case 0x674F: return "Ogg Vorbis";
                case 0x6750: return "Ogg Vorbis";
                case 0x6751: return "Ogg Vorbis";
                case 0x704F: return "Opus";
                case 0xF1AC: return "FLAC";
                case Extensible: return "WAVE_FORMAT_EXTENSIBLE";
                default: return "an unsupported codec";
            }
        }
    }
}
