// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>All sessions of one emulator in arrival order, and a way to wait for one to end.</summary>
/// <typeparam name="TRecorder">The provider's session recorder.</typeparam>
/// <typeparam name="TRecord">The immutable record the recorder produces.</typeparam>
/// <param name="sessionNoun">How the timeout message names a session, e.g. "Session".</param>
internal sealed class SessionRegistry<TRecorder, TRecord>(string sessionNoun = "Session")
    where TRecorder : class, IRecordedSession<TRecord>
{
    private readonly object _gate = new();
    private readonly List<TRecorder> _sessions = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the next recorder with its arrival index and registers it.</summary>
    public TRecorder Add(Func<int, TRecorder> createRecorder)
    {
        TaskCompletionSource signal;
        TRecorder recorder;
        lock (_gate)
        {
            recorder = createRecorder(_sessions.Count);
            _sessions.Add(recorder);
            signal = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        return recorder;
    }

    public IReadOnlyList<TRecord> Snapshot()
    {
        lock (_gate)
        {
            return _sessions.Select(s => s.Snapshot()).ToArray();
        }
    }

    public async Task<TRecord> WaitForEndAsync(int index, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                TRecorder? recorder = null;
                Task added;
                lock (_gate)
                {
                    if (index < _sessions.Count)
                    {
                        recorder = _sessions[index];
                    }

                    added = _added.Task;
                }

                if (recorder is not null)
                {
                    await recorder.Ended.WaitAsync(cts.Token).ConfigureAwait(false);
                    return recorder.Snapshot();
                }

                await added.WaitAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"{sessionNoun} {index} did not end within {timeout}.");
        }
    }
}
