// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// An account's limit on sessions open at once: a session that would exceed it is refused the way the provider refuses
/// it (AssemblyAI close 3009, Deepgram HTTP 429, Speechmatics Error quota_exceeded and close 4005). Null limit: no limit, as before.
/// </summary>
internal sealed class ConcurrencyGate(int? limit)
{
    private int _open;

    /// <summary>Takes a place; false (nothing taken) when <see cref="Limit"/> sessions are open already.</summary>
    public bool TryEnter()
    {
        if (limit is null)
        {
            Interlocked.Increment(ref _open);
            return true;
        }

        while (true)
        {
            int open = Volatile.Read(ref _open);
            if (open >= limit.Value) return false;
            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open) return true;
        }
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _open);

    public int? Limit => limit;

    /// <summary>Checks a configured limit; throws for anything but a positive number.</summary>
    public static int? Validate(int? value, string name) =>
        value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 1 (or null for no limit).");
}
