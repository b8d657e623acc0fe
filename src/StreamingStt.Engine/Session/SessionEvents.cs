// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// Something a session reports. Engine threads only enqueue these; the consumer (a cmdlet on
    /// the pipeline thread, a job adapter, a C# caller) takes them in order with
    /// <see cref="SttSession.TryTake"/>. On failure the order is: every turn received, then
    /// <see cref="SessionFaultEvent"/>, then <see cref="SessionEndedEvent"/> (always last).
    /// </summary>
    public abstract class SessionEvent
    {
        protected SessionEvent(DateTimeOffset at) { At = at; }

        /// <summary>Wall-clock time the event was raised.</summary>
        public DateTimeOffset At { get; }
    }

    /// <summary>The provider accepted the session (AssemblyAI: Begin).</summary>
    public sealed class SessionBeganEvent : SessionEvent
    {
        public SessionBeganEvent(DateTimeOffset at, string sessionId, DateTimeOffset? expiresAt) : base(at)
        {
            SessionId = sessionId;
            ExpiresAt = expiresAt;
        }

        public string SessionId { get; }
        public DateTimeOffset? ExpiresAt { get; }
    }

    /// <summary>The provider detected the start of speech at <see cref="AudioTime"/> on the audio timeline.</summary>
    public sealed class SpeechStartedEvent : SessionEvent
    {
        public SpeechStartedEvent(DateTimeOffset at, TimeSpan audioTime) : base(at) { AudioTime = audioTime; }

        public TimeSpan AudioTime { get; }
    }

    /// <summary>A transcript update (partial or end of turn).</summary>
    public sealed class TurnEvent : SessionEvent
    {
        public TurnEvent(Turn turn) : base(turn.ReceivedAt) { Turn = turn; }

        public Turn Turn { get; }
    }

    public enum DiagnosticLevel
    {
        /// <summary>Narration for -Verbose: connecting, Begin, Terminate, close.</summary>
        Verbose,
        /// <summary>Something the user should know that does not end the session.</summary>
        Warning,
        /// <summary>Low-level detail for -Debug.</summary>
        Debug,
    }

    /// <summary>Narration and warnings. Never contains keys or tokens.</summary>
    public sealed class DiagnosticEvent : SessionEvent
    {
        public DiagnosticEvent(DateTimeOffset at, DiagnosticLevel level, string message) : base(at)
        {
            Level = level;
            Message = message;
        }

        public DiagnosticLevel Level { get; }
        public string Message { get; }
    }

    /// <summary>
    /// An error. <see cref="IsTerminating"/> false means the session continues (e.g. one
    /// unparseable message); true means the session is ending because of it.
    /// </summary>
    public sealed class SessionFaultEvent : SessionEvent
    {
        public SessionFaultEvent(DateTimeOffset at, SttException error, bool isTerminating) : base(at)
        {
            Error = error;
            IsTerminating = isTerminating;
        }

        public SttException Error { get; }
        public bool IsTerminating { get; }
    }

    /// <summary>The session is over; always the last event.</summary>
    public sealed class SessionEndedEvent : SessionEvent
    {
        public SessionEndedEvent(DateTimeOffset at, SessionSummary summary) : base(at) { Summary = summary; }

        public SessionSummary Summary { get; }
    }
}
