// Copyright (c) StreamingStt contributors. MIT License.
using Xunit.Sdk;
using Xunit.v3;

// One audio device, opened by test after test: never two tests at once.
[assembly: Parallelization(Mode = ParallelMode.None)]
