// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt
{
    /// <summary>How a session ended.</summary>
    public enum SessionEndReason
    {
        /// <summary>Still running; no end yet.</summary>
        None = 0,
        /// <summary>The audio ran out (or -Duration elapsed) and the provider acknowledged the graceful stop.</summary>
        Completed,
        /// <summary>A graceful stop was requested and acknowledged by the provider.</summary>
        Stopped,
        /// <summary>Cancelled without waiting for the provider (Ctrl+C, -Force).</summary>
        Cancelled,
        /// <summary>A graceful stop was requested but the provider did not acknowledge it in time.</summary>
        StopTimedOut,
        /// <summary>The provider closed the session on its own (expiry, inactivity).</summary>
        ClosedByProvider,
        /// <summary>An error ended the session.</summary>
        Failed,
    }

    /// <summary>Counters and outcome of one session; returned by Stop-SttSession -PassThru.</summary>
    public sealed class SessionSummary
    {
        public SttProvider Provider { get; set; }
        public string? SessionId { get; set; }
        public string? Source { get; set; }
        public SessionEndReason EndReason { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        /// <summary>Wall-clock time from connect to close.</summary>
        public TimeSpan Elapsed => StartedAt.HasValue && EndedAt.HasValue ? EndedAt.Value - StartedAt.Value : TimeSpan.Zero;
        /// <summary>Audio sent to the provider.</summary>
        public TimeSpan AudioSent { get; set; }
        /// <summary>Audio duration the provider reported at termination, when it reports one.</summary>
        public TimeSpan? ProviderAudioDuration { get; set; }
        /// <summary>Session duration the provider reported at termination, when it reports one.</summary>
        public TimeSpan? ProviderSessionDuration { get; set; }
        public long BytesSent { get; set; }
        public long FramesSent { get; set; }
        /// <summary>End-of-turn updates received.</summary>
        public int TurnCount { get; set; }
        /// <summary>Partial updates received.</summary>
        public int PartialCount { get; set; }
        /// <summary>Partial updates dropped because the consumer fell behind (never end-of-turn updates).</summary>
        public int DroppedPartials { get; set; }
        /// <summary>Captured audio dropped because it could not be sent in time (microphones only; zero otherwise).</summary>
        public TimeSpan AudioDropped { get; set; }
        /// <summary>New connections opened after a transient failure (a drop, a stall, a server error).</summary>
        public int Reconnects { get; set; }
        /// <summary>New connections opened before the provider's session-length limit, handed over at a turn boundary.</summary>
        public int Rollovers { get; set; }
        public int? CloseStatus { get; set; }
        public string? CloseReason { get; set; }
        /// <summary>The error that ended the session, if any.</summary>
        public string? Error { get; set; }
        public string? ErrorId { get; set; }

        public override string ToString() =>
            $"{Provider} session {SessionId}: {EndReason}, {Turns(TurnCount)}, {AudioSent.TotalSeconds:0.0} s audio";

        /// <summary>"1 turn", "2 turns": the count as a person writes it.</summary>
        internal static string Turns(int count) => count == 1 ? "1 turn" : count.ToString(System.Globalization.CultureInfo.CurrentCulture) + " turns";
    }
}
