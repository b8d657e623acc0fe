// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// A bounded FIFO of captured bytes between a capture thread (writer) and the session's sender
    /// (reader). Capture never waits: when the buffer is full the oldest whole blocks are dropped
    /// and counted. The reader waits for audio, synchronously with a timeout or asynchronously.
    /// </summary>
    internal sealed class CaptureRingBuffer
    {
        private readonly object _gate = new object();
        private readonly byte[] _buffer;
        private readonly int _blockAlign;
        private readonly List<Waiter> _waiters = new List<Waiter>();
        private int _head; // next byte to read
        private int _count;
        private long _droppedBytes;
        private long _writtenBytes;
        private bool _completed;

        public CaptureRingBuffer(int capacityBytes, int blockAlign)
        {
            if (blockAlign <= 0) throw new ArgumentOutOfRangeException(nameof(blockAlign));
            if (capacityBytes < blockAlign) throw new ArgumentOutOfRangeException(nameof(capacityBytes), capacityBytes, "The buffer must hold at least one sample block.");
            _blockAlign = blockAlign;
            _buffer = new byte[capacityBytes - capacityBytes % blockAlign];
        }

        public int Capacity => _buffer.Length;

        public int Count
        {
            get { lock (_gate) return _count; }
        }

        /// <summary>Bytes discarded because the reader fell behind by more than the capacity.</summary>
        public long DroppedBytes
        {
            get { lock (_gate) return _droppedBytes; }
        }

        /// <summary>Every byte ever written, dropped or not.</summary>
        public long WrittenBytes
        {
            get { lock (_gate) return _writtenBytes; }
        }

        /// <summary>True once <see cref="Complete"/> was called and every byte has been read.</summary>
        public bool IsFinished
        {
            get { lock (_gate) return _completed && _count == 0; }
        }

        /// <summary>Appends whole blocks (a trailing partial block is ignored); returns the bytes dropped to make room.</summary>
        public int Write(byte[] source, int offset, int count)
        {
            if (source is null) throw new ArgumentNullException(nameof(source));
            count -= count % _blockAlign;
            if (count <= 0) return 0;
            List<Waiter>? ready;
            int dropped = 0;
            lock (_gate)
            {
                if (_completed) return 0;
                _writtenBytes += count;
                if (count > _buffer.Length)
                {
                    // More than the whole buffer in one write: only its newest part can be kept.
                    int skip = count - _buffer.Length;
                    dropped += skip;
                    offset += skip;
                    count = _buffer.Length;
                }
                int free = _buffer.Length - _count;
                if (count > free)
                {
                    int drop = count - free; // a multiple of the block size, as are count and free
                    _head = (_head + drop) % _buffer.Length;
                    _count -= drop;
                    dropped += drop;
                }
                int tail = (_head + _count) % _buffer.Length;
                int first = Math.Min(count, _buffer.Length - tail);
                Buffer.BlockCopy(source, offset, _buffer, tail, first);
                if (count > first) Buffer.BlockCopy(source, offset + first, _buffer, 0, count - first);
                _count += count;
                _droppedBytes += dropped;
                ready = TakeReadyWaiters();
                Monitor.PulseAll(_gate);
            }
            Release(ready);
            return dropped;
        }

        /// <summary>
        /// Copies up to <paramref name="count"/> bytes (whole blocks) into <paramref name="destination"/>.
        /// Waits up to <paramref name="timeout"/> for at least one block; returns 0 when none came
        /// or when the buffer is finished (check <see cref="IsFinished"/>).
        /// </summary>
        public int Read(byte[] destination, int offset, int count, TimeSpan timeout)
        {
            if (destination is null) throw new ArgumentNullException(nameof(destination));
            count -= count % _blockAlign;
            if (count <= 0) throw new ArgumentException("The destination must hold at least one sample block.", nameof(count));
            lock (_gate)
            {
                if (_count == 0 && !_completed && timeout > TimeSpan.Zero)
                {
                    long deadline = Environment.TickCount + (long)timeout.TotalMilliseconds;
                    while (_count == 0 && !_completed)
                    {
                        long remaining = deadline - Environment.TickCount;
                        if (remaining <= 0 || !Monitor.Wait(_gate, (int)remaining)) break;
                    }
                }
                int take = Math.Min(count, _count);
                if (take == 0) return 0;
                int first = Math.Min(take, _buffer.Length - _head);
                Buffer.BlockCopy(_buffer, _head, destination, offset, first);
                if (take > first) Buffer.BlockCopy(_buffer, 0, destination, offset + first, take - first);
                _head = (_head + take) % _buffer.Length;
                _count -= take;
                Monitor.PulseAll(_gate); // a writer may be waiting for room (WaitForRoom)
                return take;
            }
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> until <paramref name="bytes"/> (capped at the
        /// capacity) fit without dropping anything, or the buffer has completed. True when they fit.
        /// For a writer that may be held back (an unclocked source); Write itself never waits.
        /// </summary>
        public bool WaitForRoom(int bytes, TimeSpan timeout)
        {
            bytes = Math.Min(Math.Max(bytes, 0), _buffer.Length);
            lock (_gate)
            {
                if (_buffer.Length - _count >= bytes || _completed) return true;
                if (timeout <= TimeSpan.Zero) return false;
                long deadline = Environment.TickCount + (long)timeout.TotalMilliseconds;
                while (_buffer.Length - _count < bytes && !_completed)
                {
                    long remaining = deadline - Environment.TickCount;
                    if (remaining <= 0 || !Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue))) break;
                }
                return _buffer.Length - _count >= bytes || _completed;
            }
        }

        /// <summary>Completes when at least <paramref name="bytes"/> are buffered (capped at the capacity) or the writer has completed.</summary>
        public Task WaitForAsync(int bytes, CancellationToken cancellationToken)
        {
            bytes = Math.Max(_blockAlign, Math.Min(bytes, _buffer.Length));
            lock (_gate)
            {
                if (_count >= bytes || _completed) return Task.CompletedTask;
                var waiter = new Waiter(bytes);
                _waiters.Add(waiter);
                if (cancellationToken.CanBeCanceled)
                {
                    waiter.Registration = cancellationToken.Register(() => CancelWaiter(waiter, cancellationToken));
                }
                return waiter.Completion.Task;
            }
        }

        /// <summary>No more writes: readers drain what is left, then see the end.</summary>
        public void Complete()
        {
            List<Waiter> ready;
            lock (_gate)
            {
                if (_completed) return;
                _completed = true;
                ready = new List<Waiter>(_waiters);
                _waiters.Clear();
                Monitor.PulseAll(_gate);
            }
            Release(ready);
        }

        private List<Waiter>? TakeReadyWaiters()
        {
            List<Waiter>? ready = null;
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Bytes <= _count)
                {
                    (ready ??= new List<Waiter>()).Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
            return ready;
        }

        private void CancelWaiter(Waiter waiter, CancellationToken token)
        {
            lock (_gate)
            {
                if (!_waiters.Remove(waiter)) return;
            }
            waiter.Registration.Dispose();
            waiter.Completion.TrySetCanceled(token);
        }

        // Completed outside the lock: continuations never run while the capture thread holds it.
        private static void Release(List<Waiter>? ready)
        {
            if (ready is null) return;
            foreach (Waiter waiter in ready)
            {
                waiter.Registration.Dispose();
                waiter.Completion.TrySetResult(true);
            }
        }

        private sealed class Waiter
        {
            public Waiter(int bytes) => Bytes = bytes;

            public int Bytes { get; }

            public TaskCompletionSource<bool> Completion { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public CancellationTokenRegistration Registration { get; set; }
        }
    }
}
