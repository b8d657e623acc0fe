// Copyright (c) StreamingStt contributors. MIT License.
using Xunit;

// Many tests measure real time (pacing, prompt cancel, stop timeouts) against loopback servers on a
// 2-core machine; running them beside the CPU-heavy resampler tests made those timings flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
