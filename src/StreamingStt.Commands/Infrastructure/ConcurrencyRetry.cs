// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// -ThrottleLimit's answer to a provider that refuses a session for concurrency: the same file is tried again
    /// after a wait, by the foreground batch and by a queued job alike.
    /// </summary>
    internal static class ConcurrencyRetry
    {
        private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A refusal worth retrying: the provider's concurrency limit, before any turn reached the user (a retry
        /// after turns would write them twice).
        /// </summary>
        public static bool CanRetry(SttException? fault, int turnsWritten) =>
            fault is not null && fault.Kind == SttErrorKind.ProviderConcurrencyLimitExceeded && turnsWritten == 0;

        /// <summary>The wait before attempt <paramref name="refusals"/> + 1: 0.5 s, doubling, at most 10 s.</summary>
        public static TimeSpan DelayAfter(int refusals) =>
            TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, FirstDelay.TotalSeconds * Math.Pow(2, Math.Max(0, refusals - 1))));
    }
}
