// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>
    /// A non-seekable stream that returns only a few bytes per Read (1 to 7, varying), the way a
    /// pipe or stdin can, so readers must not assume full or block-aligned reads.
    /// </summary>
    internal sealed class TrickleStream : Stream
    {
        private readonly byte[] _data;
        private readonly Random _random;
        private int _position;

        public TrickleStream(byte[] data, int seed = 7)
        {
            _data = data;
            _random = new Random(seed);
        }

        public List<int> ReadSizes { get; } = new();
        public bool Disposed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            int n = Math.Min(Math.Min(count, _random.Next(1, 8)), _data.Length - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            ReadSizes.Add(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
