// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class AudioFrameReaderTests
    {
        /// <summary>Every 16-bit output sample a source converts to at <paramref name="sampleRate"/>, without end padding.</summary>
        internal static short[] ReadAllSamples(IAudioSource source, int sampleRate, int frameMilliseconds = 20)
        {
            using var reader = new AudioFrameReader(source, sampleRate, OutputEncoding.PcmS16le, frameMilliseconds, minFrameMilliseconds: 0);
            var frame = new byte[reader.FrameBytes];
            var samples = new List<short>();
            int count;
            while ((count = reader.ReadFrame(frame)) > 0)
            {
                for (int i = 0; i < count; i += 2)
                {
                    samples.Add(BitConverter.ToInt16(frame, i));
                }
            }
            return samples.ToArray();
        }

        private static RawPcmStreamAudioSource Pcm16Source(int sampleRate, int channels, short[] samples) =>
            new RawPcmStreamAudioSource(new MemoryStream(WaveFileBuilder.Pcm16(samples)), new AudioFormat(sampleRate, channels, SampleEncoding.Pcm16), "memory");

        private static short[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (short)(i % 30000 + 1)).ToArray();

        [Theory]
        [InlineData(16000, OutputEncoding.PcmS16le, 50, 1600, 50)]
        [InlineData(16000, OutputEncoding.PcmS16le, 100, 3200, 100)]
        [InlineData(8000, OutputEncoding.PcmMulaw, 20, 160, 20)]
        [InlineData(44100, OutputEncoding.PcmS16le, 10, 882, 10)]
        [InlineData(48000, OutputEncoding.PcmMulaw, 1000, 48000, 1000)]
        public void FrameSizeFollowsRateEncodingAndLength(int rate, OutputEncoding encoding, int frameMs, int expectedBytes, int expectedMs)
        {
            using var reader = new AudioFrameReader(Pcm16Source(rate, 1, new short[10]), rate, encoding, frameMs, minFrameMilliseconds: 10);
            Assert.Equal(expectedBytes, reader.FrameBytes);
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), reader.FrameDuration);
            Assert.Equal(rate, reader.SampleRate);
            Assert.Equal(encoding, reader.Encoding);
        }

        [Fact]
        public void FullFramesThenAShortLastFrameOfAtLeastTheMinimum()
        {
            // 2.5 frames of 100 ms: two full frames, then 50 ms which is already the minimum.
            short[] samples = Ramp(4000);
            using var reader = new AudioFrameReader(Pcm16Source(16000, 1, samples), 16000, OutputEncoding.PcmS16le, 100);
            var frame = new byte[reader.FrameBytes];

            Assert.Equal(3200, reader.ReadFrame(frame));
            Assert.Equal(samples[0], BitConverter.ToInt16(frame, 0));
            Assert.Equal(3200, reader.ReadFrame(frame));
            Assert.Equal(samples[1600], BitConverter.ToInt16(frame, 0));
            Assert.Equal(1600, reader.ReadFrame(frame));
            Assert.Equal(samples[3999], BitConverter.ToInt16(frame, 1598));
            Assert.Equal(0, reader.ReadFrame(frame));
            Assert.Equal(0, reader.ReadFrame(frame));
            Assert.Equal(TimeSpan.FromMilliseconds(250), reader.AudioProduced);
        }

        [Fact]
        public void LastFrameLongerThanTheMinimumIsNotPadded()
        {
            using var reader = new AudioFrameReader(Pcm16Source(16000, 1, Ramp(1600 + 1234)), 16000, OutputEncoding.PcmS16le, 100);
            var frame = new byte[reader.FrameBytes];
            Assert.Equal(3200, reader.ReadFrame(frame));
            Assert.Equal(2468, reader.ReadFrame(frame));
            Assert.Equal(0, reader.ReadFrame(frame));
        }

        [Fact]
        public void ShortLastFrameIsPaddedWithPcmSilence()
        {
            using var reader = new AudioFrameReader(Pcm16Source(16000, 1, Ramp(1600 + 300)), 16000, OutputEncoding.PcmS16le, 100);
            var frame = new byte[reader.FrameBytes];
            Array.Fill(frame, (byte)0xAB);
            Assert.Equal(3200, reader.ReadFrame(frame));

            Assert.Equal(1600, reader.ReadFrame(frame)); // 300 samples padded to 50 ms = 800 samples
            Assert.Equal(1601, BitConverter.ToInt16(frame, 0));
            Assert.Equal(1900, BitConverter.ToInt16(frame, 598));
            Assert.All(frame.Skip(600).Take(1000), b => Assert.Equal(0, b));
            Assert.Equal(TimeSpan.FromMilliseconds(150), reader.AudioProduced);
        }

        [Fact]
        public void ShortLastFrameIsPaddedWithMuLawSilence()
        {
            using var reader = new AudioFrameReader(Pcm16Source(8000, 1, Ramp(100)), 8000, OutputEncoding.PcmMulaw, 100, minFrameMilliseconds: 50);
            var frame = new byte[reader.FrameBytes];

            Assert.Equal(400, reader.ReadFrame(frame));
            Assert.Equal(G711.LinearToMuLaw(1), frame[0]);
            Assert.All(frame.Skip(100).Take(300), b => Assert.Equal(0xFF, b));
            Assert.Equal(0, reader.ReadFrame(frame));
        }

        [Fact]
        public void ExactMultipleOfTheFrameHasNoExtraFrame()
        {
            using var reader = new AudioFrameReader(Pcm16Source(16000, 1, Ramp(3200)), 16000, OutputEncoding.PcmS16le, 100);
            var frame = new byte[reader.FrameBytes];
            Assert.Equal(3200, reader.ReadFrame(frame));
            Assert.Equal(3200, reader.ReadFrame(frame));
            Assert.Equal(0, reader.ReadFrame(frame));
        }

        [Fact]
        public void EncodesMuLawFromPcm()
        {
            short[] samples = { 0, 32124, -32124, 8, -8, 32767 };
            short[] padded = samples.Concat(new short[394]).ToArray();
            using var reader = new AudioFrameReader(Pcm16Source(8000, 1, padded), 8000, OutputEncoding.PcmMulaw, 50);
            var frame = new byte[reader.FrameBytes];
            Assert.Equal(400, reader.ReadFrame(frame));
            Assert.Equal(new byte[] { 0xFF, 0x80, 0x00, 0xFE, 0x7E, 0x80 }, frame.Take(6).ToArray());
        }

        [Fact]
        public void ConcatenatedFramesDoNotDependOnFrameLength()
        {
            float[] signal = SignalAnalysis.Sine(44100, 1234, 44100);
            byte[] data = WaveFileBuilder.Encode(SampleEncoding.Pcm16, signal);
            var format = new AudioFormat(44100, 1, SampleEncoding.Pcm16);

            short[] with20 = ReadAllSamples(new RawPcmStreamAudioSource(new MemoryStream(data), format, "a"), 16000, 20);
            short[] with250 = ReadAllSamples(new RawPcmStreamAudioSource(new MemoryStream(data), format, "b"), 16000, 250);

            Assert.Equal(16000, with20.Length);
            Assert.Equal(with20, with250);
        }

        [Fact]
        public void SourceThatSplitsBlocksGivesTheSameAudio()
        {
            short[] samples = Ramp(9000);
            byte[] data = WaveFileBuilder.Pcm16(samples);
            var format = new AudioFormat(48000, 3, SampleEncoding.Pcm16);

            short[] expected = ReadAllSamples(new RawPcmStreamAudioSource(new MemoryStream(data), format, "whole"), 16000);
            short[] actual = ReadAllSamples(new ChunkedAudioSource(format, data, 1, 5, 7, 1000, 3, 4097), 16000);

            Assert.Equal(3000 / 3, actual.Length);
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void DownmixesAndResamplesStereoFile()
        {
            // Left carries 440 Hz at 0.8, right is silent: mono is 440 Hz at 0.4.
            float[] left = SignalAnalysis.Sine(48000, 440, 48000, 0.8);
            float[] stereo = left.SelectMany(s => new[] { s, 0f }).ToArray();
            byte[] data = WaveFileBuilder.Encode(SampleEncoding.Float32, stereo);
            var source = new RawPcmStreamAudioSource(new MemoryStream(data), new AudioFormat(48000, 2, SampleEncoding.Float32), "stereo");

            short[] output = ReadAllSamples(source, 16000);

            Assert.Equal(16000, output.Length);
            float[] mono = output.Select(s => s / 32768f).ToArray();
            Assert.InRange(SignalAnalysis.ToneAmplitude(mono, 2000, 8192, 440, 16000), 0.395, 0.405);
            // Not delayed: the first sample is the sine's start, and sample 400 (25 ms, 11 cycles) is back near zero going up.
            Assert.InRange(mono[0], -0.01f, 0.01f);
            Assert.InRange(mono[400], -0.01f, 0.01f);
            Assert.True(mono[402] > mono[400]);
        }

        [Fact]
        public void UpsamplesMuLawTelephoneAudio()
        {
            float[] signal = SignalAnalysis.Sine(8000, 1000, 8000, 0.5);
            byte[] data = WaveFileBuilder.Encode(SampleEncoding.MuLaw, signal);
            var source = new RawPcmStreamAudioSource(new MemoryStream(data), new AudioFormat(8000, 1, SampleEncoding.MuLaw), "phone");

            float[] mono = ReadAllSamples(source, 16000).Select(s => s / 32768f).ToArray();

            Assert.Equal(16000, mono.Length);
            Assert.InRange(SignalAnalysis.ToneAmplitude(mono, 2000, 8192, 1000, 16000), 0.49, 0.51);
            double image = SignalAnalysis.ToneAmplitude(mono, 2000, 8192, 7000, 16000);
            Assert.True(SignalAnalysis.Decibels(0.5 / image) > 60, "image of 1 kHz at 7 kHz not rejected");
        }

        [Fact]
        public void SourceInTheWireFormatPassesThroughByteForByte()
        {
            // 1.03 s of 16 kHz mono s16 plus one stray byte: 20 full 50 ms frames, then 30 ms padded to 50 ms.
            short[] samples = Ramp(16000 + 480);
            byte[] data = WaveFileBuilder.Pcm16(samples).Concat(new byte[] { 0x7f }).ToArray();
            var source = new RawPcmStreamAudioSource(new TrickleStream(data, 333), new AudioFormat(16000, 1, SampleEncoding.Pcm16), "memory");
            using var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 50);
            Assert.True(reader.IsPassThrough);

            var frame = new byte[reader.FrameBytes];
            var sent = new List<byte>();
            var sizes = new List<int>();
            int count;
            while ((count = reader.ReadFrame(frame)) > 0)
            {
                sizes.Add(count);
                sent.AddRange(frame.Take(count));
            }

            Assert.Equal(Enumerable.Repeat(1600, 21), sizes);
            Assert.Equal(data.Take(samples.Length * 2).Concat(new byte[1600 - 960]), sent);
            Assert.Equal(TimeSpan.FromMilliseconds(1050), reader.AudioProduced);
        }

        [Theory]
        [InlineData(16000, 1, SampleEncoding.Pcm16, OutputEncoding.PcmMulaw)]
        [InlineData(16000, 2, SampleEncoding.Pcm16, OutputEncoding.PcmS16le)]
        [InlineData(48000, 1, SampleEncoding.Pcm16, OutputEncoding.PcmS16le)]
        [InlineData(16000, 1, SampleEncoding.Pcm24, OutputEncoding.PcmS16le)]
        public void OtherFormatsAreConverted(int rate, int channels, SampleEncoding sampleEncoding, OutputEncoding output)
        {
            var source = new RawPcmStreamAudioSource(new MemoryStream(new byte[120]), new AudioFormat(rate, channels, sampleEncoding), "memory");
            using var reader = new AudioFrameReader(source, 16000, output, 50);
            Assert.False(reader.IsPassThrough);
        }

        [Fact]
        public void SteadyStateReadFrameDoesNotAllocate()
        {
            // 25 s of 48 kHz stereo, resampled to 16 kHz µ-law in 20 ms frames (the shortest some providers take).
            short[] samples = new short[48000 * 2 * 25];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (short)(Math.Sin(i * 0.01) * 10000);
            }
            using var reader = new AudioFrameReader(Pcm16Source(48000, 2, samples), 16000, OutputEncoding.PcmMulaw, 20, minFrameMilliseconds: 20);
            var frame = new byte[reader.FrameBytes];
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(reader.FrameBytes, reader.ReadFrame(frame));
            }

            // Steady state: some round of 300 frames allocates nothing. A per-frame allocation shows in every round; a
            // one-off runtime allocation on this thread (tiering, type loading) in a busy test run does not (4,784 bytes
            // once in 12 full runs, while the machine was building).
            var rounds = new List<long>();
            for (int round = 0; round < 3 && (rounds.Count == 0 || rounds[^1] != 0); round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                int total = 0;
                for (int i = 0; i < 300; i++)
                {
                    total += reader.ReadFrame(frame);
                }
                rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
                Assert.Equal(300 * reader.FrameBytes, total);
            }
            Assert.True(rounds[^1] == 0, "bytes allocated per round of 300 frames: " + string.Join(", ", rounds));
        }

        [Fact]
        public void SteadyStateReadFrameFromAWaveFileDoesNotAllocate()
        {
            using var folder = new TempFolder();
            float[] signal = SignalAnalysis.Sine(44100, 300, 44100 * 12, 0.3);
            string path = WaveFileBuilder.For(SampleEncoding.Pcm24, 1, 44100, WaveFileBuilder.Encode(SampleEncoding.Pcm24, signal)).WriteTo(folder);
            using var source = WaveFileAudioSource.Open(path);
            using var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 10, minFrameMilliseconds: 10);
            var frame = new byte[reader.FrameBytes];
            for (int i = 0; i < 50; i++)
            {
                reader.ReadFrame(frame);
            }

            // Steady state: some round of 300 frames allocates nothing. (A single round can see a
            // one-off runtime allocation on this thread — tiering, type loading — in a busy test run.)
            var rounds = new List<long>();
            for (int round = 0; round < 3 && (rounds.Count == 0 || rounds[^1] != 0); round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 300; i++)
                {
                    reader.ReadFrame(frame);
                }
                rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.True(rounds[^1] == 0, "bytes allocated per round of 300 frames: " + string.Join(", ", rounds));
        }

        [Theory]
        [InlineData(3999, 20, 50, "SampleRate")]
        [InlineData(192001, 20, 10, "SampleRate")]
        [InlineData(16000, 9, 0, "FrameMilliseconds")]
        [InlineData(16000, 1001, 50, "FrameMilliseconds")]
        [InlineData(16000, 40, 50, "FrameMilliseconds")]
        [InlineData(16000, 100, -1, "FrameMilliseconds")]
        [InlineData(11025, 50, 50, "FrameMilliseconds")]
        public void InvalidOptionsAreOptionInvalid(int rate, int frameMs, int minMs, string option)
        {
            var error = Assert.Throws<SttException>(() =>
                new AudioFrameReader(Pcm16Source(16000, 1, new short[1]), rate, OutputEncoding.PcmS16le, frameMs, minMs));
            Assert.Equal(SttErrorKind.OptionInvalid, error.Kind);
            Assert.Equal(option, error.Target);
        }

        [Fact]
        public void FrameThatIsNotAWholeNumberOfSamplesSuggestsALengthThatIs()
        {
            var error = Assert.Throws<SttException>(() =>
                new AudioFrameReader(Pcm16Source(16000, 1, new short[1]), 11025, OutputEncoding.PcmS16le, 50));
            Assert.Contains("551.25 samples", error.Message);
            Assert.Contains("multiple of 40 ms", error.Message);

            using var ok = new AudioFrameReader(Pcm16Source(16000, 1, new short[1]), 11025, OutputEncoding.PcmS16le, 80);
            Assert.Equal(882 * 2, ok.FrameBytes);
        }

        [Fact]
        public void BufferSmallerThanAFrameIsRejected()
        {
            using var reader = new AudioFrameReader(Pcm16Source(16000, 1, new short[1]), 16000, OutputEncoding.PcmS16le, 50);
            Assert.Throws<ArgumentException>(() => reader.ReadFrame(new byte[reader.FrameBytes - 1]));
        }

        [Fact]
        public void DisposingTheReaderLeavesTheSourceToItsOwner()
        {
            var source = new ChunkedAudioSource(new AudioFormat(16000, 1, SampleEncoding.Pcm16), new byte[3200], 640);
            var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 50);
            Assert.Same(source, reader.Source);
            reader.Dispose();
            Assert.False(source.Disposed);
            Assert.Throws<ObjectDisposedException>(() => reader.ReadFrame(new byte[1600]));
        }

        [Fact]
        public void SourceErrorsSurfaceUnchanged()
        {
            var source = new RawPcmStreamAudioSource(new FailingStream(new byte[10000], failAfter: 5000),
                new AudioFormat(16000, 1, SampleEncoding.Pcm16), "pipe");
            using var reader = new AudioFrameReader(source, 16000, OutputEncoding.PcmS16le, 50);
            var frame = new byte[reader.FrameBytes];
            var error = Assert.Throws<SttException>(() =>
            {
                while (reader.ReadFrame(frame) > 0)
                {
                }
            });
            Assert.Equal(SttErrorKind.AudioReadFailed, error.Kind);
            Assert.Equal("pipe", error.Target);
        }
    }
}
