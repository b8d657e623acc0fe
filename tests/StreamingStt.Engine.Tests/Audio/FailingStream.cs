// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>A read-only stream that delivers some bytes and then throws IOException, like a failing disk or a broken pipe.</summary>
    internal sealed class FailingStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _failAfter;
        private int _position;

        public FailingStream(byte[] data, int failAfter)
        {
            _data = data;
            _failAfter = failAfter;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= _failAfter)
            {
                throw new IOException("The device is not ready.");
            }
            int n = Math.Min(count, Math.Min(_failAfter, _data.Length) - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
