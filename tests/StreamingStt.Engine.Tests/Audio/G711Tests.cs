// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    public class G711Tests
    {
        [Theory]
        [InlineData(0xFF, 0)]
        [InlineData(0x7F, 0)]
        [InlineData(0x00, -32124)]
        [InlineData(0x80, 32124)]
        [InlineData(0xFE, 8)]
        [InlineData(0x7E, -8)]
        [InlineData(0xEF, 132)]     // segment 1, mantissa 0
        [InlineData(0x8F, 16764)]   // segment 7, mantissa 0
        [InlineData(0x9F, 8316)]    // segment 6, mantissa 0
        public void MuLawDecodesToG711Values(int muLaw, int expected)
        {
            Assert.Equal(expected, G711.MuLawToLinear((byte)muLaw));
        }

        [Theory]
        [InlineData(0xD5, 8)]
        [InlineData(0x55, -8)]
        [InlineData(0xAA, 32256)]
        [InlineData(0x2A, -32256)]
        [InlineData(0xD4, 24)]
        [InlineData(0xC5, 264)]     // segment 1, step 0
        [InlineData(0xA5, 16896)]   // segment 7, step 0
        public void ALawDecodesToG711Values(int aLaw, int expected)
        {
            Assert.Equal(expected, G711.ALawToLinear((byte)aLaw));
        }

        [Theory]
        [InlineData(0, 0xFF)]
        [InlineData(-32124, 0x00)]
        [InlineData(32124, 0x80)]
        [InlineData(32767, 0x80)]       // clipped at 32635 before encoding
        [InlineData(-32768, 0x00)]
        [InlineData(8, 0xFE)]
        [InlineData(-8, 0x7E)]
        [InlineData(1, 0xFF)]
        public void MuLawEncodesToG711Values(int linear, int expected)
        {
            Assert.Equal((byte)expected, G711.LinearToMuLaw(linear));
        }

        [Fact]
        public void MuLawEncodeInvertsDecodeForEveryCode()
        {
            for (int code = 0; code < 256; code++)
            {
                byte roundTrip = G711.LinearToMuLaw(G711.MuLawToLinear((byte)code));
                // 0x7F is "negative zero"; it decodes to 0, which encodes as the positive zero 0xFF.
                Assert.Equal(code == 0x7F ? 0xFF : code, roundTrip);
            }
        }

        [Fact]
        public void MuLawQuantisationErrorStaysWithinHalfAStep()
        {
            for (int linear = -32635; linear <= 32635; linear += 7)
            {
                int decoded = G711.MuLawToLinear(G711.LinearToMuLaw(linear));
                // Step size doubles per segment: 8 in segment 0 up to 1024 in segment 7.
                int magnitude = Math.Abs(linear) + G711.MuLawBias;
                int segment = Math.Max(0, (int)Math.Floor(Math.Log2(magnitude)) - 7);
                int step = 8 << segment;
                Assert.True(Math.Abs(decoded - linear) <= step, $"{linear} -> {decoded} (step {step})");
            }
        }

        [Fact]
        public void BothLawsAreSymmetricInSign()
        {
            for (int code = 0; code < 256; code++)
            {
                Assert.Equal(-G711.MuLawToLinear((byte)code), G711.MuLawToLinear((byte)(code ^ 0x80)));
                Assert.Equal(-G711.ALawToLinear((byte)code), G711.ALawToLinear((byte)(code ^ 0x80)));
            }
        }

        [Fact]
        public void ALawDecodeMatchesReferenceEncoderForEveryCode()
        {
            for (int code = 0; code < 256; code++)
            {
                Assert.Equal(code, WaveFileBuilder.LinearToALaw(G711.ALawToLinear((byte)code)));
            }
        }
    }
}
