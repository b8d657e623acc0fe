// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Reads whole sample blocks from a stream that may return any number of bytes per read
    /// (pipes, stdin, network streams). A partial block is kept for the next call; a partial block
    /// at the end of the stream is dropped. Optionally stops after a byte limit (a WAV data chunk).
    /// </summary>
    internal sealed class BlockAlignedStreamReader
    {
        private readonly Stream _stream;
        private readonly int _blockAlign;
        private readonly string _name;
        private readonly byte[] _carry;
        private int _carryCount;
        private long _remaining;      // bytes left before the limit; -1 = read to the end of the stream
        private bool _ended;

        public BlockAlignedStreamReader(Stream stream, int blockAlign, string name, long limit = -1)
        {
            _stream = stream;
            _blockAlign = blockAlign;
            _name = name;
            _carry = new byte[blockAlign];
            _remaining = limit;
        }

        /// <summary>
        /// Blocks until at least one whole block is available, then returns as many whole blocks as
        /// have arrived (at most <paramref name="count"/> bytes). Returns 0 at the end of the audio.
        /// </summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            if (count < _blockAlign)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"Reads must ask for at least one block ({_blockAlign} bytes).");
            }
            if (_ended)
            {
                return 0;
            }

            int wanted = count - count % _blockAlign;
            if (_remaining >= 0 && _remaining < wanted)
            {
                wanted = (int)(_remaining - _remaining % _blockAlign);
                if (wanted == 0)
                {
                    _ended = true;
                    return 0;
                }
            }

            Buffer.BlockCopy(_carry, 0, buffer, offset, _carryCount);
            int have = _carryCount;
            _carryCount = 0;
            while (have < _blockAlign)
            {
                int read = ReadStream(buffer, offset + have, wanted - have);
                if (read <= 0)
                {
                    // End of stream: a partial last block cannot be decoded and is dropped.
                    _ended = true;
                    return 0;
                }
                have += read;
            }

            int whole = have - have % _blockAlign;
            _carryCount = have - whole;
            Buffer.BlockCopy(buffer, offset + whole, _carry, 0, _carryCount);
            if (_remaining >= 0)
            {
                _remaining -= whole;
            }
            return whole;
        }

        private int ReadStream(byte[] buffer, int offset, int count)
        {
            try
            {
                return _stream.Read(buffer, offset, count);
            }
            catch (IOException ex)
            {
                throw new SttException(SttErrorKind.AudioReadFailed, $"Reading audio from '{_name}' failed: {ex.Message}", _name, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SttException(SttErrorKind.AudioReadFailed, $"Reading audio from '{_name}' failed: {ex.Message}", _name, ex);
            }
            catch (ObjectDisposedException)
            {
                // The owner disposed the source while this read was blocked (a session stopping
                // while waiting on a pipe): that is the end of the audio, not an error.
                return 0;
            }
        }
    }
}
