// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Audio;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// One streaming session: audio source → provider → events. Start() returns at once; the
    /// session runs on background tasks and only enqueues events, which the consumer takes with
    /// TryTake on its own thread. Dispose cancels and releases everything.
    /// </summary>
    public sealed partial class SttSession : IDisposable
    {
        /// <summary>Creates a session; nothing is opened until <see cref="Start"/>. Options are validated here (SttException OptionInvalid / ApiKeyMissing).</summary>
        public SttSession(IAudioSource source, SttSessionOptions options) { throw new NotImplementedException(); }

        /// <summary>Local id, stable for the whole life of the session.</summary>
        public Guid Id { get; }
        public SttProvider Provider { get; }
        /// <summary>Turn.Source for this session.</summary>
        public string Source { get; }
        /// <summary>The provider's session id, once it began.</summary>
        public string? SessionId { get; }
        public DateTimeOffset? ExpiresAt { get; }
        public SttSessionState State { get; }
        /// <summary>Length of the source when known (files), for progress.</summary>
        public TimeSpan? SourceDuration { get; }
        /// <summary>Audio sent so far.</summary>
        public TimeSpan AudioSent { get; }
        public long BytesSent { get; }
        /// <summary>End-of-turn updates received so far.</summary>
        public int TurnCount { get; }
        /// <summary>The error that ended the session, once it failed.</summary>
        public SttException? Error { get; }
        /// <summary>Completes (never faults) when the session is over and its last event enqueued.</summary>
        public Task Completion { get; }
        /// <summary>A snapshot of the counters and outcome.</summary>
        public SessionSummary GetSummary() { throw new NotImplementedException(); }

        /// <summary>Connects and starts streaming on background tasks. Call once.</summary>
        public void Start() { throw new NotImplementedException(); }

        /// <summary>
        /// Takes the next event, waiting up to <paramref name="timeout"/>. Returns false when none
        /// arrived in time or when the session is over and every event was taken (check
        /// <see cref="IsDrained"/>). Throws OperationCanceledException when the token is cancelled.
        /// </summary>
        public bool TryTake(out SessionEvent? sessionEvent, TimeSpan timeout, CancellationToken cancellationToken) { throw new NotImplementedException(); }

        /// <summary>True once the session is over and every event has been taken.</summary>
        public bool IsDrained { get; }

        /// <summary>
        /// Graceful stop, non-blocking: stops sending audio, asks the provider to finish
        /// (AssemblyAI Terminate) and keeps delivering turns until it acknowledges or StopTimeout passes.
        /// </summary>
        public void RequestStop() { throw new NotImplementedException(); }

        /// <summary>Stops at once without waiting for the provider (Ctrl+C, -Force). Prompt: well under 1 s.</summary>
        public void Cancel() { throw new NotImplementedException(); }

        /// <summary>Ends the current turn now (AssemblyAI ForceEndpoint).</summary>
        public void ForceEndpoint() { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
