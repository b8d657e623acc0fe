// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// The one conversion path from any <see cref="IAudioSource"/> to what a provider receives:
    /// decodes the source's samples, averages all channels to mono, resamples to the session rate
    /// (band-limited, see <see cref="PolyphaseResampler"/>), encodes to the wire encoding and cuts
    /// fixed-length frames. A source already in the wire format (mono s16 at the session rate, sent as
    /// s16) is copied straight into the frame: the float round trip would give the same bytes, bit for
    /// bit, at several times the cost. After the first frames it does not allocate. Not thread-safe.
    /// </summary>
    /// <remarks>
    /// The reader does not own the source: disposing the reader leaves the source open, so the
    /// source's owner can dispose it (or read on with a new reader after a reconnect).
    /// </remarks>
    internal sealed class AudioFrameReader : IDisposable
    {
        public const int MinSampleRate = 4000;
        public const int MaxSampleRate = 192000;
        public const int MinFrameMilliseconds = 10;
        public const int MaxFrameMilliseconds = 1000;

        // Input read per step, capped in bytes so a many-channel 64-bit file does not need a huge buffer.
        private const int MaxChunkFrames = 4096;
        private const int MaxChunkBytes = 256 * 1024;

        private readonly AudioFormat _sourceFormat;
        private readonly int _frameSamples;
        private readonly int _minLastFrameSamples;
        private readonly int _bytesPerSample;
        private readonly PolyphaseResampler? _resampler;
        private readonly bool _passThrough;

        private readonly byte[] _sourceBytes;
        private int _sourceByteCount;           // leftover partial block from a source that returned one
        private readonly float[] _monoSamples;
        private readonly float[] _pending;      // converted samples not yet framed
        private int _pendingCount;
        private bool _sourceEnded;
        private long _samplesProduced;
        private bool _disposed;

        /// <param name="source">Where the audio comes from; not disposed by this reader.</param>
        /// <param name="targetSampleRate">Output rate in Hz, 4000–192000.</param>
        /// <param name="encoding">Output wire encoding.</param>
        /// <param name="frameMilliseconds">Length of each frame, 10–1000 ms, a whole number of samples at the target rate.</param>
        /// <param name="minFrameMilliseconds">The last frame is padded with silence to at least this length (providers reject frames under 50 ms).</param>
        public AudioFrameReader(IAudioSource source, int targetSampleRate, OutputEncoding encoding, int frameMilliseconds, int minFrameMilliseconds = 50)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            _sourceFormat = source.Format ?? throw new ArgumentException("The audio source has no format.", nameof(source));

            if (encoding != OutputEncoding.PcmS16le && encoding != OutputEncoding.PcmMulaw)
            {
                throw Invalid("Encoding", $"The output encoding {encoding} is not supported; use PcmS16le or PcmMulaw.");
            }
            if (targetSampleRate < MinSampleRate || targetSampleRate > MaxSampleRate)
            {
                throw Invalid("SampleRate", $"The sample rate {targetSampleRate} Hz is out of range; use {MinSampleRate}–{MaxSampleRate} Hz (16000 is typical for speech).");
            }
            if (frameMilliseconds < MinFrameMilliseconds || frameMilliseconds > MaxFrameMilliseconds)
            {
                throw Invalid("FrameMilliseconds", $"The frame length {frameMilliseconds} ms is out of range; use {MinFrameMilliseconds}–{MaxFrameMilliseconds} ms.");
            }
            if (minFrameMilliseconds < 0 || minFrameMilliseconds > frameMilliseconds)
            {
                throw Invalid("FrameMilliseconds",
                    $"The frame length {frameMilliseconds} ms is shorter than the minimum frame length {minFrameMilliseconds} ms the provider accepts.");
            }
            long frameSamplesTimes1000 = (long)frameMilliseconds * targetSampleRate;
            if (frameSamplesTimes1000 % 1000 != 0)
            {
                int step = 1000 / IntegerMath.GreatestCommonDivisor(targetSampleRate, 1000);
                throw Invalid("FrameMilliseconds",
                    $"A {frameMilliseconds} ms frame at {targetSampleRate} Hz is {frameSamplesTimes1000 / 1000.0} samples; " +
                    $"the frame length must be a whole number of samples, so use a multiple of {step} ms.");
            }

            SampleRate = targetSampleRate;
            Encoding = encoding;
            _frameSamples = (int)(frameSamplesTimes1000 / 1000);
            _minLastFrameSamples = (int)(((long)minFrameMilliseconds * targetSampleRate + 999) / 1000);
            _bytesPerSample = OutputSampleEncoder.BytesPerSample(encoding);
            FrameBytes = _frameSamples * _bytesPerSample;
            FrameDuration = TimeSpan.FromTicks(frameMilliseconds * TimeSpan.TicksPerMillisecond);

            _passThrough = encoding == OutputEncoding.PcmS16le && _sourceFormat.SampleRate == targetSampleRate
                && _sourceFormat.Channels == 1 && _sourceFormat.Encoding == SampleEncoding.Pcm16;
            if (_passThrough)
            {
                _sourceBytes = Array.Empty<byte>();
                _monoSamples = Array.Empty<float>();
                _pending = Array.Empty<float>();
                return;
            }

            int chunkFrames = Math.Max(2, Math.Min(MaxChunkFrames, MaxChunkBytes / _sourceFormat.BlockAlign));
            _sourceBytes = new byte[chunkFrames * _sourceFormat.BlockAlign];
            _monoSamples = new float[chunkFrames];

            int converted = chunkFrames;
            if (_sourceFormat.SampleRate != targetSampleRate)
            {
                _resampler = new PolyphaseResampler(_sourceFormat.SampleRate, targetSampleRate);
                converted = Math.Max(_resampler.MaxOutputCount(chunkFrames), _resampler.MaxFlushCount);
            }
            // Room for just under one frame plus the most one step can add.
            _pending = new float[_frameSamples + converted];
        }

        public IAudioSource Source { get; }

        /// <summary>True when the source is already in the wire format and its bytes are sent as they are.</summary>
        public bool IsPassThrough => _passThrough;

        /// <summary>Output sample rate in Hz.</summary>
        public int SampleRate { get; }

        public OutputEncoding Encoding { get; }

        /// <summary>Bytes in one full frame: the size of the buffer <see cref="ReadFrame"/> needs.</summary>
        public int FrameBytes { get; }

        /// <summary>Audio in one full frame.</summary>
        public TimeSpan FrameDuration { get; }

        /// <summary>Output audio returned so far, including the silence that pads the last frame.</summary>
        public TimeSpan AudioProduced => AudioTime.FromSamples(_samplesProduced, SampleRate);

        /// <summary>
        /// Fills <paramref name="frame"/> from offset 0 with the next frame and returns its byte count:
        /// <see cref="FrameBytes"/> for every frame but the last, which holds what is left, padded with
        /// silence to the minimum frame length when shorter. Returns 0 at the end of the audio.
        /// Source errors surface as <see cref="SttException"/>.
        /// </summary>
        public int ReadFrame(byte[] frame)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(AudioFrameReader));
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            if (frame.Length < FrameBytes)
            {
                throw new ArgumentException($"The frame buffer holds {frame.Length} bytes but a frame needs {FrameBytes}.", nameof(frame));
            }

            if (_passThrough)
            {
                return ReadFrameAsIs(frame);
            }

            while (_pendingCount < _frameSamples && !_sourceEnded)
            {
                ConvertMore();
            }

            if (_pendingCount >= _frameSamples)
            {
                int bytes = OutputSampleEncoder.Encode(_pending, 0, _frameSamples, Encoding, frame, 0);
                _pendingCount -= _frameSamples;
                Array.Copy(_pending, _frameSamples, _pending, 0, _pendingCount);
                _samplesProduced += _frameSamples;
                return bytes;
            }
            if (_pendingCount == 0)
            {
                return 0;
            }

            // The last, short frame: pad so the provider does not reject it as too short.
            int samples = Math.Max(_pendingCount, _minLastFrameSamples);
            int written = OutputSampleEncoder.Encode(_pending, 0, _pendingCount, Encoding, frame, 0);
            written += OutputSampleEncoder.EncodeSilence(samples - _pendingCount, Encoding, frame, written);
            _pendingCount = 0;
            _samplesProduced += samples;
            return written;
        }

        public void Dispose()
        {
            _disposed = true;
        }

        // The pass-through: the source's s16 bytes straight into the frame, with the same end handling as
        // the converting path (a trailing partial sample is dropped, a short last frame padded).
        private int ReadFrameAsIs(byte[] frame)
        {
            int filled = 0;
            while (filled < FrameBytes && !_sourceEnded)
            {
                int read = Source.Read(frame, filled, FrameBytes - filled);
                if (read <= 0)
                {
                    _sourceEnded = true;
                    break;
                }
                if (read > FrameBytes - filled)
                {
                    throw new InvalidOperationException($"The audio source '{Source.Name}' returned more bytes than asked for.");
                }
                filled += read;
            }
            filled -= filled % _bytesPerSample;
            if (filled == 0)
            {
                return 0;
            }
            int samples = filled / _bytesPerSample;
            if (samples < _minLastFrameSamples)
            {
                filled += OutputSampleEncoder.EncodeSilence(_minLastFrameSamples - samples, Encoding, frame, filled);
                samples = _minLastFrameSamples;
            }
            _samplesProduced += samples;
            return filled;
        }

        // Reads one chunk from the source and appends its converted samples to _pending.
        private void ConvertMore()
        {
            int blockAlign = _sourceFormat.BlockAlign;
            int read = Source.Read(_sourceBytes, _sourceByteCount, _sourceBytes.Length - _sourceByteCount);
            if (read <= 0)
            {
                // A partial block left over at the end cannot be decoded.
                _sourceByteCount = 0;
                _sourceEnded = true;
                if (_resampler != null)
                {
                    _pendingCount += _resampler.Flush(_pending, _pendingCount);
                }
                return;
            }
            if (read > _sourceBytes.Length - _sourceByteCount)
            {
                throw new InvalidOperationException($"The audio source '{Source.Name}' returned more bytes than asked for.");
            }

            int available = _sourceByteCount + read;
            int frames = available / blockAlign;
            SampleDecoder.DecodeToMono(_sourceBytes, 0, frames, _sourceFormat, _monoSamples, 0);

            // Sources should return whole blocks; keep any remainder for the next read anyway.
            _sourceByteCount = available - frames * blockAlign;
            if (_sourceByteCount > 0)
            {
                Buffer.BlockCopy(_sourceBytes, frames * blockAlign, _sourceBytes, 0, _sourceByteCount);
            }

            if (_resampler != null)
            {
                _pendingCount += _resampler.Process(_monoSamples, 0, frames, _pending, _pendingCount);
            }
            else
            {
                Array.Copy(_monoSamples, 0, _pending, _pendingCount, frames);
                _pendingCount += frames;
            }
        }

        private static SttException Invalid(string option, string message) =>
            new SttException(SttErrorKind.OptionInvalid, message, option);
    }
}
