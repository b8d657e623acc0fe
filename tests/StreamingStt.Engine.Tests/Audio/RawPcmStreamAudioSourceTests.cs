// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class RawPcmStreamAudioSourceTests
    {
        [Fact]
        public void TricklingStreamYieldsWholeBlocksOnly()
        {
            // 24-bit stereo (6-byte blocks) plus 4 stray bytes at the end.
            byte[] data = Enumerable.Range(0, 6 * 500 + 4).Select(i => (byte)(i * 7)).ToArray();
            var stream = new TrickleStream(data);
            using var source = new RawPcmStreamAudioSource(stream, new AudioFormat(48000, 2, SampleEncoding.Pcm24), "stdin");

            var buffer = new byte[4096];
            var received = new List<byte>();
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                Assert.Equal(0, read % 6);
                received.AddRange(buffer.Take(read));
            }

            Assert.Equal(data.Take(3000), received);
            Assert.True(stream.ReadSizes.Max() <= 7 && stream.ReadSizes.Count > 500);
            Assert.Equal(0, source.Read(buffer, 0, buffer.Length));
        }

        [Fact]
        public void TricklingStreamConvertsLikeAWholeStream()
        {
            float[] signal = SignalAnalysis.Sine(22050, 500, 22050 / 2, 0.5);
            byte[] data = WaveFileBuilder.Encode(SampleEncoding.Float64, signal.SelectMany(s => new[] { s, -s, s }).ToArray());
            var format = new AudioFormat(22050, 3, SampleEncoding.Float64);

            short[] expected = AudioFrameReaderTests.ReadAllSamples(new RawPcmStreamAudioSource(new MemoryStream(data), format, "memory"), 16000);
            short[] actual = AudioFrameReaderTests.ReadAllSamples(new RawPcmStreamAudioSource(new TrickleStream(data, seed: 3), format, "stdin"), 16000);

            Assert.Equal(8000, actual.Length);
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void SeekableStreamHasADuration()
        {
            var stream = new MemoryStream(new byte[32000 * 3 + 1]);
            stream.Position = 32000; // only what is left counts; the odd byte is not a whole sample
            using var source = new RawPcmStreamAudioSource(stream, new AudioFormat(16000, 1, SampleEncoding.Pcm16), "memory");
            Assert.Equal(TimeSpan.FromSeconds(2), source.Duration);
            Assert.False(source.IsRealTime);
            Assert.Equal("memory", source.Name);
        }

        [Fact]
        public void UnseekableStreamHasNoDuration()
        {
            using var source = new RawPcmStreamAudioSource(new TrickleStream(new byte[100]), new AudioFormat(16000, 1, SampleEncoding.Pcm16), "stdin");
            Assert.Null(source.Duration);
        }

        [Theory]
        [InlineData(false, true)]
        [InlineData(true, false)]
        public void DisposesTheStreamUnlessLeftOpen(bool leaveOpen, bool expectDisposed)
        {
            var stream = new TrickleStream(new byte[100]);
            var source = new RawPcmStreamAudioSource(stream, new AudioFormat(16000, 1, SampleEncoding.Pcm16), "stdin", leaveOpen);
            source.Dispose();
            Assert.Equal(expectDisposed, stream.Disposed);
            Assert.Throws<ObjectDisposedException>(() => source.Read(new byte[10], 0, 10));
        }

        [Fact]
        public void IoErrorIsAudioReadFailedNamingTheSource()
        {
            using var source = new RawPcmStreamAudioSource(new FailingStream(new byte[100], failAfter: 10),
                new AudioFormat(16000, 1, SampleEncoding.Pcm16), "stdin");
            var buffer = new byte[64];
            Assert.Equal(10, source.Read(buffer, 0, 64));
            var error = Assert.Throws<SttException>(() => source.Read(buffer, 0, 64));
            Assert.Equal(SttErrorKind.AudioReadFailed, error.Kind);
            Assert.Equal("stdin", error.Target);
            Assert.Contains("stdin", error.Message);
        }

        [Fact]
        public void StreamDisposedDuringAReadEndsTheAudio()
        {
            // The session disposes the source to stop a read blocked on a pipe; that is the end, not an error.
            var stream = new MemoryStream(new byte[100]);
            using var source = new RawPcmStreamAudioSource(stream, new AudioFormat(16000, 1, SampleEncoding.Pcm16), "stdin", leaveOpen: true);
            stream.Dispose();
            Assert.Equal(0, source.Read(new byte[64], 0, 64));
        }

        [Fact]
        public void RejectsBadArguments()
        {
            var format = new AudioFormat(16000, 1, SampleEncoding.Pcm16);
            Assert.Throws<ArgumentNullException>(() => new RawPcmStreamAudioSource(null!, format, "x"));
            Assert.Throws<ArgumentNullException>(() => new RawPcmStreamAudioSource(new MemoryStream(), null!, "x"));
            using var source = new RawPcmStreamAudioSource(new MemoryStream(new byte[10]), new AudioFormat(16000, 2, SampleEncoding.Pcm24), "x");
            Assert.Throws<ArgumentOutOfRangeException>(() => source.Read(new byte[10], 0, 5));
        }
    }
}
