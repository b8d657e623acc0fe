// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using Xunit;
using Xunit.Abstractions;

namespace StreamingStt.Engine.Tests.Audio
{
    public class PolyphaseResamplerTests
    {
        private const int AnalysisLength = 8192;
        private readonly ITestOutputHelper _output;

        public PolyphaseResamplerTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(48000, 16000, 8800)]
        [InlineData(48000, 16000, 10000)]
        [InlineData(48000, 16000, 15000)]
        [InlineData(48000, 16000, 23000)]
        [InlineData(44100, 8000, 4400)]
        [InlineData(44100, 8000, 6000)]
        [InlineData(44100, 16000, 8800)]
        [InlineData(22050, 16000, 9000)]
        [InlineData(96000, 8000, 4500)]
        [InlineData(16000, 8000, 4400)]
        [InlineData(44056, 16000, 8800)] // odd rate: the interpolated-phase path
        public void Downsampling_RejectsToneAboveNewNyquistByAtLeast60dB(int inputRate, int outputRate, int toneHz)
        {
            const int referenceHz = 1000;
            float[] reference = ResampleSettled(inputRate, outputRate, referenceHz, out int start);
            double referenceLevel = SignalAnalysis.ToneAmplitude(reference, start, AnalysisLength, referenceHz, outputRate);

            float[] aliased = ResampleSettled(inputRate, outputRate, toneHz, out start);
            double peak = SignalAnalysis.LargestPeak(aliased, start, AnalysisLength, outputRate, out double peakHz);

            double rejection = SignalAnalysis.Decibels(referenceLevel / peak);
            _output.WriteLine($"{inputRate}->{outputRate}, {toneHz} Hz: largest output peak {rejection:F1} dB below the in-band tone (at {peakHz:F0} Hz)");
            Assert.InRange(referenceLevel, 0.99, 1.01);
            Assert.True(rejection >= 60, $"only {rejection:F1} dB rejection");
        }

        [Theory]
        [InlineData(8000, 16000, 3000)]
        [InlineData(8000, 16000, 3800)]
        [InlineData(16000, 48000, 7000)]
        [InlineData(11025, 16000, 5000)]
        public void Upsampling_RejectsImagesByAtLeast60dB(int inputRate, int outputRate, int toneHz)
        {
            float[] output = ResampleSettled(inputRate, outputRate, toneHz, out int start);
            double tone = SignalAnalysis.ToneAmplitude(output, start, AnalysisLength, toneHz, outputRate);
            double spurious = SignalAnalysis.LargestPeak(output, start, AnalysisLength, outputRate, out double peakHz,
                excludeFrequency: toneHz, excludeHz: 40);

            double rejection = SignalAnalysis.Decibels(tone / spurious);
            _output.WriteLine($"{inputRate}->{outputRate}, {toneHz} Hz: largest image {rejection:F1} dB down (at {peakHz:F0} Hz)");
            Assert.True(rejection >= 60, $"only {rejection:F1} dB image rejection");
        }

        [Theory]
        [InlineData(48000, 16000)]
        [InlineData(44100, 16000)]
        [InlineData(22050, 16000)]
        [InlineData(8000, 16000)]
        [InlineData(11025, 16000)]
        [InlineData(16000, 8000)]
        [InlineData(44100, 8000)]
        [InlineData(96000, 8000)]
        [InlineData(44056, 16000)]
        public void PassbandRippleAcrossSpeechBandIsUnderHalfDecibel(int inputRate, int outputRate)
        {
            // Speech band up to 7 kHz or 85% of the narrower Nyquist (upsampling cannot create content
            // above the input's Nyquist, so that is the limit there).
            double upper = Math.Min(7000, 0.85 * Math.Min(inputRate, outputRate) / 2.0);
            const int points = 24;
            double minGain = double.MaxValue, maxGain = double.MinValue;
            var resampler = new PolyphaseResampler(inputRate, outputRate);
            for (int i = 0; i < points; i++)
            {
                double frequency = 100 + (upper - 100) * i / (points - 1);
                resampler.Reset();
                float[] output = ResampleSettled(inputRate, outputRate, frequency, out int start, analysisLength: 4096, resampler);
                double gainDb = SignalAnalysis.Decibels(SignalAnalysis.ToneAmplitude(output, start, 4096, frequency, outputRate));
                minGain = Math.Min(minGain, gainDb);
                maxGain = Math.Max(maxGain, gainDb);
            }

            double ripple = maxGain - minGain;
            _output.WriteLine($"{inputRate}->{outputRate}: ripple {ripple:F4} dB over 100-{upper:F0} Hz (gain {minGain:F4} to {maxGain:F4} dB)");
            Assert.True(ripple < 0.5, $"ripple {ripple:F3} dB");
            Assert.InRange(minGain, -0.25, 0.25);
        }

