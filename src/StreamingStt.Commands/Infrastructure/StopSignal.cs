// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Ctrl+C for a cmdlet: StopProcessing calls <see cref="Signal"/> from another thread, the
    /// pipeline thread watches <see cref="Token"/>. Safe to signal after Dispose (PowerShell may
    /// call StopProcessing late).
    /// </summary>
    internal sealed class StopSignal : IDisposable
    {
        private readonly CancellationTokenSource _source = new CancellationTokenSource();

        public CancellationToken Token => _source.Token;

        public bool IsSignalled => _source.IsCancellationRequested;

        public void Signal()
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose() => _source.Dispose();
    }
}
