// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>A clock whose Delay returns at once and moves time forward: paced audio streams at full speed.</summary>
public sealed class VirtualClock : IClock
{
    private long _ticks;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public DateTimeOffset UtcNow => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + Elapsed;

    public TimeSpan TotalDelayed => Elapsed;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay > TimeSpan.Zero) Interlocked.Add(ref _ticks, delay.Ticks);
        return Task.CompletedTask;
    }
}
