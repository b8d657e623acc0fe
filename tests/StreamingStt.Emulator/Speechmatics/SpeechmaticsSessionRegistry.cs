// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>All sessions of one Speechmatics emulator in arrival order, and a way to wait for one to end.</summary>
internal sealed class SpeechmaticsSessionRegistry
{
    private readonly object _gate = new();
    private readonly List<SpeechmaticsSessionRecorder> _sessions = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SpeechmaticsSessionRecorder Add(string path, IReadOnlyDictionary<string, string> query, IReadOnlyList<string> headerNames)
    {
        TaskCompletionSource signal;
        SpeechmaticsSessionRecorder recorder;
        lock (_gate)
        {
            recorder = new SpeechmaticsSessionRecorder(_sessions.Count, path, query, headerNames);
            _sessions.Add(recorder);
            signal = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        return recorder;
    }

    public IReadOnlyList<SpeechmaticsSessionRecord> Snapshot()
    {
        lock (_gate)
        {
            return _sessions.Select(s => s.Snapshot()).ToArray();
        }
    }

    public async Task<SpeechmaticsSessionRecord> WaitForEndAsync(int index, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                SpeechmaticsSessionRecorder? recorder = null;
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
            throw new TimeoutException($"Speechmatics session {index} did not end within {timeout}.");
        }
    }
}
