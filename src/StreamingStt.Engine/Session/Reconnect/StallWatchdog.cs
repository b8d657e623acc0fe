// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Threading;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>
    /// Notices a provider that stopped answering while audio flows: the time since the first frame sent
    /// after the provider's last message. Real time (Stopwatch), like every network timeout. Thread-safe:
    /// the sender reports frames, the receiver reports messages, the monitor asks.
    /// </summary>
    internal sealed class StallWatchdog
    {
        private long _unansweredSince; // Stopwatch timestamp of the first frame since the last message; 0: none

        public StallWatchdog(TimeSpan? timeout)
        {
            Timeout = timeout.HasValue && timeout.Value > TimeSpan.Zero ? timeout : null;
        }

        /// <summary>Null when message watching is off.</summary>
        public TimeSpan? Timeout { get; }

        /// <summary>
        /// The provider's own cadence while audio flows (protocols.md): Speechmatics acknowledges every
        /// frame with AudioAdded, so 10 s without a message means it stopped reading; Deepgram sends Results
        /// about every second of audio, silence included, so 15 s; AssemblyAI sends nothing while nobody
        /// speaks, so silence proves nothing there and only the WebSocket ping watches it.
        /// </summary>
        public static TimeSpan? DefaultTimeoutFor(SttProvider provider)
        {
            switch (provider)
            {
                case SttProvider.Speechmatics: return TimeSpan.FromSeconds(10);
                case SttProvider.Deepgram: return TimeSpan.FromSeconds(15);
                default: return null;
            }
        }

        public void FrameSent()
        {
            Interlocked.CompareExchange(ref _unansweredSince, Stopwatch.GetTimestamp(), 0);
        }

        public void MessageReceived()
        {
            Volatile.Write(ref _unansweredSince, 0);
        }

        /// <summary>How long audio has gone unanswered, or zero.</summary>
        public TimeSpan Unanswered
        {
            get
            {
                long since = Volatile.Read(ref _unansweredSince);
                if (since == 0) return TimeSpan.Zero;
                return TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - since) / (double)Stopwatch.Frequency);
            }
        }

        public bool IsStalled => Timeout.HasValue && Unanswered > Timeout.Value;
    }
}
