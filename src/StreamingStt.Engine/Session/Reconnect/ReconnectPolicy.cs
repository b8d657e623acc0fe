// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>
    /// Decides which failures a reconnect can cure, and how long to wait before each attempt.
    /// Transient: the network or the provider's side had trouble (a drop without a close frame, a stall,
    /// 1011 internal error, 1012 restart, 1013 try again later, AssemblyAI 3005, Speechmatics job_error,
    /// Deepgram NET-0001/NET-0000 while audio still flows, the session-length limit). Final: anything
    /// about the caller (key, token, quota, concurrency, parameters, audio format or rate, messages).
    /// </summary>
    internal static class ReconnectPolicy
    {
        public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(0.5);
        public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

        [ThreadStatic]
        private static Random? _random;

        public static bool IsTransient(SttException error)
        {
            switch (error.Kind)
            {
                case SttErrorKind.ProviderConnectionLost:
                case SttErrorKind.ProviderStalled:
                case SttErrorKind.ProviderServerError:
                case SttErrorKind.ProviderIdleTimeout: // only asked while audio still flows
                case SttErrorKind.ProviderSessionExpired: // the length limit came before a rollover could
                    return true;
                case SttErrorKind.ProviderError:
                case SttErrorKind.ProviderConnectionFailed:
                    // Unclassified closes: only the codes that say "try again" (1006 abnormal, 1011, 1012, 1013, 3005).
                    int? code = error.ProviderCode;
                    return code is null ? error.Kind == SttErrorKind.ProviderConnectionFailed
                        : code == 1006 || code == 1011 || code == 1012 || code == 1013 || code == 3005 || code >= 500 && code <= 599 && code != 501;
                default:
                    return false;
            }
        }

        /// <summary>A failure while reconnecting that more attempts can cure (network, timeout, 5xx); auth, quota and parameter refusals end it.</summary>
        public static bool IsRetryableConnectFailure(SttException error) =>
            error.Kind == SttErrorKind.ProviderTimeout || IsTransient(error);

        /// <summary>Exponential backoff with equal jitter: attempt 1 waits 0.25–0.5 s, then doubling up to 15–30 s.</summary>
        public static TimeSpan DelayBefore(int attempt)
        {
            double ceiling = Math.Min(MaxDelay.TotalSeconds, BaseDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            Random random = _random ??= new Random(Guid.NewGuid().GetHashCode());
            return TimeSpan.FromSeconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
        }
    }
}