        [Theory]
        [InlineData(48000, 16000)]
        [InlineData(44100, 16000)]
        [InlineData(8000, 16000)]
        [InlineData(22050, 16000)]
        [InlineData(44056, 16000)]
        [InlineData(16000, 8000)]
        public void ResamplingInRandomChunksEqualsResamplingAtOnce(int inputRate, int outputRate)
        {
            var random = new Random(inputRate + outputRate);
            var input = new float[inputRate / 2 + 777];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)(random.NextDouble() * 2 - 1);
            }

            float[] whole = ResampleAll(new PolyphaseResampler(inputRate, outputRate), input, new[] { input.Length });

            var sizes = new List<int>();
            for (int remaining = input.Length; remaining > 0;)
            {
                int size = Math.Min(remaining, random.Next(0, 3) == 0 ? random.Next(1, 8) : random.Next(1, 6000));
                sizes.Add(size);
                remaining -= size;
            }
            float[] chunked = ResampleAll(new PolyphaseResampler(inputRate, outputRate), input, sizes);

            Assert.Equal(whole.Length, chunked.Length);
            for (int i = 0; i < whole.Length; i++)
            {
                Assert.True(whole[i] == chunked[i], $"sample {i}: {whole[i]} vs {chunked[i]}");
            }
        }

        [Theory]
        [InlineData(48000, 16000, 48000)]
        [InlineData(48000, 16000, 48001)]
        [InlineData(44100, 16000, 44100)]
        [InlineData(44100, 16000, 1)]
        [InlineData(8000, 16000, 12345)]
        [InlineData(22050, 16000, 99)]
        [InlineData(96000, 8000, 100000)]
        [InlineData(44056, 16000, 30000)]
        public void OutputLengthIsInputLengthTimesRatio(int inputRate, int outputRate, int inputLength)
        {
            float[] output = ResampleAll(new PolyphaseResampler(inputRate, outputRate), new float[inputLength], new[] { inputLength });

            long expected = ((long)inputLength * outputRate + inputRate - 1) / inputRate;
            Assert.Equal(expected, output.Length);
        }

        [Theory]
        [InlineData(48000, 16000)]
        [InlineData(44100, 16000)]
        [InlineData(22050, 16000)]
        [InlineData(8000, 16000)]
        [InlineData(16000, 8000)]
        [InlineData(96000, 8000)]
        [InlineData(44056, 16000)]
        public void ImpulseIsNotShiftedInTime(int inputRate, int outputRate)
        {
            // An impulse at exactly 100 ms must peak at 100 ms in the output.
            var input = new float[inputRate / 5];
            int impulseIndex = inputRate / 10;
            input[impulseIndex] = 1f;

            float[] output = ResampleAll(new PolyphaseResampler(inputRate, outputRate), input, new[] { input.Length });

            int peak = 0;
            for (int i = 1; i < output.Length; i++)
            {
                if (output[i] > output[peak])
                {
                    peak = i;
                }
            }
            double expected = (double)impulseIndex * outputRate / inputRate;
            double shiftMs = (peak - expected) * 1000.0 / outputRate;
            _output.WriteLine($"{inputRate}->{outputRate}: impulse peak at {peak}, expected {expected:F2} ({shiftMs:F3} ms)");
            Assert.True(Math.Abs(peak - expected) <= 1.0, $"peak at {peak}, expected {expected}");
            Assert.True(Math.Abs(shiftMs) < 1.0);
        }

        [Theory]
        [InlineData(48000, 16000)]
        [InlineData(44100, 16000)]
        [InlineData(8000, 16000)]
        public void StepCrossesHalfwayAtTheStepTime(int inputRate, int outputRate)
        {
            var input = new float[inputRate / 5];
            int stepIndex = inputRate / 10;
            for (int i = stepIndex; i < input.Length; i++)
            {
                input[i] = 1f;
            }

            float[] output = ResampleAll(new PolyphaseResampler(inputRate, outputRate), input, new[] { input.Length });

            // Linear interpolation of the 0.5 crossing; a zero-delay symmetric filter crosses half a
            // sample before the step (the midpoint between the last 0 and the first 1).
            int after = Array.FindIndex(output, v => v >= 0.5f);
            double crossing = after - 1 + (0.5 - output[after - 1]) / (output[after] - output[after - 1]);
            double expected = (stepIndex - 0.5) * outputRate / inputRate;
            double shiftMs = (crossing - expected) * 1000.0 / outputRate;
            _output.WriteLine($"{inputRate}->{outputRate}: step crosses 0.5 at {crossing:F3}, expected {expected:F3} ({shiftMs:F4} ms)");
            Assert.True(Math.Abs(shiftMs) < 0.1, $"step shifted by {shiftMs:F3} ms");
            Assert.InRange(output[output.Length - 100], 0.999f, 1.001f);
        }

        [Fact]
        public void DcPassesAtUnityGain()
        {
            var input = new float[10000];
            Array.Fill(input, 0.5f);
            float[] output = ResampleAll(new PolyphaseResampler(44100, 16000), input, new[] { input.Length });
            for (int i = 200; i < output.Length - 200; i++)
            {
                Assert.InRange(output[i], 0.49999f, 0.50001f);
            }
        }

        [Fact]
        public void ResetStartsANewStream()
        {
            var resampler = new PolyphaseResampler(48000, 16000);
            float[] signal = SignalAnalysis.Sine(48000, 440, 4800);
            float[] first = ResampleAll(resampler, signal, new[] { signal.Length });
            resampler.Reset();
            float[] second = ResampleAll(resampler, signal, new[] { signal.Length });
            Assert.Equal(first, second);
        }

        [Fact]
        public void ProcessAfterFlushThrows()
        {
            var resampler = new PolyphaseResampler(48000, 16000);
            var output = new float[resampler.MaxFlushCount];
            resampler.Flush(output, 0);
            Assert.Throws<InvalidOperationException>(() => resampler.Process(new float[1], 0, 1, output, 0));
        }

        [Fact]
        public void ExactRatiosUseOnePhasePerOutputPosition()
        {
            Assert.Equal(160, new PolyphaseResampler(44100, 16000).PhaseCount);
            Assert.Equal(1, new PolyphaseResampler(48000, 16000).PhaseCount);
            Assert.Equal(2, new PolyphaseResampler(8000, 16000).PhaseCount);
            Assert.Equal(640, new PolyphaseResampler(11025, 16000).PhaseCount);
        }

        /// <summary>Resamples a full-scale tone long enough that an analysis window after the filter settles is available.</summary>
        private static float[] ResampleSettled(int inputRate, int outputRate, double frequency, out int start,
            int analysisLength = AnalysisLength, PolyphaseResampler? resampler = null)
        {
            resampler ??= new PolyphaseResampler(inputRate, outputRate);
            // Skip the onset transient: one filter length, in output samples, plus a margin.
            start = (int)((long)resampler.TapsPerPhase * outputRate / inputRate) + 64;
            int outputNeeded = start + analysisLength + 64;
            int inputLength = (int)((long)outputNeeded * inputRate / outputRate) + resampler.TapsPerPhase;
            float[] input = SignalAnalysis.Sine(inputRate, frequency, inputLength);
            var output = new float[resampler.MaxOutputCount(inputLength)];
            int produced = resampler.Process(input, 0, inputLength, output, 0);
            Assert.True(produced >= start + analysisLength);
            return output;
        }

        private static float[] ResampleAll(PolyphaseResampler resampler, float[] input, IEnumerable<int> chunkSizes)
        {
            var result = new List<float>();
            int offset = 0;
            foreach (int size in chunkSizes)
            {
                var output = new float[resampler.MaxOutputCount(size)];
                int produced = resampler.Process(input, offset, size, output, 0);
                result.AddRange(output.Take(produced));
                offset += size;
            }
            var tail = new float[resampler.MaxFlushCount];
            int flushed = resampler.Flush(tail, 0);
            result.AddRange(tail.Take(flushed));
            return result.ToArray();
        }
    }
}
