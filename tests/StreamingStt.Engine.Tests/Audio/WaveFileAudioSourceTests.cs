// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class WaveFileAudioSourceTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        public static TheoryData<SampleEncoding, byte[], short[]> KnownSamples => new()
        {
            { SampleEncoding.Pcm8, new byte[] { 128, 255, 0, 192, 64 }, new short[] { 0, 32512, -32768, 16384, -16384 } },
            { SampleEncoding.Pcm16, WaveFileBuilder.Pcm16(0, 1000, -1000, 32767, -32768), new short[] { 0, 1000, -1000, 32767, -32768 } },
            { SampleEncoding.Pcm24, WaveFileBuilder.Pcm24(0, 0x7FFFFF, -0x800000, 0x123456, -256), new short[] { 0, 32767, -32768, 4660, -1 } },
            { SampleEncoding.Pcm32, WaveFileBuilder.Pcm32(int.MaxValue, int.MinValue, 1000 << 16, -(1000 << 16), 0), new short[] { 32767, -32768, 1000, -1000, 0 } },
            { SampleEncoding.Float32, WaveFileBuilder.Float32(0.5f, -0.25f, 2f, -2f, 0f), new short[] { 16384, -8192, 32767, -32768, 0 } },
            { SampleEncoding.Float64, WaveFileBuilder.Float64(0.5, -0.25, 1.5, -1.0, 1000.0 / 32768), new short[] { 16384, -8192, 32767, -32768, 1000 } },
            { SampleEncoding.MuLaw, new byte[] { 0xFF, 0x00, 0x80, 0xFE, 0x7E }, new short[] { 0, -32124, 32124, 8, -8 } },
            { SampleEncoding.ALaw, new byte[] { 0xD5, 0x55, 0xAA, 0x2A, 0xD4 }, new short[] { 8, -8, 32256, -32256, 24 } },
        };

        [Theory]
        [MemberData(nameof(KnownSamples))]
        public void DecodesKnownSampleValues(SampleEncoding encoding, byte[] data, short[] expected)
        {
            string path = WaveFileBuilder.For(encoding, 1, 16000, data).WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new AudioFormat(16000, 1, encoding), source.Format);
            Assert.Equal(expected, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        public static TheoryData<SampleEncoding, int> ExtensibleFormats => new()
        {
            { SampleEncoding.Pcm16, 16 },
            { SampleEncoding.Pcm24, 20 },
            { SampleEncoding.Pcm32, 24 },
            { SampleEncoding.Float32, 32 },
            { SampleEncoding.Float64, 64 },
            { SampleEncoding.MuLaw, 8 },
            { SampleEncoding.ALaw, 8 },
        };

        [Theory]
        [MemberData(nameof(ExtensibleFormats))]
        public void ReadsWaveFormatExtensible(SampleEncoding encoding, int validBits)
        {
            float[] signal = { 0f, 0.25f, -0.5f, 0.75f };
            var builder = WaveFileBuilder.For(encoding, 1, 8000, WaveFileBuilder.Encode(encoding, signal));
            builder.ExtensibleSubFormat = builder.FormatTag;
            builder.ValidBitsPerSample = validBits;
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new AudioFormat(8000, 1, encoding), source.Format);
            short[] samples = AudioFrameReaderTests.ReadAllSamples(source, 8000);
            // G.711 is lossy: allow one quantisation step at -6 dB (512).
            int tolerance = encoding == SampleEncoding.MuLaw || encoding == SampleEncoding.ALaw ? 512 : 0;
            for (int i = 0; i < signal.Length; i++)
            {
                Assert.InRange(samples[i], signal[i] * 32768 - tolerance, signal[i] * 32768 + tolerance);
            }
        }

        [Fact]
        public void AveragesStereoToMono()
        {
            byte[] data = WaveFileBuilder.Pcm16(1000, 3000, -2000, -6000, 32767, 32765);
            string path = WaveFileBuilder.For(SampleEncoding.Pcm16, 2, 16000, data).WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(2, source.Format.Channels);
            Assert.Equal(new short[] { 2000, -4000, 32766 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        [Fact]
        public void AveragesSixChannelsToMono()
        {
            // 24-bit 5.1: channel c of frame f holds (c + 1) * 256 * (f + 1) in 16-bit terms.
            var samples = new List<int>();
            for (int frame = 0; frame < 3; frame++)
            {
                for (int channel = 0; channel < 6; channel++)
                {
                    samples.Add((channel + 1) * 256 * (frame + 1) * 256);
                }
            }
            string path = WaveFileBuilder.For(SampleEncoding.Pcm24, 6, 48000, WaveFileBuilder.Pcm24(samples.ToArray())).WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new AudioFormat(48000, 6, SampleEncoding.Pcm24), source.Format);
            Assert.Equal(new short[] { 896, 1792, 2688 }, AudioFrameReaderTests.ReadAllSamples(source, 48000));
        }

        [Theory]
        [InlineData(8000, SampleEncoding.MuLaw)]
        [InlineData(8000, SampleEncoding.ALaw)]
        [InlineData(16000, SampleEncoding.Pcm16)]
        [InlineData(22050, SampleEncoding.Pcm8)]
        [InlineData(44100, SampleEncoding.Pcm16)]
        [InlineData(44100, SampleEncoding.Float32)]
        [InlineData(48000, SampleEncoding.Pcm24)]
        [InlineData(48000, SampleEncoding.Float64)]
        [InlineData(32000, SampleEncoding.Pcm32)]
        public void DurationAndConvertedLengthMatchTheData(int sampleRate, SampleEncoding encoding)
        {
            // 1.5 s of a 440 Hz tone at half scale, stereo.
            int frames = sampleRate * 3 / 2;
            float[] mono = SignalAnalysis.Sine(sampleRate, 440, frames, 0.5);
            float[] stereo = mono.SelectMany(s => new[] { s, s }).ToArray();
            string path = WaveFileBuilder.For(encoding, 2, sampleRate, WaveFileBuilder.Encode(encoding, stereo)).WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);
            Assert.Equal(TimeSpan.FromSeconds(1.5), source.Duration);
            Assert.Equal(path, source.Name);
            Assert.False(source.IsRealTime);

            using var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 50);
            var frame = new byte[reader.FrameBytes];
            var output = new List<float>();
            int count;
            int frameCount = 0;
            while ((count = reader.ReadFrame(frame)) > 0)
            {
                Assert.Equal(reader.FrameBytes, count); // 1.5 s is a whole number of 50 ms frames
                for (int i = 0; i < count; i += 2)
                {
                    output.Add(BitConverter.ToInt16(frame, i) / 32768f);
                }
                frameCount++;
            }

            Assert.Equal(30, frameCount);
            Assert.Equal(TimeSpan.FromSeconds(1.5), reader.AudioProduced);
            float[] samples = output.ToArray();
            double amplitude = SignalAnalysis.ToneAmplitude(samples, 4000, 16000, 440, 16000);
            Assert.InRange(amplitude, 0.49, 0.51);
        }

        [Fact]
        public void SkipsUnknownChunksIncludingOddSizedOnes()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(100, 200, 300));
            builder.ChunksBeforeFmt.Add(("JUNK", new byte[28]));
            builder.ChunksBeforeData.Add(("LIST", new byte[] { (byte)'I', (byte)'N', (byte)'F', (byte)'O', 1, 2, 3 }));
            builder.ChunksBeforeData.Add(("fact", BitConverter.GetBytes(3)));
            builder.ChunksAfterData.Add(("LIST", new byte[101]));
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new short[] { 100, 200, 300 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
            Assert.Equal(TimeSpan.FromTicks(3 * TimeSpan.TicksPerSecond / 16000), source.Duration);
        }

        [Fact]
        public void ReadsAnOddSizedDataChunkFollowedByItsPadByteAndMoreChunks()
        {
            // 8-bit mono with 3 samples: the data chunk is odd, so a pad byte precedes the trailing chunk.
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm8, 1, 8000, new byte[] { 129, 130, 131 });
            builder.ChunksAfterData.Add(("LIST", new byte[40]));
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new short[] { 256, 512, 768 }, AudioFrameReaderTests.ReadAllSamples(source, 8000));
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(0xFFFFFFFFu)]
        [InlineData(1_000_000u)]
        public void DataSizeFromAStreamingWriterMeansReadToTheEnd(uint declaredSize)
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2, 3, 4));
            builder.DeclaredDataSize = declaredSize;
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(-1, source.DataLength);
            Assert.Equal(TimeSpan.FromTicks(4 * TimeSpan.TicksPerSecond / 16000), source.Duration);
            Assert.Equal(new short[] { 1, 2, 3, 4 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        [Fact]
        public void TruncatedFileDropsThePartialLastBlock()
        {
            // Declares 12 bytes of 24-bit stereo (2 blocks) but the file ends 2 bytes into the second block.
            byte[] data = WaveFileBuilder.Pcm24(0x010000, 0x030000, 0x050000, 0x070000);
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm24, 2, 16000, data.Take(8).ToArray());
            builder.DeclaredDataSize = 12;
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(new short[] { 512 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        [Fact]
        public void StopsAtTheDeclaredDataSize()
        {
            // A data size that is not a whole number of blocks: the partial block is dropped, the trailing chunk is not audio.
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(7, 8, 9));
            builder.DeclaredDataSize = 5;
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(5, source.DataLength);
            Assert.Equal(new short[] { 7, 8 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        [Fact]
        public void ReadsRf64()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(5, 6, 7, 8, 9));
            builder.RiffId = "RF64";
            builder.Rf64DataSize = 6;
            builder.DeclaredDataSize = 0xFFFFFFFF;
            string path = builder.WriteTo(_folder);

            using var source = WaveFileAudioSource.Open(path);

            Assert.Equal(6, source.DataLength);
            Assert.Equal(new short[] { 5, 6, 7 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }

        [Fact]
        public void ReadReturnsWholeBlocksOnly()
        {
            // 24-bit stereo: 6-byte blocks; asking for 20 bytes returns 18.
            byte[] data = WaveFileBuilder.Pcm24(Enumerable.Range(1, 20).ToArray());
            string path = WaveFileBuilder.For(SampleEncoding.Pcm24, 2, 16000, data).WriteTo(_folder);
            using var source = WaveFileAudioSource.Open(path);

            var buffer = new byte[20];
            var all = new List<byte>();
            int read;
            while ((read = source.Read(buffer, 0, 20)) > 0)
            {
                Assert.Equal(0, read % 6);
                all.AddRange(buffer.Take(read));
            }
            Assert.Equal(data, all.ToArray());
        }

        [Fact]
        public void RelativePathsResolveToTheFullPath()
        {
            string path = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1)).WriteTo(_folder, "relative.wav");
            string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

            using var source = WaveFileAudioSource.Open(relative);

            Assert.Equal(path, source.Name);
        }

        [Fact]
        public void FileBeingWrittenCanBeReadAndSeesAppendedAudio()
        {
            // A recorder keeps the file open for writing and has not filled in the data size yet.
            string path = _folder.File("recording.wav");
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, WaveFileBuilder.Pcm16(1, 2));
            builder.DeclaredDataSize = 0;
            using var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            writer.Write(builder.Build());
            writer.Flush();

            using var source = WaveFileAudioSource.Open(path);
            writer.Write(WaveFileBuilder.Pcm16(3, 4));
            writer.Flush();

            Assert.Equal(new short[] { 1, 2, 3, 4 }, AudioFrameReaderTests.ReadAllSamples(source, 16000));
        }
    }
}
