// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>All connections of one emulator in arrival order, and a way to wait for one to end.</summary>
internal sealed class DeepgramSessionRegistry
{
    private readonly object _gate = new();
    private readonly List<DeepgramSessionRecorder> _sessions = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeepgramSessionRecorder Add(string requestId, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<string> headerNames)
    {
        TaskCompletionSource signal;
        DeepgramSessionRecorder recorder;
        lock (_gate)
        {
            recorder = new DeepgramSessionRecorder(_sessions.Count, requestId, query, headerNames);
            _sessions.Add(recorder);
            signal = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        return recorder;
    }

    public IReadOnlyList<DeepgramSessionRecord> Snapshot()
    {
        lock (_gate)
        {
            return _sessions.Select(s => s.Snapshot()).ToArray();
        }
    }

    public async Task<DeepgramSessionRecord> WaitForEndAsync(int index, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                DeepgramSessionRecorder? recorder = null;
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
            throw new TimeoutException($"Session {index} did not end within {timeout}.");
        }
    }
}
