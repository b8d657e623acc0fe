// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>One frame as it was sent, with its place on the session's audio timeline.</summary>
    internal readonly struct ReplayFrame
    {
        public ReplayFrame(byte[] data, int count, TimeSpan start, TimeSpan end)
        {
            Data = data;
            Count = count;
            Start = start;
            End = end;
        }

        public byte[] Data { get; }
        public int Count { get; }
        public TimeSpan Start { get; }
        public TimeSpan End { get; }
    }

    /// <summary>
    /// The audio sent since the last end of turn: what a new connection must hear again so the turn that was
    /// open when the old one dropped is transcribed whole. Bounded by <c>limit</c> (the oldest frames go, and the
    /// next replay says so); frame buffers are reused, so an all-day session allocates nothing per frame.
    /// Thread-safe: the sender adds, the receiver trims at each end of turn, the runner takes a snapshot.
    /// </summary>
    internal sealed class ReplayBuffer
    {
        private readonly object _gate = new object();
        private readonly LinkedList<ReplayFrame> _frames = new LinkedList<ReplayFrame>();
        private readonly Stack<byte[]> _spare = new Stack<byte[]>();
        private readonly TimeSpan _limit;
        private TimeSpan _turnBoundary;
        private bool _truncated;

        public ReplayBuffer(TimeSpan limit)
        {
            _limit = limit > TimeSpan.Zero ? limit : TimeSpan.FromSeconds(60);
        }

        /// <summary>Audio held now (for tests and the memory soak).</summary>
        public TimeSpan Held
        {
            get
            {
                lock (_gate) return _frames.Count == 0 ? TimeSpan.Zero : _frames.Last!.Value.End - _frames.First!.Value.Start;
            }
        }

        public int FrameCount
        {
            get { lock (_gate) return _frames.Count; }
        }

        public void Add(byte[] frame, int count, TimeSpan start, TimeSpan end)
        {
            lock (_gate)
            {
                if (end <= _turnBoundary) return;
                byte[] copy = _spare.Count > 0 && _spare.Peek().Length >= count ? _spare.Pop() : new byte[count];
                Buffer.BlockCopy(frame, 0, copy, 0, count);
                _frames.AddLast(new ReplayFrame(copy, count, start, end));
                while (_frames.Count > 1 && end - _frames.First!.Value.Start > _limit)
                {
                    Release(_frames.First.Value);
                    _frames.RemoveFirst();
                    _truncated = true;
                }
            }
        }

        /// <summary>A turn ended at <paramref name="end"/> (session timeline): audio wholly before it is never needed again.</summary>
        public void MarkTurnEnded(TimeSpan end)
        {
            lock (_gate)
            {
                if (end <= _turnBoundary) return;
                _turnBoundary = end;
                _truncated = false;
                while (_frames.Count > 0 && _frames.First!.Value.End <= end)
                {
                    Release(_frames.First.Value);
                    _frames.RemoveFirst();
                }
            }
        }

        /// <summary>Copies of the frames to send again, oldest first; <paramref name="truncated"/> when the open turn outgrew the limit.</summary>
        public List<ReplayFrame> Snapshot(out bool truncated)
        {
            lock (_gate)
            {
                truncated = _truncated;
                var copy = new List<ReplayFrame>(_frames.Count);
                foreach (ReplayFrame frame in _frames)
                {
                    var data = new byte[frame.Count];
                    Buffer.BlockCopy(frame.Data, 0, data, 0, frame.Count);
                    copy.Add(new ReplayFrame(data, frame.Count, frame.Start, frame.End));
                }
                return copy;
            }
        }

        private void Release(ReplayFrame frame)
        {
            if (_spare.Count < 64) _spare.Push(frame.Data);
        }
    }
}
