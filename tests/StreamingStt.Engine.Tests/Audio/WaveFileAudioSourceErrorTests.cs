// Copyright (c) StreamingStt contributors. MIT License.
using System.Text;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class WaveFileAudioSourceErrorTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void MissingFileIsAudioFileNotFound()
        {
            string path = _folder.File("nothing-here.wav");
            AssertFails(path, SttErrorKind.AudioFileNotFound, "does not exist");
        }

        [Fact]
        public void MissingFolderIsAudioFileNotFound()
        {
            string path = Path.Combine(_folder.Path, "no-such-folder", "a.wav");
            AssertFails(path, SttErrorKind.AudioFileNotFound, "does not exist");
        }

        [Fact]
        public void FolderIsAudioFileNotFound()
        {
            AssertFails(_folder.Path, SttErrorKind.AudioFileNotFound, "folder");
        }

        [Fact]
        public void EmptyPathIsOptionInvalid()
        {
            var error = Assert.Throws<SttException>(() => WaveFileAudioSource.Open(" "));
            Assert.Equal(SttErrorKind.OptionInvalid, error.Kind);
        }

        [Fact]
        public void TextFileRenamedToWavIsCorrupt()
        {
            string path = _folder.File("notes.wav");
            File.WriteAllText(path, "These are my meeting notes, not audio.\n");
            AssertFails(path, SttErrorKind.AudioFileCorrupt, "text file");
        }

        [Fact]
        public void Mp3RenamedToWavIsCorruptAndSaysMp3()
        {
            string path = _folder.File("song.wav");
            File.WriteAllBytes(path, Encoding.ASCII.GetBytes("ID3\u0004\0\0\0\0\0\u0017TIT2 and more bytes"));
            AssertFails(path, SttErrorKind.AudioFileCorrupt, "MP3");
        }

        [Fact]
        public void EmptyFileIsCorrupt()
        {
            string path = _folder.File("empty.wav");
            File.WriteAllBytes(path, Array.Empty<byte>());
            AssertFails(path, SttErrorKind.AudioFileCorrupt, "empty");
        }

        [Theory]
        [InlineData(6)]
        [InlineData(12)]
        [InlineData(20)]
        [InlineData(30)]
        [InlineData(43)]
        public void TruncatedHeaderIsCorrupt(int keptBytes)
        {
            byte[] full = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2, 3)).Build();
            string path = _folder.File("cut.wav");
            File.WriteAllBytes(path, full.Take(keptBytes).ToArray());
            AssertFails(path, SttErrorKind.AudioFileCorrupt, "");
        }

        [Fact]
        public void RiffThatIsNotWaveIsCorrupt()
        {
            byte[] bytes = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1)).Build();
            Encoding.ASCII.GetBytes("AVI ").CopyTo(bytes, 8);
            string path = _folder.File("movie.wav");
            File.WriteAllBytes(path, bytes);
            AssertFails(path, SttErrorKind.AudioFileCorrupt, "AVI");
        }

        [Fact]
        public void MissingFmtChunkIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.IncludeFmt = false;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "fmt");
        }

        [Fact]
        public void NoChunksAtAllIsCorrupt()
        {
            var builder = new WaveFileBuilder { IncludeFmt = false, IncludeData = false };
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "no fmt chunk");
        }

        [Fact]
        public void MissingDataChunkIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, Array.Empty<byte>());
            builder.IncludeData = false;
            builder.ChunksBeforeData.Add(("LIST", new byte[10]));
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "no data chunk");
        }

        [Fact]
        public void ShortFmtChunkIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.FmtBodyLength = 14;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "fmt chunk is 14 bytes");
        }

        [Fact]
        public void ShortExtensibleFmtChunkIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.ExtensibleSubFormat = 1;
            builder.FmtBodyLength = 24;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "EXTENSIBLE");
        }

        [Fact]
        public void ZeroChannelsIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.Channels = 0;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "0 channels");
        }

        [Fact]
        public void ZeroSampleRateIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.SampleRate = 0;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "0 Hz");
        }

        [Fact]
        public void ZeroBitsPerSampleIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.BitsPerSample = 0;
            builder.BlockAlign = 2;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "0 bits");
        }

        [Fact]
        public void BlockAlignMismatchIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 2, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.BlockAlign = 2;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "block align");
        }

        [Fact]
        public void ValidBitsAboveContainerIsCorrupt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.ExtensibleSubFormat = 1;
            builder.ValidBitsPerSample = 20;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "20 valid bits");
        }

        [Theory]
        [InlineData(0x0002, 4, 256, "Microsoft ADPCM", "0x0002")]
        [InlineData(0x0011, 4, 256, "IMA ADPCM", "0x0011")]
        [InlineData(0x0031, 0, 65, "GSM 6.10", "0x0031")]
        [InlineData(0x0055, 0, 1, "MP3", "0x0055")]
        [InlineData(0x4321, 16, 2, "unsupported codec", "0x4321")]
        public void UnsupportedCodecSaysWhichOne(int tag, int bits, int blockAlign, string name, string hex)
        {
            var builder = new WaveFileBuilder { FormatTag = tag, BitsPerSample = bits, BlockAlign = blockAlign, Data = new byte[512] };
            var error = AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, name);
            Assert.Contains(hex, error.Message);
            Assert.NotNull(error.RecommendedAction);
        }

        [Theory]
        [InlineData(1, 12, "12-bit PCM")]
        [InlineData(1, 20, "20-bit PCM")]
        [InlineData(3, 16, "16-bit IEEE float")]
        [InlineData(7, 16, "16-bit G.711 µ-law")]
        public void UnsupportedSampleSizeIsNotSupported(int tag, int bits, string description)
        {
            var builder = new WaveFileBuilder { FormatTag = tag, BitsPerSample = bits, Data = new byte[64] };
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, description);
        }

        [Fact]
        public void ExtensibleWithAnUnsupportedSubFormatNamesIt()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.ExtensibleSubFormat = 0x0055;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, "EXTENSIBLE with MP3");
        }

        [Fact]
        public void ExtensibleWithAForeignGuidIsNotSupported()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.SubFormatGuid = new Guid("6dba3190-67bd-11cf-a0f7-0020afd156e4"); // Dolby AC-3 SPDIF
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, "6dba3190-67bd-11cf-a0f7-0020afd156e4");
        }

        [Fact]
        public void BigEndianRifxIsNotSupported()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.RiffId = "RIFX";
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, "RIFX");
        }

        [Fact]
        public void EmptyDataChunkContainsNoAudio()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, Array.Empty<byte>());
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "contains no audio samples");
        }

        [Fact]
        public void DataChunkShorterThanOneBlockContainsNoAudio()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm24, 2, 16000, new byte[] { 1, 2, 3, 4 });
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "contains no audio samples");
        }

        [Fact]
        public void DataChunkDeclaredButCutOffContainsNoAudio()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, Array.Empty<byte>());
            builder.DeclaredDataSize = 32000;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFileCorrupt, "contains no audio samples");
        }

        [Fact]
        public void IoErrorWhileReadingTheHeaderIsAudioReadFailed()
        {
            byte[] bytes = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2)).Build();
            var stream = new FailingStream(bytes, failAfter: 20);
            var error = Assert.Throws<SttException>(() => WaveFileParser.Parse(stream, "broken-disk.wav"));
            Assert.Equal(SttErrorKind.AudioReadFailed, error.Kind);
            Assert.Equal("broken-disk.wav", error.Target);
            Assert.IsType<IOException>(error.InnerException);
        }

        [Fact]
        public void ImplausibleSampleRateIsNotSupported()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.SampleRate = 2_000_000_000;
            AssertFails(builder.WriteTo(_folder), SttErrorKind.AudioFormatNotSupported, "2000000000 Hz");
        }

        [Fact]
        public void DamagedFilesFailWithSttExceptionsOnly()
        {
            // Random byte damage and truncation of a file with extra chunks: opening and reading must
            // either work or fail with a corrupt/unsupported error, never an index or end-of-stream crash.
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 2, 22050, WaveFileBuilder.Pcm16(Enumerable.Range(0, 400).Select(i => (short)i).ToArray()));
            builder.ChunksBeforeFmt.Add(("JUNK", new byte[9]));
            builder.ChunksBeforeData.Add(("LIST", new byte[13]));
            builder.ExtensibleSubFormat = 1;
            byte[] original = builder.Build();
            var random = new Random(1234);
            string path = _folder.File("damaged.wav");
            int opened = 0, rejected = 0;
            for (int trial = 0; trial < 400; trial++)
            {
                byte[] damaged = (byte[])original.Clone();
                int headerEnd = original.Length - 800; // damage the header, not the samples
                for (int hits = random.Next(1, 4); hits > 0; hits--)
                {
                    damaged[random.Next(0, headerEnd)] = (byte)(random.Next(0, 3) == 0 ? 0xFF : random.Next(256));
                }
                if (random.Next(0, 3) == 0)
                {
                    damaged = damaged.Take(random.Next(0, damaged.Length)).ToArray();
                }
                File.WriteAllBytes(path, damaged);
                try
                {
                    using var source = WaveFileAudioSource.Open(path);
                    using var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 100);
                    var frame = new byte[reader.FrameBytes];
                    while (reader.ReadFrame(frame) > 0)
                    {
                    }
                    opened++;
                }
                catch (SttException error)
                {
                    Assert.Contains(error.Kind, new[] { SttErrorKind.AudioFileCorrupt, SttErrorKind.AudioFormatNotSupported });
                    rejected++;
                }
            }
            Assert.True(opened > 20 && rejected > 100, $"opened {opened}, rejected {rejected}");
        }

        private static SttException AssertFails(string path, SttErrorKind kind, string messagePart)
        {
            var error = Assert.Throws<SttException>(() => WaveFileAudioSource.Open(path));
            Assert.Equal(kind, error.Kind);
            string fullPath = Path.GetFullPath(path);
            Assert.Equal(fullPath, error.Target);
            Assert.Contains(fullPath, error.Message);
            Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("Stt" + kind, error.ErrorId);
            return error;
        }
    }
}
