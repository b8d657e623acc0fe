// Copyright (c) StreamingStt contributors. MIT License.
using System.Text;
using StreamingStt.Engine.Audio;

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>
    /// Builds WAV files byte by byte, including the broken and unusual ones real writers produce:
    /// any format tag, WAVE_FORMAT_EXTENSIBLE, extra chunks with odd sizes, wrong data sizes.
    /// </summary>
    internal sealed class WaveFileBuilder
    {
        public string RiffId { get; set; } = "RIFF";
        public int FormatTag { get; set; } = 1;
        public int Channels { get; set; } = 1;
        public int SampleRate { get; set; } = 16000;
        public int BitsPerSample { get; set; } = 16;

        /// <summary>Overrides the computed block align (channels × bytes per sample).</summary>
        public int? BlockAlign { get; set; }

        /// <summary>Writes a WAVE_FORMAT_EXTENSIBLE fmt chunk whose subformat GUID wraps this tag.</summary>
        public int? ExtensibleSubFormat { get; set; }
        public int? ValidBitsPerSample { get; set; }
        public Guid? SubFormatGuid { get; set; }

        /// <summary>Cuts the fmt chunk body to this many bytes (and declares that size).</summary>
        public int? FmtBodyLength { get; set; }
        public bool IncludeFmt { get; set; } = true;
        public bool IncludeData { get; set; } = true;

        /// <summary>The data chunk's declared size; null = the real size.</summary>
        public uint? DeclaredDataSize { get; set; }

        /// <summary>Writes an RF64 ds64 chunk declaring this data size (use with RiffId "RF64").</summary>
        public long? Rf64DataSize { get; set; }

        public byte[] Data { get; set; } = Array.Empty<byte>();
        public List<(string Id, byte[] Body)> ChunksBeforeFmt { get; } = new();
        public List<(string Id, byte[] Body)> ChunksBeforeData { get; } = new();
        public List<(string Id, byte[] Body)> ChunksAfterData { get; } = new();

        public static WaveFileBuilder For(SampleEncoding encoding, int channels, int sampleRate, byte[] data)
        {
            var (tag, bits) = TagAndBits(encoding);
            return new WaveFileBuilder { FormatTag = tag, BitsPerSample = bits, Channels = channels, SampleRate = sampleRate, Data = data };
        }

        public static (int Tag, int Bits) TagAndBits(SampleEncoding encoding) => encoding switch
        {
            SampleEncoding.Pcm8 => (1, 8),
            SampleEncoding.Pcm16 => (1, 16),
            SampleEncoding.Pcm24 => (1, 24),
            SampleEncoding.Pcm32 => (1, 32),
            SampleEncoding.Float32 => (3, 32),
            SampleEncoding.Float64 => (3, 64),
            SampleEncoding.ALaw => (6, 8),
            SampleEncoding.MuLaw => (7, 8),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };

        public byte[] Build()
        {
            var body = new MemoryStream();
            var writer = new BinaryWriter(body);
            writer.Write(Encoding.ASCII.GetBytes("WAVE"));
            if (Rf64DataSize.HasValue)
            {
                var ds64 = new MemoryStream();
                var ds64Writer = new BinaryWriter(ds64);
                ds64Writer.Write(0L);                  // RIFF size
                ds64Writer.Write(Rf64DataSize.Value);  // data size
                ds64Writer.Write(0L);                  // sample count
                ds64Writer.Write(0);                   // table length
                WriteChunk(writer, "ds64", ds64.ToArray());
            }
            foreach (var (id, chunk) in ChunksBeforeFmt)
            {
                WriteChunk(writer, id, chunk);
            }
            if (IncludeFmt)
            {
                byte[] fmt = BuildFmtBody();
                if (FmtBodyLength.HasValue)
                {
                    fmt = fmt.Take(FmtBodyLength.Value).ToArray();
                }
                WriteChunk(writer, "fmt ", fmt);
            }
            foreach (var (id, chunk) in ChunksBeforeData)
            {
                WriteChunk(writer, id, chunk);
            }
            if (IncludeData)
            {
                WriteChunk(writer, "data", Data, DeclaredDataSize);
            }
            foreach (var (id, chunk) in ChunksAfterData)
            {
                WriteChunk(writer, id, chunk);
            }
            writer.Flush();

            var file = new MemoryStream();
            var fileWriter = new BinaryWriter(file);
            fileWriter.Write(Encoding.ASCII.GetBytes(RiffId));
            fileWriter.Write(RiffId == "RIFF" ? (uint)body.Length : 0xFFFFFFFF);
            fileWriter.Write(body.ToArray());
            fileWriter.Flush();
            return file.ToArray();
        }

        public string WriteTo(TempFolder folder, string fileName = "audio.wav")
        {
            string path = Path.Combine(folder.Path, fileName);
            File.WriteAllBytes(path, Build());
            return path;
        }

        private byte[] BuildFmtBody()
        {
            var fmt = new MemoryStream();
            var writer = new BinaryWriter(fmt);
            int blockAlign = BlockAlign ?? Channels * ((BitsPerSample + 7) / 8);
            bool extensible = ExtensibleSubFormat.HasValue || SubFormatGuid.HasValue;
            writer.Write((ushort)(extensible ? 0xFFFE : FormatTag));
            writer.Write((ushort)Channels);
            writer.Write((uint)SampleRate);
            writer.Write((uint)(SampleRate * blockAlign));
            writer.Write((ushort)blockAlign);
            writer.Write((ushort)BitsPerSample);
            if (extensible)
            {
                writer.Write((ushort)22);
                writer.Write((ushort)(ValidBitsPerSample ?? BitsPerSample));
                writer.Write((uint)(Channels == 2 ? 0x3 : Channels == 6 ? 0x3F : 0x4)); // channel mask
                Guid guid = SubFormatGuid ?? new Guid($"{ExtensibleSubFormat!.Value:X8}-0000-0010-8000-00aa00389b71");
                writer.Write(guid.ToByteArray());
            }
            else if (FormatTag != 1)
            {
                writer.Write((ushort)0); // cbSize: non-PCM fmt chunks carry it
            }
            writer.Flush();
            return fmt.ToArray();
        }

        private static void WriteChunk(BinaryWriter writer, string id, byte[] body, uint? declaredSize = null)
        {
            writer.Write(Encoding.ASCII.GetBytes(id));
            writer.Write(declaredSize ?? (uint)body.Length);
            writer.Write(body);
            if (body.Length % 2 == 1)
            {
                writer.Write((byte)0); // RIFF pad byte
            }
        }

        // ---- sample encoders for test data ------------------------------------------------

        public static byte[] Pcm16(params short[] samples) => samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray();

        public static byte[] Pcm24(params int[] samples) =>
            samples.SelectMany(s => new[] { (byte)s, (byte)(s >> 8), (byte)(s >> 16) }).ToArray();

        public static byte[] Pcm32(params int[] samples) => samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray();

        public static byte[] Float32(params float[] samples) => samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray();

        public static byte[] Float64(params double[] samples) => samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray();

        /// <summary>Encodes float samples (full scale = 1) in any source encoding, for signal tests.</summary>
        public static byte[] Encode(SampleEncoding encoding, float[] samples)
        {
            switch (encoding)
            {
                case SampleEncoding.Pcm8:
                    return samples.Select(s => (byte)Math.Clamp(Math.Round(s * 128) + 128, 0, 255)).ToArray();
                case SampleEncoding.Pcm16:
                    return Pcm16(samples.Select(s => (short)Math.Clamp(Math.Round(s * 32768), -32768, 32767)).ToArray());
                case SampleEncoding.Pcm24:
                    return Pcm24(samples.Select(s => (int)Math.Clamp(Math.Round(s * 8388608.0), -8388608, 8388607)).ToArray());
                case SampleEncoding.Pcm32:
                    return Pcm32(samples.Select(s => (int)Math.Clamp(Math.Round(s * 2147483648.0), int.MinValue, int.MaxValue)).ToArray());
                case SampleEncoding.Float32:
                    return Float32(samples);
                case SampleEncoding.Float64:
                    return Float64(samples.Select(s => (double)s).ToArray());
                case SampleEncoding.MuLaw:
                    return samples.Select(s => G711.LinearToMuLaw((int)Math.Round(Math.Clamp(s, -1f, 0.99997f) * 32768))).ToArray();
                case SampleEncoding.ALaw:
                    return samples.Select(s => LinearToALaw((int)Math.Round(Math.Clamp(s, -1f, 0.99997f) * 32768))).ToArray();
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding));
            }
        }

        /// <summary>Reference G.711 A-law encoder (after Sun's g711.c); the engine only decodes A-law, tests need to write it.</summary>
        public static byte LinearToALaw(int sample)
        {
            int[] segmentEnds = { 0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF };
            int value = sample >> 3;
            int mask;
            if (value >= 0)
            {
                mask = 0xD5;
            }
            else
            {
                mask = 0x55;
                value = -value - 1;
            }
            int segment = 0;
            while (segment < 8 && value > segmentEnds[segment])
            {
                segment++;
            }
            if (segment >= 8)
            {
                return (byte)(0x7F ^ mask);
            }
            int quantized = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
            return (byte)(((segment << 4) | quantized) ^ mask);
        }
    }
}
