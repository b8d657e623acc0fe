// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>
    /// One WebSocket connection of a session and what belongs to it alone: its protocol instance (turn
    /// de-duplication and counters start afresh with each provider session), its receive loop, its start
    /// signal, its stall watchdog and its session-length deadline.
    /// </summary>
    internal sealed class SessionConnection
    {
        public SessionConnection(int number, ISttProtocol protocol, TimeSpan? stallTimeout)
        {
            Number = number;
            Protocol = protocol;
            Watchdog = new StallWatchdog(stallTimeout);
        }

        /// <summary>1 for the first connection, then 2, 3… after each reconnect or rollover.</summary>
        public int Number { get; }

        public ISttProtocol Protocol { get; }

        public WebSocketTransport? Transport { get; set; }

        public Task? Receiver { get; set; }

        public StallWatchdog Watchdog { get; }

        public TaskCompletionSource<bool> Began { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Ends this connection's keep-alive and watchdog loop.</summary>
        public CancellationTokenSource Monitor { get; } = new CancellationTokenSource();

        /// <summary>The provider's id for this connection's session, once it began.</summary>
        public string? SessionId { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }

        /// <summary>When the provider will end this session for its length (clock's UtcNow), if it has a limit.</summary>
        public DateTimeOffset? Deadline { get; set; }

        /// <summary>Why the connection ended: a transient failure handed over to a reconnect, or why a new connection failed to start.</summary>
        public SttException? Failure { get; set; }

        /// <summary>True when the receiver left <see cref="Failure"/> for a reconnect instead of ending the session.</summary>
        public bool HandedOver { get; set; }

        /// <summary>Set by the watchdog before it drops a stalled connection, so the drop is reported as the stall it is.</summary>
        public SttException? StallError { get; set; }

        /// <summary>Completes when the connection nears its session-length deadline.</summary>
        public TaskCompletionSource<bool> RolloverDue { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A rollover was tried (or skipped) for this connection; it is not asked for again.</summary>
        public bool RolloverHandled { get; set; }

        /// <summary>Frames this connection's provider session heard (Speechmatics' EndOfStream counts them per session).</summary>
        public long FramesSent;
    }
}
