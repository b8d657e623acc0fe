// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Audio
{
    /// <summary>What a WAV header says: the sample layout and where the samples are.</summary>
    internal sealed class WaveFileLayout
    {
        public WaveFileLayout(AudioFormat format, long dataOffset, long dataLength, long? knownDataBytes, long? missingDataBytes = null)
        {
            MissingDataBytes = missingDataBytes;
            Format = format;
            DataOffset = dataOffset;
            DataLength = dataLength;
            KnownDataBytes = knownDataBytes;
        }

        public AudioFormat Format { get; }

        /// <summary>Stream position of the first sample byte.</summary>
        public long DataOffset { get; }

        /// <summary>Bytes of samples to read, or -1 to read to the end of the stream (unknown or unreliable size).</summary>
        public long DataLength { get; }

        /// <summary>Sample bytes present when the header was read, for the duration; null when unknown.</summary>
        public long? KnownDataBytes { get; }

        /// <summary>Sample bytes the header declares beyond the end of the file (a truncated copy); null when none are missing.</summary>
        public long? MissingDataBytes { get; }
    }
}
