// Copyright (c) StreamingStt contributors. MIT License.
using System.Numerics;

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>Test signals and spectrum measurements for checking audio conversion quality.</summary>
    internal static class SignalAnalysis
    {
        public static float[] Sine(int sampleRate, double frequency, int count, double amplitude = 1.0)
        {
            var samples = new float[count];
            for (int i = 0; i < count; i++)
            {
                samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            }
            return samples;
        }

        /// <summary>
        /// 4-term Blackman-Harris window: sidelobes below -92 dB, so a strong tone cannot hide a
        /// weak one 60 dB down, nor leak into a gain measurement.
        /// </summary>
        public static double[] BlackmanHarris(int length)
        {
            var window = new double[length];
            for (int i = 0; i < length; i++)
            {
                double x = 2 * Math.PI * i / (length - 1);
                window[i] = 0.35875 - 0.48829 * Math.Cos(x) + 0.14128 * Math.Cos(2 * x) - 0.01168 * Math.Cos(3 * x);
            }
            return window;
        }

        /// <summary>Amplitude of the component at exactly <paramref name="frequency"/> (windowed correlation, no scalloping).</summary>
        public static double ToneAmplitude(float[] signal, int start, int length, double frequency, int sampleRate)
        {
            double[] window = BlackmanHarris(length);
            double re = 0, im = 0, windowSum = 0;
            double omega = 2 * Math.PI * frequency / sampleRate;
            for (int i = 0; i < length; i++)
            {
                double v = signal[start + i] * window[i];
                re += v * Math.Cos(omega * i);
                im -= v * Math.Sin(omega * i);
                windowSum += window[i];
            }
            return 2 * Math.Sqrt(re * re + im * im) / windowSum;
        }

        /// <summary>
        /// Amplitude spectrum of a windowed segment, zero-padded 4× so a peak between bins is not
        /// underestimated by more than a few hundredths of a dB. Index k is frequency k·rate/(4·length').
        /// </summary>
        public static double[] AmplitudeSpectrum(float[] signal, int start, int length, out double binHz, int sampleRate)
        {
            int size = 1;
            while (size < length * 4)
            {
                size <<= 1;
            }
            double[] window = BlackmanHarris(length);
            var data = new Complex[size];
            double windowSum = 0;
            for (int i = 0; i < length; i++)
            {
                data[i] = signal[start + i] * window[i];
                windowSum += window[i];
            }
            Fft(data);
            var amplitudes = new double[size / 2 + 1];
            for (int k = 0; k <= size / 2; k++)
            {
                amplitudes[k] = 2 * data[k].Magnitude / windowSum;
            }
            binHz = (double)sampleRate / size;
            return amplitudes;
        }

        /// <summary>Largest spectral peak, optionally ignoring bins within <paramref name="excludeHz"/> of <paramref name="excludeFrequency"/>.</summary>
        public static double LargestPeak(float[] signal, int start, int length, int sampleRate, out double peakFrequency,
            double excludeFrequency = double.NaN, double excludeHz = 0)
        {
            double[] spectrum = AmplitudeSpectrum(signal, start, length, out double binHz, sampleRate);
            double best = 0;
            peakFrequency = 0;
            for (int k = 1; k < spectrum.Length; k++)
            {
                double frequency = k * binHz;
                if (!double.IsNaN(excludeFrequency) && Math.Abs(frequency - excludeFrequency) <= excludeHz)
                {
                    continue;
                }
                if (spectrum[k] > best)
                {
                    best = spectrum[k];
                    peakFrequency = frequency;
                }
            }
            return best;
        }

        public static double Decibels(double ratio) => 20 * Math.Log10(ratio);

        // Iterative radix-2 Cooley-Tukey; length must be a power of two.
        private static void Fft(Complex[] data)
        {
            int n = data.Length;
            for (int i = 1, j = 0; i < n; i++)
            {
                int bit = n >> 1;
                for (; (j & bit) != 0; bit >>= 1)
                {
                    j ^= bit;
                }
                j ^= bit;
                if (i < j)
                {
                    (data[i], data[j]) = (data[j], data[i]);
                }
            }
            for (int length = 2; length <= n; length <<= 1)
            {
                double angle = -2 * Math.PI / length;
                var step = new Complex(Math.Cos(angle), Math.Sin(angle));
                for (int i = 0; i < n; i += length)
                {
                    Complex w = Complex.One;
                    for (int k = 0; k < length / 2; k++)
                    {
                        Complex even = data[i + k];
                        Complex odd = data[i + k + length / 2] * w;
                        data[i + k] = even + odd;
                        data[i + k + length / 2] = even - odd;
                        w *= step;
                    }
                }
            }
        }
    }
}
