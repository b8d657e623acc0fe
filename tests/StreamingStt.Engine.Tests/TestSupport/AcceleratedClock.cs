// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>
/// Real time, <c>rate</c> times faster: waits really wait (so sessions interleave as they would), but an hour passes
/// in 3600/rate seconds. Matches an emulator with the same ClockRate and ClockOrigin.
/// </summary>
public sealed class AcceleratedClock : IClock
{
    private readonly double _rate;
    private readonly DateTimeOffset _origin;
    private readonly TimeSpan _originOffset;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    public AcceleratedClock(double rate, DateTimeOffset origin)
    {
        _rate = rate;
        _origin = origin;
        _originOffset = TimeSpan.FromTicks((long)((DateTimeOffset.UtcNow - origin).Ticks * rate));
    }

    public TimeSpan Elapsed => _originOffset + TimeSpan.FromTicks((long)(_stopwatch.Elapsed.Ticks * _rate));

    public DateTimeOffset UtcNow => _origin + Elapsed;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(TimeSpan.FromTicks(Math.Max(1, (long)(delay.Ticks / _rate))), cancellationToken);
}
