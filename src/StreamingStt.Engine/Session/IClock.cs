// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// Time as the engine sees it. Injectable so tests stream hours of paced audio in seconds.
    /// </summary>
    public interface IClock
    {
        /// <summary>Monotonic time since an arbitrary origin.</summary>
        TimeSpan Elapsed { get; }

        /// <summary>Wall-clock time, for timestamps shown to people.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>Waits for the given span (or returns at once for zero or less).</summary>
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    /// <summary>The real clock.</summary>
    internal sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        private SystemClock() { }

        public TimeSpan Elapsed => _stopwatch.Elapsed;
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
