// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture;

public sealed class CaptureRingBufferTests
{
    private static byte[] Bytes(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    [Fact]
    public void ReadsBackWhatWasWrittenInOrderAcrossTheWrap()
    {
        var ring = new CaptureRingBuffer(8, 2);
        ring.Write(Bytes(0, 6), 0, 6);
        var first = new byte[4];
        Assert.Equal(4, ring.Read(first, 0, 4, TimeSpan.Zero));
        ring.Write(Bytes(6, 6), 0, 6); // wraps
        var rest = new byte[16];
        int read = ring.Read(rest, 0, 16, TimeSpan.Zero);
        Assert.Equal(Bytes(0, 4), first);
        Assert.Equal(Bytes(4, 8), rest.Take(read).ToArray());
        Assert.Equal(0, ring.DroppedBytes);
    }

    [Fact]
    public void WhenFullTheOldestWholeBlocksAreDroppedAndCounted()
    {
        var ring = new CaptureRingBuffer(8, 2);
        Assert.Equal(0, ring.Write(Bytes(0, 8), 0, 8));
        Assert.Equal(4, ring.Write(Bytes(8, 4), 0, 4));
        var all = new byte[8];
        Assert.Equal(8, ring.Read(all, 0, 8, TimeSpan.Zero));
        Assert.Equal(Bytes(4, 8), all);
        Assert.Equal(4, ring.DroppedBytes);
        Assert.Equal(12, ring.WrittenBytes);
    }

    [Fact]
    public void AWriteLargerThanTheBufferKeepsItsNewestPart()
    {
        var ring = new CaptureRingBuffer(4, 2);
        ring.Write(Bytes(0, 2), 0, 2);
        int dropped = ring.Write(Bytes(10, 10), 0, 10);
        var all = new byte[4];
        ring.Read(all, 0, 4, TimeSpan.Zero);
        Assert.Equal(Bytes(16, 4), all);
        Assert.Equal(8, dropped); // 6 of the write itself + the 2 old bytes
        Assert.Equal(8, ring.DroppedBytes);
    }

    [Fact]
    public void ReadsReturnWholeBlocksOnly()
    {
        var ring = new CaptureRingBuffer(12, 4);
        ring.Write(Bytes(0, 7), 0, 7); // the trailing 3 bytes are not a block
        var buffer = new byte[7];
        Assert.Equal(4, ring.Read(buffer, 0, 7, TimeSpan.Zero));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void ReadTimesOutWithZeroAndEndsAfterCompleteOnceDrained()
    {
        var ring = new CaptureRingBuffer(8, 2);
        var buffer = new byte[8];
        Assert.Equal(0, ring.Read(buffer, 0, 8, TimeSpan.FromMilliseconds(20)));
        Assert.False(ring.IsFinished);
        ring.Write(Bytes(0, 4), 0, 4);
        ring.Complete();
        Assert.Equal(0, ring.Write(Bytes(0, 4), 0, 4)); // ignored after Complete
        Assert.False(ring.IsFinished);
        Assert.Equal(4, ring.Read(buffer, 0, 8, TimeSpan.FromSeconds(5)));
        Assert.True(ring.IsFinished);
        Assert.Equal(0, ring.Read(buffer, 0, 8, TimeSpan.FromSeconds(5))); // no wait once finished
    }

    [Fact]
    public async Task ABlockedReaderWakesWhenAudioArrives()
    {
        var ring = new CaptureRingBuffer(8, 2);
        var buffer = new byte[8];
        Task<int> reader = Task.Run(() => ring.Read(buffer, 0, 8, TimeSpan.FromSeconds(10)));
        await Task.Delay(50);
        ring.Write(Bytes(1, 2), 0, 2);
        Assert.Equal(2, await reader.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitForAsyncCompletesAtTheThresholdOrOnComplete()
    {
        var ring = new CaptureRingBuffer(16, 2);
        Task wait = ring.WaitForAsync(6, CancellationToken.None);
        ring.Write(Bytes(0, 4), 0, 4);
        Assert.False(wait.IsCompleted);
        ring.Write(Bytes(0, 2), 0, 2);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Task never = ring.WaitForAsync(1000, CancellationToken.None); // capped at the capacity
        ring.Complete();
        await never.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForAsyncIsCancellable()
    {
        var ring = new CaptureRingBuffer(16, 2);
        using var cts = new CancellationTokenSource();
        Task wait = ring.WaitForAsync(4, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
        ring.Write(Bytes(0, 4), 0, 4); // the cancelled waiter is gone; nothing throws
    }
    [Fact]
    public void WaitForRoomHoldsAWriterUntilTheReaderTakesEnoughOrTheBufferCompletes()
    {
        var ring = new CaptureRingBuffer(capacityBytes: 8, blockAlign: 2);
        Assert.True(ring.WaitForRoom(8, TimeSpan.Zero));
        ring.Write(new byte[8], 0, 8);
        Assert.False(ring.WaitForRoom(2, TimeSpan.Zero));
        Assert.False(ring.WaitForRoom(2, TimeSpan.FromMilliseconds(50)));

        var waiting = Task.Run(() => ring.WaitForRoom(4, TimeSpan.FromSeconds(10)));
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(100)));
        ring.Read(new byte[2], 0, 2, TimeSpan.Zero); // 2 free: not enough yet
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(100)));
        ring.Read(new byte[2], 0, 2, TimeSpan.Zero);
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(5)) && waiting.Result);
        Assert.Equal(0, ring.DroppedBytes);

        Assert.False(ring.WaitForRoom(100, TimeSpan.Zero)); // more than the capacity: waits for an empty buffer
        ring.Write(new byte[4], 0, 4); // full again
        var completing = Task.Run(() => ring.WaitForRoom(2, TimeSpan.FromSeconds(10)));
        Assert.False(completing.Wait(TimeSpan.FromMilliseconds(100)));
        ring.Complete();
        Assert.True(completing.Wait(TimeSpan.FromSeconds(5)) && completing.Result);
    }
}
