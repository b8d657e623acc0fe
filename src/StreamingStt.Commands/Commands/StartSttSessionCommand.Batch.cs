// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    // Batch: -ThrottleLimit, several files at once in the foreground or as queued jobs.
    public sealed partial class StartSttSessionCommand
    {
        private void StartBatch()
        {
            if (AsJob)
            {
                _jobThrottle = new SttJobThrottle(ThrottleLimit);
                return;
            }
            _batch = new ParallelSessionRunner(this, ThrottleLimit,
                file => CreateSession(() => OpenFile(file), failureEndsCommand: false),
                Report, RecordSummary, ProgressActivityId, ProgressVisibility.WillBeShown(this), _stop.Token);
        }
    }
}
