// Copyright (c) StreamingStt contributors. MIT License.

using Microsoft.Extensions.Hosting;

namespace StreamingStt.Emulator;

/// <summary>
/// Replaces the console lifetime so an emulator hosted inside a test process never hooks Ctrl+C or SIGTERM; the
/// owner stops it through <see cref="AssemblyAIEmulator.DisposeAsync"/>.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
