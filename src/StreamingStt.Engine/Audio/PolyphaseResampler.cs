// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Streaming band-limited sample-rate converter for mono float audio: a polyphase
    /// windowed-sinc filter (Kaiser window) for any rate ratio.
    /// </summary>
    /// <remarks>
    /// The rates are reduced to a ratio L:M by their greatest common divisor. Output sample n sits at
    /// input time n·M/L; its value is the dot product of the input around that time with the filter
    /// phase for the fractional part of n·M/L. Each phase is centred on that output time, so the
    /// output is not delayed: an impulse at input time t comes out at output time t. The cutoff is
    /// at the lower of the two Nyquist frequencies, so downsampling rejects what would alias and
    /// upsampling rejects images. State is kept across calls: feeding a signal in any chunk sizes
    /// gives exactly the same output as feeding it at once. Not thread-safe.
    /// </remarks>
    internal sealed class PolyphaseResampler
    {
        // Response flat (±0.0003 dB) up to 86% of the lower Nyquist, at least 90 dB down from the
        // lower Nyquist upward. Speech needs the band to ~7 kHz at 16 kHz; this keeps 6.88 kHz.
        private const double PassbandEdge = 0.86;
        private const double StopbandEdge = 1.0;
        private const double StopbandAttenuationDb = 90.0;

        // Ratios with up to this many phases get one exact filter per phase. Others (odd rates such
        // as 44056 Hz) interpolate linearly between a finer table's phases, which is accurate to
        // better than -100 dB at the cost of a second dot product.
        private const int MaxExactPhases = 1024;
        private const int MaxExactTableSize = 1 << 21;
        private const int InterpolatedPhases = 256;

        // Input samples accepted per internal step; the history buffer holds this plus one filter.
        private const int ChunkSamples = 4096;

        private readonly int _up;
        private readonly int _down;
        private readonly int _halfTaps;
        private readonly int _taps;
        private readonly bool _interpolated;
        private readonly int _tablePhases;

        // Exact mode: phase p's taps at [p·taps, (p+1)·taps). Interpolated mode: row q, and the
        // difference to row q+1 in _coefficientSlopes.
        private readonly float[] _coefficients;
        private readonly float[]? _coefficientSlopes;

        private readonly float[] _history;
        private int _historyCount;
        private long _historyStart;   // input index of _history[0]; negative while the leading zeros are in it

        private long _baseIndex;      // floor(n·M/L) for the next output n
        private int _phase;           // (n·M) mod L for the next output n
        private long _outputCount;
        private long _inputCount;
        private bool _flushed;

        public PolyphaseResampler(int inputRate, int outputRate)
        {
            if (inputRate <= 0) throw new ArgumentOutOfRangeException(nameof(inputRate), inputRate, "Sample rate must be positive.");
            if (outputRate <= 0) throw new ArgumentOutOfRangeException(nameof(outputRate), outputRate, "Sample rate must be positive.");
            InputRate = inputRate;
            OutputRate = outputRate;

            int divisor = IntegerMath.GreatestCommonDivisor(inputRate, outputRate);
            _up = outputRate / divisor;
            _down = inputRate / divisor;

            // Work in cycles per input sample. Downsampling narrows the band to the output's Nyquist.
            double bandFraction = Math.Min(1.0, (double)outputRate / inputRate);
            double transitionWidth = (StopbandEdge - PassbandEdge) * 0.5 * bandFraction;
            double cutoff = (PassbandEdge + StopbandEdge) * 0.5 * bandFraction; // relative to the input Nyquist
            double beta = 0.1102 * (StopbandAttenuationDb - 8.7);
            // Kaiser's length estimate for the attenuation and transition width.
            int length = (int)Math.Ceiling((StopbandAttenuationDb - 7.95) / (14.36 * transitionWidth)) + 1;
            _halfTaps = Math.Max(2, (length + 1) / 2);
            _taps = 2 * _halfTaps;

            _interpolated = _up > MaxExactPhases || (long)_up * _taps > MaxExactTableSize;
            _tablePhases = _interpolated ? InterpolatedPhases : _up;

            int rows = _interpolated ? _tablePhases + 1 : _tablePhases;
            var table = new float[rows * _taps];
            double windowNorm = 1.0 / BesselI0(beta);
            var taps = new double[_taps];
            for (int row = 0; row < rows; row++)
            {
                double fraction = (double)row / _tablePhases;
                double sum = 0;
                for (int j = 0; j < _taps; j++)
                {
                    // Tap j multiplies input sample base - halfTaps + 1 + j; tau is the output time minus that.
                    double tau = fraction + _halfTaps - 1 - j;
                    double u = tau / _halfTaps;
                    double window = u * u >= 1.0 ? 0.0 : BesselI0(beta * Math.Sqrt(1.0 - u * u)) * windowNorm;
                    taps[j] = cutoff * Sinc(cutoff * tau) * window;
                    sum += taps[j];
                }
                // Exact unity gain at DC for every phase, so no phase-dependent ripple at low frequencies.
                for (int j = 0; j < _taps; j++)
                {
                    table[row * _taps + j] = (float)(taps[j] / sum);
                }
            }

            if (_interpolated)
            {
                _coefficients = new float[_tablePhases * _taps];
                _coefficientSlopes = new float[_tablePhases * _taps];
                for (int i = 0; i < _coefficients.Length; i++)
                {
                    _coefficients[i] = table[i];
                    _coefficientSlopes[i] = table[i + _taps] - table[i];
                }
            }
            else
            {
                _coefficients = table;
            }

            // Room for one filter's history plus a chunk of new input, or plus the flush's zeros.
            _history = new float[_taps + Math.Max(ChunkSamples, _halfTaps)];
            Reset();
        }

        public int InputRate { get; }

        public int OutputRate { get; }

        /// <summary>Filter taps applied per output sample.</summary>
        public int TapsPerPhase => _taps;

        /// <summary>Number of filter phases in the table (L of the reduced ratio L:M, or the interpolation table size).</summary>
        public int PhaseCount => _tablePhases;

        /// <summary>Input samples the filter looks ahead: output lags input by this much while streaming.</summary>
        public int LookaheadSamples => _halfTaps;

        /// <summary>The most samples one <see cref="Process"/> call with <paramref name="inputCount"/> samples can write.</summary>
        public int MaxOutputCount(int inputCount) => (int)((long)inputCount * _up / _down) + 2;

        /// <summary>The most samples <see cref="Flush"/> can write.</summary>
        public int MaxFlushCount => (int)((long)_halfTaps * _up / _down) + 2;

        /// <summary>
        /// Adds input samples and writes every output sample that is now complete. The output array
        /// needs room for <see cref="MaxOutputCount"/>(<paramref name="count"/>) samples. Returns the
        /// number written. Does not allocate.
        /// </summary>
        public int Process(float[] input, int offset, int count, float[] output, int outputOffset)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (offset < 0 || count < 0 || offset > input.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            if (outputOffset < 0 || outputOffset > output.Length) throw new ArgumentOutOfRangeException(nameof(outputOffset));
            if (_flushed) throw new InvalidOperationException("The resampler was flushed; call Reset before adding more input.");

            int written = 0;
            while (count > 0)
            {
                int accepted = Math.Min(count, _history.Length - _historyCount);
                Array.Copy(input, offset, _history, _historyCount, accepted);
                _historyCount += accepted;
                _inputCount += accepted;
                offset += accepted;
                count -= accepted;
                written += Emit(output, outputOffset + written, long.MaxValue);
                DiscardConsumedHistory();
            }
            return written;
        }

        /// <summary>
        /// Ends the input: writes the remaining output (the filter's lookahead), so the total output
        /// is ceil(input length × OutputRate / InputRate) samples. Needs room for <see cref="MaxFlushCount"/>.
        /// </summary>
        public int Flush(float[] output, int outputOffset)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (_flushed)
            {
                return 0;
            }
            _flushed = true;

            // Outputs whose time n·M/L falls inside the input; the last of them needs halfTaps samples past it.
            long totalOutput = (_inputCount * _up + _down - 1) / _down;
            int zeros = _halfTaps;
            Array.Clear(_history, _historyCount, zeros);
            _historyCount += zeros;
            return Emit(output, outputOffset, totalOutput);
        }

        /// <summary>Forgets all input so the resampler can start a new stream.</summary>
        public void Reset()
        {
            // Silence before the first sample, so output 0 can be centred on input 0.
            _historyCount = _halfTaps - 1;
            Array.Clear(_history, 0, _history.Length);
            _historyStart = -(_halfTaps - 1);
            _baseIndex = 0;
            _phase = 0;
            _outputCount = 0;
            _inputCount = 0;
            _flushed = false;
        }

        private int Emit(float[] output, int outputOffset, long outputLimit)
        {
            int written = 0;
            long lastAvailable = _historyStart + _historyCount - 1;
            int stepWhole = _down / _up;
            int stepPhase = _down % _up;
            while (_baseIndex + _halfTaps <= lastAvailable && _outputCount < outputLimit)
            {
                int start = (int)(_baseIndex - _halfTaps + 1 - _historyStart);
                float value;
                if (_interpolated)
                {
                    long scaled = (long)_phase * _tablePhases;
                    int row = (int)(scaled / _up);
                    float weight = (float)(scaled - (long)row * _up) / _up;
                    int rowOffset = row * _taps;
                    value = Dot(_coefficients, rowOffset, _history, start, _taps)
                        + weight * Dot(_coefficientSlopes!, rowOffset, _history, start, _taps);
                }
                else
                {
                    value = Dot(_coefficients, _phase * _taps, _history, start, _taps);
                }
                output[outputOffset + written++] = value;
                _outputCount++;

                _baseIndex += stepWhole;
                _phase += stepPhase;
                if (_phase >= _up)
                {
                    _phase -= _up;
                    _baseIndex++;
                }
            }
            return written;
        }

        // Drops input no future output can reach; what is left is shorter than one filter.
        private void DiscardConsumedHistory()
        {
            long firstNeeded = _baseIndex - _halfTaps + 1;
            int discard = (int)Math.Min(Math.Max(0, firstNeeded - _historyStart), _historyCount);
            if (discard == 0)
            {
                return;
            }
            _historyCount -= discard;
            Array.Copy(_history, discard, _history, 0, _historyCount);
            _historyStart += discard;
        }

        private static float Dot(float[] coefficients, int coefficientOffset, float[] samples, int sampleOffset, int count)
        {
            // Four independent sums let the CPU overlap the multiply-adds.
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int i = 0;
            for (; i <= count - 4; i += 4)
            {
                s0 += coefficients[coefficientOffset + i] * samples[sampleOffset + i];
                s1 += coefficients[coefficientOffset + i + 1] * samples[sampleOffset + i + 1];
                s2 += coefficients[coefficientOffset + i + 2] * samples[sampleOffset + i + 2];
                s3 += coefficients[coefficientOffset + i + 3] * samples[sampleOffset + i + 3];
            }
            for (; i < count; i++)
            {
                s0 += coefficients[coefficientOffset + i] * samples[sampleOffset + i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        private static double Sinc(double x)
        {
            if (Math.Abs(x) < 1e-12)
            {
                return 1.0;
            }
            double px = Math.PI * x;
            return Math.Sin(px) / px;
        }

        // Modified Bessel function of the first kind, order 0, by its power series.
        private static double BesselI0(double x)
        {
            double sum = 1.0;
            double term = 1.0;
            double halfX = x * 0.5;
            for (int k = 1; k < 64; k++)
            {
                term *= halfX / k;
                double squared = term * term;
                sum += squared;
                if (squared < sum * 1e-17)
                {
                    break;
                }
            }
            return sum;
        }
    }
}
