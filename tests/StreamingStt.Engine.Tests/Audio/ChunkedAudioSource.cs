// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>
    /// An in-memory source that returns its bytes in the chunk sizes given, ignoring block
    /// boundaries, to prove the frame reader copes with sources that split blocks.
    /// </summary>
    internal sealed class ChunkedAudioSource : IAudioSource
    {
        private readonly byte[] _data;
        private readonly int[] _chunkSizes;
        private int _position;
        private int _chunk;

        public ChunkedAudioSource(AudioFormat format, byte[] data, params int[] chunkSizes)
        {
            Format = format;
            _data = data;
            _chunkSizes = chunkSizes;
        }

        public string Name => "chunked";
        public AudioFormat Format { get; }
        public TimeSpan? Duration => null;
        public bool IsRealTime => false;
        public bool Disposed { get; private set; }

        public int Read(byte[] buffer, int offset, int count)
        {
            int size = _chunkSizes[_chunk++ % _chunkSizes.Length];
            int n = Math.Min(Math.Min(count, size), _data.Length - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public void Dispose() => Disposed = true;
    }
}
