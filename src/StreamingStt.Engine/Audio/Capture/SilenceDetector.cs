// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// Watches the first seconds of a capture for a signal above -60 dBFS. A device that
    /// delivers nothing louder is muted or not the microphone the person is talking into — the
    /// most common cause of empty transcripts.
    /// </summary>
    internal sealed class SilenceDetector
    {
        /// <summary>-60 dBFS: far below speech, above the dither and hiss of a live microphone.</summary>
        public const float Threshold = 0.001f;

        private readonly AudioFormat _format;
        private readonly long _watchBytes;
        private long _seenBytes;

        public SilenceDetector(AudioFormat format, TimeSpan watch)
        {
            _format = format ?? throw new ArgumentNullException(nameof(format));
            _watchBytes = (long)(watch.TotalSeconds * format.SampleRate) * format.BlockAlign;
        }

        /// <summary>True once a sample above the threshold was seen.</summary>
        public bool HeardSignal { get; private set; }

        /// <summary>True once the whole watch period passed in silence (reported once by the caller).</summary>
        public bool IsSilent => !HeardSignal && _watchBytes > 0 && _seenBytes >= _watchBytes;

        /// <summary>False once the outcome is known: nothing more to look at.</summary>
        public bool Watching => !HeardSignal && _seenBytes < _watchBytes;

        public void Observe(byte[] buffer, int offset, int count)
        {
            if (!Watching) return;
            int step = _format.BytesPerSample;
            int end = offset + count - count % _format.BlockAlign;
            for (int i = offset; i < end; i += step)
            {
                if (Math.Abs(SampleDecoder.DecodeSample(buffer, i, _format.Encoding)) > Threshold)
                {
                    HeardSignal = true;
                    return;
                }
            }
            _seenBytes += count;
        }
    }
}
