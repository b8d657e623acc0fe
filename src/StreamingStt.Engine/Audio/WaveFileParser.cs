// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;
using System.Text;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Reads a RIFF/WAVE (or RF64/BW64) header up to the start of the samples. Unknown chunks are
    /// skipped; a data size of 0, 0xFFFFFFFF or one larger than the file (what streaming writers
    /// leave behind) means "read to the end of the file".
    /// </summary>
    internal static class WaveFileParser
    {
        private const uint UnknownSize = 0xFFFFFFFF;
        private const uint PlaceholderDataSize = 0x7FFF0000;
        private const int MinimumFmtSize = 16;
        private const int ExtensibleFmtSize = 40;
        private const uint MaxSampleRate = 1_000_000;

        // A fmt chunk bigger than this is nonsense; we read what we need and skip the rest.
        private const int MaxFmtBytesRead = 256;

        private const string SupportedFormats =
            "Supported WAV encodings are PCM (8, 16, 24 and 32-bit), IEEE float (32 and 64-bit), G.711 µ-law and A-law.";

        private const string ConvertHint =
            "Convert the file to 16-bit PCM WAV, for example: ffmpeg -i input -c:a pcm_s16le output.wav";

        // Bytes 2-15 of every KSDATAFORMAT_SUBTYPE_* GUID that wraps a classic format tag.
        private static readonly byte[] SubFormatGuidTail = { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 };

        public static WaveFileLayout Parse(Stream stream, string name)
        {
            var header = new byte[12];
            int headerBytes = ReadFully(stream, header, 0, 12, name);
            if (headerBytes == 0)
            {
                throw Corrupt(name, "the file is empty");
            }
            if (headerBytes < 12)
            {
                throw Corrupt(name, $"the file is only {headerBytes} bytes long, too short for a WAV header");
            }

            string riffId = Ascii(header, 0);
            string waveId = Ascii(header, 8);
            bool isRf64 = riffId == "RF64" || riffId == "BW64";
            if (riffId == "RIFX")
            {
                throw new SttException(SttErrorKind.AudioFormatNotSupported,
                    $"'{name}' is a big-endian WAV file (RIFX), which StreamingStt cannot decode. {SupportedFormats}", name)
                { RecommendedAction = ConvertHint };
            }
            if ((riffId != "RIFF" && !isRf64) || waveId != "WAVE")
            {
                throw Corrupt(name, "it does not start with a RIFF/WAVE header" + GuessContent(header, riffId, waveId));
            }

            long? fileLength = stream.CanSeek ? stream.Length : (long?)null;
            long? rf64DataSize = null;
            AudioFormat? format = null;
            var chunkHeader = new byte[8];
            while (true)
            {
                int read = ReadFully(stream, chunkHeader, 0, 8, name);
                if (read < 8)
                {
                    throw format == null
                        ? Corrupt(name, "it has no fmt chunk (the header is missing or truncated)")
                        : Corrupt(name, "it has no data chunk (the file is truncated or holds no audio)");
                }
                string chunkId = Ascii(chunkHeader, 0);
                uint chunkSize = ReadUInt32(chunkHeader, 4);

                if (chunkId == "fmt ")
                {
                    format = ReadFormat(stream, chunkSize, name);
                    SkipPadding(stream, chunkSize, name);
                    continue;
                }
                if (chunkId == "ds64" && isRf64 && chunkSize >= 24)
                {
                    var ds64 = new byte[24];
                    if (ReadFully(stream, ds64, 0, 24, name) < 24)
                    {
                        throw Corrupt(name, "its RF64 ds64 chunk is truncated");
                    }
                    rf64DataSize = ReadInt64(ds64, 8);
                    Skip(stream, chunkSize - 24L + (chunkSize & 1), name);
                    continue;
                }
                if (chunkId == "data")
                {
                    if (format == null)
                    {
                        throw Corrupt(name, "its data chunk comes before any fmt chunk, so the sample format is unknown");
                    }
                    return DescribeData(stream, name, format, chunkSize, isRf64 ? rf64DataSize : null, fileLength);
                }
                // LIST, fact, cue, bext, JUNK, PAD ...: not needed to play the samples.
                Skip(stream, chunkSize + (long)(chunkSize & 1), name);
            }
        }

        private static WaveFileLayout DescribeData(Stream stream, string name, AudioFormat format, uint chunkSize, long? rf64DataSize, long? fileLength)
        {
            long dataOffset = stream.CanSeek ? stream.Position : 0;
            long? available = fileLength.HasValue ? Math.Max(0, fileLength.Value - dataOffset) : (long?)null;

            long declared = chunkSize == UnknownSize && rf64DataSize.HasValue ? rf64DataSize.Value : chunkSize;
            bool sizeUnreliable = declared == 0 || chunkSize == UnknownSize && !rf64DataSize.HasValue || declared < 0
                || (available.HasValue && declared > available.Value);

            // A real size beyond the end of the file: the file was cut short. Not 0, 0xFFFFFFFF or a size near
            // 2 GiB, the placeholders writers put in a header while they stream (or when they cannot seek back).
            bool placeholder = chunkSize == UnknownSize && !rf64DataSize.HasValue || chunkSize >= PlaceholderDataSize && !rf64DataSize.HasValue;
            long? missing = declared > 0 && !placeholder && available.HasValue && declared > available.Value
                ? declared - available.Value
                : (long?)null;
            long dataLength = sizeUnreliable ? -1 : declared;
            long? knownBytes = sizeUnreliable ? available : declared;
            if (knownBytes.HasValue && knownBytes.Value < format.BlockAlign)
            {
                string why = declared > 0 ? "the file ends where its samples should start" : "its data chunk is empty";
                throw new SttException(SttErrorKind.AudioFileCorrupt, $"'{name}' contains no audio samples: {why}.", name);
            }
            return new WaveFileLayout(format, dataOffset, dataLength, knownBytes, missing);
        }

        private static AudioFormat ReadFormat(Stream stream, uint chunkSize, string name)
        {
            if (chunkSize < MinimumFmtSize)
            {
                throw Corrupt(name, $"its fmt chunk is {chunkSize} bytes, but needs at least {MinimumFmtSize}");
            }
            int toRead = (int)Math.Min(chunkSize, MaxFmtBytesRead);
            var fmt = new byte[toRead];
            if (ReadFully(stream, fmt, 0, toRead, name) < toRead)
            {
                throw Corrupt(name, "its fmt chunk is truncated");
            }
            Skip(stream, chunkSize - toRead, name);

            int tag = ReadUInt16(fmt, 0);
            int channels = ReadUInt16(fmt, 2);
            uint sampleRate = ReadUInt32(fmt, 4);
            int blockAlign = ReadUInt16(fmt, 12);
            int bitsPerSample = ReadUInt16(fmt, 14);

            if (channels == 0)
            {
                throw Corrupt(name, "its fmt chunk declares 0 channels");
            }
            if (sampleRate == 0)
            {
                throw Corrupt(name, "its fmt chunk declares a sample rate of 0 Hz");
            }
            if (sampleRate > MaxSampleRate)
            {
                // Beyond any real recording (and a resampler from there would need an enormous filter);
                // most likely a damaged header, but say what we read.
                throw NotSupported(name, $"a sample rate of {sampleRate} Hz (the most StreamingStt reads is {MaxSampleRate} Hz)");
            }

            int codec = tag;
            string codecDescription = WaveFormatTag.Describe(tag);
            if (tag == WaveFormatTag.Extensible)
            {
                if (chunkSize < ExtensibleFmtSize)
                {
                    throw Corrupt(name, $"its WAVE_FORMAT_EXTENSIBLE fmt chunk is {chunkSize} bytes, but needs {ExtensibleFmtSize}");
                }
                int validBits = ReadUInt16(fmt, 18);
                if (validBits > bitsPerSample)
                {
                    throw Corrupt(name, $"it declares {validBits} valid bits in a {bitsPerSample}-bit sample container");
                }
                codec = ReadUInt16(fmt, 24);
                if (!HasClassicSubFormat(fmt, 24))
                {
                    var guid = new byte[16];
                    Buffer.BlockCopy(fmt, 24, guid, 0, 16);
                    throw NotSupported(name, $"WAVE_FORMAT_EXTENSIBLE with the unknown subformat {{{new Guid(guid)}}}");
                }
                codecDescription = "WAVE_FORMAT_EXTENSIBLE with " + WaveFormatTag.Describe(codec) + " samples";
            }

            // Compressed codecs legitimately declare 0 bits per sample; the ones we decode cannot.
            bool decodable = codec == WaveFormatTag.Pcm || codec == WaveFormatTag.IeeeFloat || codec == WaveFormatTag.ALaw || codec == WaveFormatTag.MuLaw;
            if (bitsPerSample == 0 && decodable)
            {
                throw Corrupt(name, "its fmt chunk declares 0 bits per sample");
            }
            SampleEncoding encoding = ChooseEncoding(codec, bitsPerSample, codecDescription, name);

            int expectedBlockAlign = AudioFormat.BytesPer(encoding) * channels;
            if (blockAlign != expectedBlockAlign)
            {
                throw Corrupt(name,
                    $"its block align is {blockAlign} bytes, but {channels} channel(s) of {bitsPerSample}-bit samples need {expectedBlockAlign}");
            }
            return new AudioFormat((int)sampleRate, channels, encoding);
        }

        private static SampleEncoding ChooseEncoding(int codec, int bits, string codecDescription, string name)
        {
            switch (codec)
            {
                case WaveFormatTag.Pcm:
                    switch (bits)
                    {
                        case 8: return SampleEncoding.Pcm8;
                        case 16: return SampleEncoding.Pcm16;
                        case 24: return SampleEncoding.Pcm24;
                        case 32: return SampleEncoding.Pcm32;
                    }
                    throw NotSupported(name, $"{bits}-bit PCM");
                case WaveFormatTag.IeeeFloat:
                    switch (bits)
                    {
                        case 32: return SampleEncoding.Float32;
                        case 64: return SampleEncoding.Float64;
                    }
                    throw NotSupported(name, $"{bits}-bit IEEE float");
                case WaveFormatTag.ALaw:
                    if (bits == 8) return SampleEncoding.ALaw;
                    throw NotSupported(name, $"{bits}-bit G.711 A-law");
                case WaveFormatTag.MuLaw:
                    if (bits == 8) return SampleEncoding.MuLaw;
                    throw NotSupported(name, $"{bits}-bit G.711 µ-law");
                default:
                    throw NotSupported(name, codecDescription);
            }
        }

        private static bool HasClassicSubFormat(byte[] fmt, int offset)
        {
            for (int i = 0; i < SubFormatGuidTail.Length; i++)
            {
                if (fmt[offset + 2 + i] != SubFormatGuidTail[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static string GuessContent(byte[] header, string first, string third)
        {
            if (first.StartsWith("ID3", StringComparison.Ordinal) || (header[0] == 0xFF && (header[1] & 0xE0) == 0xE0))
                return " (it looks like an MP3 file)";
            if (first == "fLaC") return " (it looks like a FLAC file)";
            if (first == "OggS") return " (it looks like an Ogg file)";
            if (first == "FORM") return " (it looks like an AIFF file)";
            if (first == "caff") return " (it looks like a Core Audio file)";
            if (Ascii(header, 4) == "ftyp") return " (it looks like an MP4/M4A file)";
            if (first == "RIFF") return $" (it is a RIFF '{third}' file, not WAVE)";
            foreach (byte b in header)
            {
                bool text = b == 9 || b == 10 || b == 13 || (b >= 0x20 && b < 0x7F);
                if (!text) return string.Empty;
            }
            return " (it looks like a text file)";
        }

        private static void SkipPadding(Stream stream, uint chunkSize, string name)
        {
            // RIFF chunks are word aligned: an odd-sized chunk is followed by one pad byte.
            if ((chunkSize & 1) != 0)
            {
                Skip(stream, 1, name);
            }
        }

        private static void Skip(Stream stream, long count, string name)
        {
            if (count <= 0)
            {
                return;
            }
            try
            {
                if (stream.CanSeek)
                {
                    // Seeking past the end is allowed; the next header read then finds end of file.
                    stream.Seek(count, SeekOrigin.Current);
                    return;
                }
            }
            catch (IOException ex)
            {
                throw ReadFailed(name, ex);
            }
            var scratch = new byte[(int)Math.Min(count, 81920)];
            while (count > 0)
            {
                int read = ReadFully(stream, scratch, 0, (int)Math.Min(count, scratch.Length), name);
                if (read == 0)
                {
                    return;
                }
                count -= read;
            }
        }

        private static int ReadFully(Stream stream, byte[] buffer, int offset, int count, string name)
        {
            int total = 0;
            try
            {
                while (total < count)
                {
                    int read = stream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }
                    total += read;
                }
            }
            catch (IOException ex)
            {
                throw ReadFailed(name, ex);
            }
            return total;
        }

        private static SttException Corrupt(string name, string problem) =>
            new SttException(SttErrorKind.AudioFileCorrupt, $"'{name}' is not a valid WAV file: {problem}.", name)
            {
                RecommendedAction = "Check that the file is a complete WAV file; re-export or convert it (for example with ffmpeg).",
            };

        private static SttException NotSupported(string name, string what) =>
            new SttException(SttErrorKind.AudioFormatNotSupported,
                $"'{name}' uses {what}, which StreamingStt cannot decode. {SupportedFormats}", name)
            {
                RecommendedAction = ConvertHint,
            };

        private static SttException ReadFailed(string name, Exception inner) =>
            new SttException(SttErrorKind.AudioReadFailed, $"Reading '{name}' failed: {inner.Message}", name, inner);

        private static string Ascii(byte[] bytes, int offset) => Encoding.ASCII.GetString(bytes, offset, 4);

        private static int ReadUInt16(byte[] bytes, int offset) => bytes[offset] | bytes[offset + 1] << 8;

        private static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

        private static long ReadInt64(byte[] bytes, int offset) => ReadUInt32(bytes, offset) | (long)ReadUInt32(bytes, offset + 4) << 32;
    }
}
