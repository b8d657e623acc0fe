// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// The part of a native packet (a WASAPI packet, a WinMM buffer) that did not fit the caller's
    /// Read: kept here so the native buffer can be handed back at once. Holds whole blocks only.
    /// Used from the capture thread only.
    /// </summary>
    internal sealed class PendingAudio
    {
        private readonly int _blockAlign;
        private byte[] _bytes = Array.Empty<byte>();
        private int _start;
        private int _count;

        public PendingAudio(int blockAlign)
        {
            if (blockAlign <= 0) throw new ArgumentOutOfRangeException(nameof(blockAlign));
            _blockAlign = blockAlign;
        }

        public int Count => _count;

        /// <summary>Copies up to <paramref name="count"/> kept bytes (whole blocks) out; returns how many.</summary>
        public int Take(byte[] destination, int offset, int count)
        {
            count -= count % _blockAlign;
            int take = Math.Min(count, _count);
            if (take <= 0) return 0;
            Buffer.BlockCopy(_bytes, _start, destination, offset, take);
            _start += take;
            _count -= take;
            if (_count == 0) _start = 0;
            return take;
        }

        /// <summary>Keeps <paramref name="count"/> bytes from native memory (whole blocks; a partial block is dropped).</summary>
        public void Keep(IntPtr source, int count)
        {
            count -= count % _blockAlign;
            if (count <= 0) return;
            int at = Reserve(count);
            Marshal.Copy(source, _bytes, at, count);
            _count += count;
        }

        /// <summary>Keeps <paramref name="count"/> zero bytes (a packet WASAPI flagged as silent).</summary>
        public void KeepSilence(int count)
        {
            count -= count % _blockAlign;
            if (count <= 0) return;
            int at = Reserve(count);
            Array.Clear(_bytes, at, count);
            _count += count;
        }

        /// <summary>Keeps managed bytes (tests, and callers that already copied).</summary>
        public void Keep(byte[] source, int offset, int count)
        {
            count -= count % _blockAlign;
            if (count <= 0) return;
            int at = Reserve(count);
            Buffer.BlockCopy(source, offset, _bytes, at, count);
            _count += count;
        }

        public void Clear()
        {
            _start = 0;
            _count = 0;
        }

        // Makes room for count more bytes after the kept ones; returns where they go.
        private int Reserve(int count)
        {
            if (_start > 0 && _start + _count + count > _bytes.Length)
            {
                Buffer.BlockCopy(_bytes, _start, _bytes, 0, _count);
                _start = 0;
            }
            if (_count + count > _bytes.Length)
            {
                var bigger = new byte[Math.Max(_count + count, _bytes.Length * 2)];
                Buffer.BlockCopy(_bytes, _start, bigger, 0, _count);
                _bytes = bigger;
                _start = 0;
            }
            return _start + _count;
        }
    }
}
