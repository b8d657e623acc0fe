// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session.Reconnect
{
    /// <summary>
    /// The path from the sender to whichever connection is current. With reconnect off it is a plain send.
    /// With reconnect on, every frame is kept in the <see cref="ReplayBuffer"/> first; a send that finds the
    /// connection gone waits until the next connection is attached (which replays that frame) instead of
    /// failing, so the sender holds at most one frame and a dead connection never grows memory.
    /// </summary>
    internal sealed class AudioLink
    {
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly object _stateGate = new object();
        private WebSocketTransport? _transport;
        private TaskCompletionSource<bool> _attached = NewSignal();
        private bool _closed;

        public AudioLink(ReplayBuffer? replay)
        {
            Replay = replay;
        }

        /// <summary>Null when reconnect is off.</summary>
        public ReplayBuffer? Replay { get; }

        public WebSocketTransport? Transport { get { lock (_stateGate) return _transport; } }

        public void Attach(WebSocketTransport transport)
        {
            lock (_stateGate) _transport = transport;
        }

        /// <summary>The connection is gone: sends wait for the next one (or for <see cref="Close"/>).</summary>
        public void Detach(WebSocketTransport transport)
        {
            lock (_stateGate)
            {
                if (ReferenceEquals(_transport, transport)) _transport = null;
            }
        }

        /// <summary>No more connections will come: waiting sends fail with ProviderConnectionLost.</summary>
        public void Close()
        {
            TaskCompletionSource<bool> attached;
            lock (_stateGate)
            {
                _closed = true;
                attached = _attached;
            }
            attached.TrySetResult(false);
        }

        /// <summary>Sends one frame; <paramref name="start"/>/<paramref name="end"/> place it on the session timeline.</summary>
        public async Task SendAsync(byte[] frame, int count, TimeSpan start, TimeSpan end, Action<WebSocketTransport>? sent, CancellationToken cancellationToken)
        {
            Replay?.Add(frame, count, start, end);
            while (true)
            {
                TaskCompletionSource<bool> attached;
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    WebSocketTransport? transport;
                    lock (_stateGate)
                    {
                        transport = _transport;
                        attached = _attached;
                        if (transport is null && (_closed || Replay is null))
                        {
                            throw new SttException(SttErrorKind.ProviderConnectionLost, "The connection to the provider is gone.", "audio");
                        }
                    }
                    if (transport is not null)
                    {
                        try
                        {
                            await transport.SendBinaryAsync(new ArraySegment<byte>(frame, 0, count), cancellationToken).ConfigureAwait(false);
                            sent?.Invoke(transport);
                            return;
                        }
                        catch (Exception ex) when (Replay is not null && !cancellationToken.IsCancellationRequested && IsConnectionFailure(ex))
                        {
                            // The frame is in the replay buffer: the next connection hears it.
                            Detach(transport);
                        }
                    }
                }
                finally
                {
                    _gate.Release();
                }
                if (!await WaitAsync(attached.Task, cancellationToken).ConfigureAwait(false))
                {
                    throw new SttException(SttErrorKind.ProviderConnectionLost, "The connection to the provider is gone.", "audio");
                }
                return; // attached: the replay carried this frame
            }
        }

        /// <summary>
        /// Sends a control message (the provider's stop request) on the current connection, built for that
        /// connection; waits for a reconnect under way instead of failing when the connection is gone.
        /// </summary>
        public async Task SendControlAsync(Func<WebSocketTransport, string> message, Action? sent, CancellationToken cancellationToken)
        {
            while (true)
            {
                TaskCompletionSource<bool> attached;
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    WebSocketTransport? transport;
                    lock (_stateGate)
                    {
                        transport = _transport;
                        attached = _attached;
                        if (transport is null && (_closed || Replay is null))
                        {
                            throw new SttException(SttErrorKind.ProviderConnectionLost, "The connection to the provider is gone.", "stop");
                        }
                    }
                    if (transport is not null)
                    {
                        try
                        {
                            await transport.SendTextAsync(message(transport), cancellationToken).ConfigureAwait(false);
                            sent?.Invoke();
                            return;
                        }
                        catch (Exception ex) when (Replay is not null && !cancellationToken.IsCancellationRequested && IsConnectionFailure(ex))
                        {
                            Detach(transport);
                        }
                    }
                }
                finally
                {
                    _gate.Release();
                }
                if (!await WaitAsync(attached.Task, cancellationToken).ConfigureAwait(false))
                {
                    throw new SttException(SttErrorKind.ProviderConnectionLost, "The connection to the provider is gone.", "stop");
                }
            }
        }

        /// <summary>
        /// Makes <paramref name="transport"/> current once <paramref name="replay"/> has sent the kept audio to it;
        /// the sender waits meanwhile, so nothing goes out of order. The snapshot is taken inside the same exclusion,
        /// so no frame is both replayed and sent again.
        /// </summary>
        public async Task SwitchAsync(WebSocketTransport transport, Func<List<ReplayFrame>, bool, Task> replay, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                bool truncated = false;
                List<ReplayFrame> frames = Replay is null ? new List<ReplayFrame>() : Replay.Snapshot(out truncated);
                await replay(frames, truncated).ConfigureAwait(false);
                TaskCompletionSource<bool> attached;
                lock (_stateGate)
                {
                    _transport = transport;
                    attached = _attached;
                    _attached = NewSignal();
                }
                attached.TrySetResult(true);
            }
            finally
            {
                _gate.Release();
            }
        }

        private static async Task<bool> WaitAsync(Task<bool> task, CancellationToken cancellationToken)
        {
            if (!task.IsCompleted)
            {
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
                {
                    await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            return await task.ConfigureAwait(false);
        }

        // How a send on a dropped socket fails: ours (SttException), the runtime's (WebSocketException, IOException, an
        // aborted socket's OperationCanceledException or invalid state), or a transport already disposed.
        private static bool IsConnectionFailure(Exception ex) =>
            ex is SttException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is OperationCanceledException
            || ex is System.IO.IOException || ex is System.Net.WebSockets.WebSocketException;

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
