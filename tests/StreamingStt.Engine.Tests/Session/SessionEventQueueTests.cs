// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>
/// The consumer side of the event queue without polling: a wait with no timeout ends only when an event comes, the
/// queue completes or the token is cancelled; a consumer of several queues is told when one has something.
/// </summary>
public sealed class SessionEventQueueTests
{
    private static SessionEvent Began(string id) => new SessionBeganEvent(DateTimeOffset.UtcNow, id, null);

    [Fact]
    public async Task AWaitWithoutTimeoutReturnsTheEventAddedLater()
    {
        var queue = new SessionEventQueue(16);
        Task<(bool Taken, SessionEvent? Event)> take = Task.Factory.StartNew(() =>
        {
            bool taken = queue.TryTake(out SessionEvent? next, Timeout.InfiniteTimeSpan, CancellationToken.None);
            return (taken, next);
        }, TaskCreationOptions.LongRunning);

        await Task.Delay(300);
        Assert.False(take.IsCompleted); // no timeout: still waiting, not returned empty
        queue.Add(Began("s1"));

        (bool taken, SessionEvent? sessionEvent) = await take.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(taken);
        Assert.Equal("s1", Assert.IsType<SessionBeganEvent>(sessionEvent).SessionId);
    }

    [Fact]
    public async Task AWaitWithoutTimeoutEndsWhenTheQueueCompletes()
    {
        var queue = new SessionEventQueue(16);
        Task<bool> take = Task.Factory.StartNew(() => queue.TryTake(out _, Timeout.InfiniteTimeSpan, CancellationToken.None), TaskCreationOptions.LongRunning);

        await Task.Delay(200);
        queue.Complete();

        Assert.False(await take.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(queue.IsDrained);
    }

    [Fact]
    public async Task AWaitWithoutTimeoutEndsWhenTheTokenIsCancelled()
    {
        var queue = new SessionEventQueue(16);
        using var cancel = new CancellationTokenSource();
        Task<bool> take = Task.Factory.StartNew(() => queue.TryTake(out _, Timeout.InfiniteTimeSpan, cancel.Token), TaskCreationOptions.LongRunning);

        await Task.Delay(200);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ChangeNotificationsComeForEveryAddAndTheEndAndAtOnceForWhatIsQueuedAlready()
    {
        var queue = new SessionEventQueue(16);
        queue.Add(Began("early"));
        int calls = 0;

        queue.NotifyOnChange(() => Interlocked.Increment(ref calls));
        Assert.Equal(1, calls); // something was queued before the consumer looked

        queue.Add(new DiagnosticEvent(DateTimeOffset.UtcNow, DiagnosticLevel.Verbose, "v"));
        Assert.Equal(2, calls);
        Assert.True(queue.TryTake(out _, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(2, calls); // taking is not a change the consumer needs to hear of
        queue.Complete();
        Assert.Equal(3, calls);
    }
}
