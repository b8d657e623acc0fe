// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class SampleCodecTests
    {
        [Theory]
        [InlineData(new byte[] { 128 }, SampleEncoding.Pcm8, 0.0)]
        [InlineData(new byte[] { 255 }, SampleEncoding.Pcm8, 127.0 / 128)]
        [InlineData(new byte[] { 0 }, SampleEncoding.Pcm8, -1.0)]
        [InlineData(new byte[] { 0x00, 0x80 }, SampleEncoding.Pcm16, -1.0)]
        [InlineData(new byte[] { 0x00, 0x40 }, SampleEncoding.Pcm16, 0.5)]
        [InlineData(new byte[] { 0xFF, 0xFF }, SampleEncoding.Pcm16, -1.0 / 32768)]
        [InlineData(new byte[] { 0x00, 0x00, 0x80 }, SampleEncoding.Pcm24, -1.0)]
        [InlineData(new byte[] { 0xFF, 0xFF, 0x7F }, SampleEncoding.Pcm24, 8388607.0 / 8388608)]
        [InlineData(new byte[] { 0xFF, 0xFF, 0xFF }, SampleEncoding.Pcm24, -1.0 / 8388608)]
        [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x80 }, SampleEncoding.Pcm32, -1.0)]
        [InlineData(new byte[] { 0x00, 0x00, 0x00, 0xC0 }, SampleEncoding.Pcm32, -0.5)]
        [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x3F }, SampleEncoding.Float32, 0.5)]
        [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0xD0, 0xBF }, SampleEncoding.Float64, -0.25)]
        [InlineData(new byte[] { 0x00 }, SampleEncoding.MuLaw, -32124.0 / 32768)]
        [InlineData(new byte[] { 0xAA }, SampleEncoding.ALaw, 32256.0 / 32768)]
        public void DecodesOneSample(byte[] bytes, SampleEncoding encoding, double expected)
        {
            Assert.Equal(expected, SampleDecoder.DecodeSample(bytes, 0, encoding), 7);
        }

        [Theory]
        [InlineData(float.NaN, 0f)]
        [InlineData(float.PositiveInfinity, 32f)]
        [InlineData(float.NegativeInfinity, -32f)]
        [InlineData(1.5f, 1.5f)]
        public void FloatSamplesAreSanitised(float value, float expected)
        {
            byte[] bytes = BitConverter.GetBytes(value);
            Assert.Equal(expected, SampleDecoder.DecodeSample(bytes, 0, SampleEncoding.Float32));
            Assert.Equal(expected, SampleDecoder.DecodeSample(BitConverter.GetBytes((double)value), 0, SampleEncoding.Float64));
        }

        [Fact]
        public void DownMixAveragesAllChannels()
        {
            byte[] frames = WaveFileBuilder.Pcm16(1000, 3000, -2000, -4000, 32767, 32767);
            var mono = new float[3];
            SampleDecoder.DecodeToMono(frames, 0, 3, new AudioFormat(8000, 2, SampleEncoding.Pcm16), mono, 0);
            Assert.Equal(new[] { 2000 / 32768f, -3000 / 32768f, 32767 / 32768f }, mono);
        }

        [Theory]
        [InlineData(0f, 0)]
        [InlineData(0.5f, 16384)]
        [InlineData(-1f, -32768)]
        [InlineData(1f, 32767)]
        [InlineData(3f, 32767)]
        [InlineData(-3f, -32768)]
        [InlineData(1.4f / 32768, 1)]
        [InlineData(1.6f / 32768, 2)]
        [InlineData(-1.6f / 32768, -2)]
        public void Pcm16EncodingRoundsAndClips(float sample, int expected)
        {
            Assert.Equal(expected, OutputSampleEncoder.ToPcm16(sample));
        }

        [Fact]
        public void EveryPcm16ValueSurvivesDecodeAndEncode()
        {
            for (int value = short.MinValue; value <= short.MaxValue; value++)
            {
                float decoded = SampleDecoder.DecodeSample(WaveFileBuilder.Pcm16((short)value), 0, SampleEncoding.Pcm16);
                Assert.Equal(value, OutputSampleEncoder.ToPcm16(decoded));
            }
        }

        [Fact]
        public void EncodesLittleEndianPcmAndMuLaw()
        {
            var samples = new[] { 0f, 0.5f, -32124f / 32768 };
            var pcm = new byte[6];
            Assert.Equal(6, OutputSampleEncoder.Encode(samples, 0, 3, OutputEncoding.PcmS16le, pcm, 0));
            Assert.Equal(new byte[] { 0, 0, 0x00, 0x40, 0x84, 0x82 }, pcm);

            var muLaw = new byte[3];
            Assert.Equal(3, OutputSampleEncoder.Encode(samples, 0, 3, OutputEncoding.PcmMulaw, muLaw, 0));
            Assert.Equal(0xFF, muLaw[0]);
            Assert.Equal(0x00, muLaw[2]);
            Assert.InRange(G711.MuLawToLinear(muLaw[1]), 16384 - 512, 16384 + 512); // µ-law step is 512 up there
        }
    }
}
