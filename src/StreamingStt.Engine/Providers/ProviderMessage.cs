// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Providers
{
    /// <summary>What a protocol class makes of one server message, in provider-neutral terms.</summary>
    internal abstract class ProviderMessage
    {
    }

    /// <summary>The provider accepted the session (AssemblyAI Begin).</summary>
    internal sealed class ProviderSessionBegan : ProviderMessage
    {
        public ProviderSessionBegan(string sessionId, DateTimeOffset? expiresAt)
        {
            SessionId = sessionId;
            ExpiresAt = expiresAt;
        }

        public string SessionId { get; }
        public DateTimeOffset? ExpiresAt { get; }
    }

    internal sealed class ProviderSpeechStarted : ProviderMessage
    {
        public ProviderSpeechStarted(TimeSpan audioTime) { AudioTime = audioTime; }

        public TimeSpan AudioTime { get; }
    }

    internal sealed class ProviderTurn : ProviderMessage
    {
        public ProviderTurn(Turn turn) { Turn = turn; }

        public Turn Turn { get; }
    }

    /// <summary>The provider acknowledged the end of the session; no turns follow.</summary>
    internal sealed class ProviderSessionTerminated : ProviderMessage
    {
        public ProviderSessionTerminated(TimeSpan? audioDuration, TimeSpan? sessionDuration)
        {
            AudioDuration = audioDuration;
            SessionDuration = sessionDuration;
        }

        public TimeSpan? AudioDuration { get; }
        public TimeSpan? SessionDuration { get; }
    }

    /// <summary>
    /// An error the provider reported in a message. <see cref="IsFatal"/>: the provider will close
    /// the session (the close frame usually follows); otherwise the session goes on.
    /// </summary>
    internal sealed class ProviderError : ProviderMessage
    {
        public ProviderError(SttException error, bool isFatal)
        {
            Error = error;
            IsFatal = isFatal;
        }

        public SttException Error { get; }
        public bool IsFatal { get; }
    }

    internal sealed class ProviderWarning : ProviderMessage
    {
        public ProviderWarning(string message) { Message = message; }

        public string Message { get; }
    }

    /// <summary>Something worth a -Verbose line (provider info messages, ignored message types).</summary>
    internal sealed class ProviderInfo : ProviderMessage
    {
        public ProviderInfo(string message) { Message = message; }

        public string Message { get; }
    }
}
