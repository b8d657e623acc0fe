// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session.Reconnect;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// Stall detection, reconnect and rollover: everything about replacing the session's connection.
    /// The runner (SttSession.cs) asks for a new connection when the current one's receiver handed its
    /// failure over (<see cref="SessionConnection.HandedOver"/>) or when the connection nears its length
    /// limit; the sender never sees the change (it writes through <see cref="AudioLink"/>).
    /// </summary>
    public sealed partial class SttSession
    {
        /// <summary>How far a replay to AssemblyAI may run ahead of real time (it closes sessions that run further ahead).</summary>
        internal static readonly TimeSpan ReplayLead = TimeSpan.FromSeconds(2);

        private static readonly Task Never = new TaskCompletionSource<bool>().Task;

        private readonly AudioLink _link;
        private readonly TurnTimeline _timeline = new TurnTimeline();
        private readonly SemaphoreSlim _deliverGate = new SemaphoreSlim(1, 1);
        // Every mid-session change so far, merged (null: none): a new connection starts from the options and must get all of them.
        private SessionConfigurationUpdate? _configurationChanges;
        private readonly object _configurationLock = new object();
        private int _connectionsStarted;
        private int _connectionNumber = 1;
        private int _reconnects;
        private int _rollovers;

        private SessionConnection Current { get { lock (_gate) return _connection; } }

        private bool IsCurrent(SessionConnection connection) => ReferenceEquals(connection, Current);

        private static TimeSpan? StallTimeoutFor(SttSessionOptions options) =>
            options.StallTimeout ?? StallWatchdog.DefaultTimeoutFor(options.Provider);

        /// <summary>The provider's documented session-length limit: AssemblyAI 3 h (3008), Speechmatics 48 h; Deepgram documents none.</summary>
        internal static TimeSpan? DefaultMaxSessionLength(SttProvider provider)
        {
            switch (provider)
            {
                case SttProvider.AssemblyAI: return TimeSpan.FromHours(3);
                case SttProvider.Speechmatics: return TimeSpan.FromHours(48);
                default: return null;
            }
        }

        private WebSocketConnectionOptions CreateConnectionOptions(SessionConnection connection)
        {
            WebSocketConnectionOptions options = connection.Protocol.CreateConnection(_credential);
            options.ConnectTimeout = _options.ConnectTimeout;
            options.MaxMessageBytes = _options.MaxMessageBytes;
            options.PingTimeout = _options.PingTimeout;
            return options;
        }

        // Both times on the clock's UtcNow: the session's own expiry (a token may shorten it) or the known limit.
        private DateTimeOffset? DeadlineFor(DateTimeOffset? expiresAt)
        {
            TimeSpan? limit = _options.MaxSessionLength ?? DefaultMaxSessionLength(Provider);
            DateTimeOffset? deadline = limit.HasValue ? _options.Clock.UtcNow + limit.Value : (DateTimeOffset?)null;
            if (expiresAt.HasValue && (!deadline.HasValue || expiresAt.Value < deadline.Value)) deadline = expiresAt;
            return deadline;
        }

        private Task RolloverSignal(SessionConnection connection) =>
            _link.Replay is null || connection.RolloverHandled ? Never : connection.RolloverDue.Task;

        // Runs inside the link's exclusion, so the current connection cannot change under it.
        private void OnFrameSent(WebSocketTransport transport)
        {
            SessionConnection connection = Current;
            if (!ReferenceEquals(connection.Transport, transport)) return;
            connection.Watchdog.FrameSent();
            Interlocked.Increment(ref connection.FramesSent);
        }

        private string StopMessageFor(WebSocketTransport transport)
        {
            SessionConnection connection = Current;
            long frames = ReferenceEquals(connection.Transport, transport) && connection.Number > 1
                ? Interlocked.Read(ref connection.FramesSent)
                : Interlocked.Read(ref _framesSent);
            return connection.Protocol.CreateStopMessage(frames);
        }

        // ---- deciding ------------------------------------------------------------------------

        /// <summary>Whether a reconnect may replace <paramref name="connection"/> after <paramref name="error"/>: reconnect on, audio still flowing, a transient cause.</summary>
        private bool CanReconnect(SessionConnection connection, SttException error)
        {
            if (_link.Replay is null || !IsCurrent(connection)) return false;
            if (Volatile.Read(ref _cancelRequested) != 0 || Volatile.Read(ref _stopRequested) != 0) return false;
            lock (_gate)
            {
                if (_stopMessageSent || _terminationReceived) return false;
            }
            return ReconnectPolicy.IsTransient(error);
        }

        /// <summary>
        /// Called by a receiver whose connection failed. For a connection that is not (yet) current, records why
        /// it failed for the opener; for the current one, hands a transient failure to the runner. True when the
        /// receiver must stop without flushing or recording anything.
        /// </summary>
        private bool TryHandOver(SessionConnection connection, SttException error)
        {
            if (!IsCurrent(connection))
            {
                connection.Failure ??= error;
                return true;
            }
            if (!CanReconnect(connection, error)) return false;
            connection.Failure = error;
            connection.HandedOver = true;
            return true;
        }

        private bool TryHandOverAfterClose(SessionConnection connection, int? status, string? reason)
        {
            if (!IsCurrent(connection))
            {
                connection.Failure ??= connection.Protocol.DescribeClose(status, reason, stopRequested: false)
                    ?? new SttException(SttErrorKind.ProviderConnectionFailed,
                        $"{Provider} closed the new connection ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"} {reason}).", Provider.ToString())
                    { ProviderCode = status, ProviderReason = reason };
                return true;
            }
            bool stopRequested;
            lock (_gate) stopRequested = _stopMessageSent || _terminationReceived;
            if (stopRequested) return false;
            SttException? error = connection.Protocol.DescribeClose(status, reason, stopRequested: false);
            if (error is null || !TryHandOver(connection, error)) return false;
            lock (_gate)
            {
                _closeStatus = status;
                _closeReason = reason;
            }
            return true;
        }

        // A message for a connection that is not current: a new one starting (its Begin, or why it refused), or a
        // retired one whose late turns the new connection hears again.
        private bool DeliverToPendingConnection(List<ProviderMessage> parsed, SessionConnection connection)
        {
            foreach (ProviderMessage item in parsed)
            {
                if (item is ProviderSessionBegan began)
                {
                    connection.Deadline = DeadlineFor(began.ExpiresAt);
                    connection.SessionId = began.SessionId;
                    connection.ExpiresAt = began.ExpiresAt;
                    connection.Began.TrySetResult(true);
                }
                else if (item is ProviderError error && error.IsFatal)
                {
                    connection.Failure ??= error.Error;
                }
            }
            return false;
        }

        // ---- watching ------------------------------------------------------------------------

        private void StartMonitor(SessionConnection connection)
        {
            CancellationToken stop = CancellationTokenSource.CreateLinkedTokenSource(_stopSending.Token, connection.Monitor.Token).Token;
            _ = KeepAliveLoopAsync(connection, stop);
            _ = WatchAsync(connection, stop);
        }

        // Real time, every 100 ms: stalls (no answer while audio flows) and the approaching session-length deadline.
        private async Task WatchAsync(SessionConnection connection, CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), stop).ConfigureAwait(false);
                    if (!IsCurrent(connection) || State != SttSessionState.Streaming) continue;
                    StallWatchdog watchdog = connection.Watchdog;
                    if (watchdog.IsStalled)
                    {
                        TimeSpan silent = watchdog.Unanswered;
                        connection.StallError = new SttException(SttErrorKind.ProviderStalled,
                            $"{Provider} stopped answering: no message for {silent.TotalSeconds:0.#} s while audio was sent (its cadence allows {watchdog.Timeout!.Value.TotalSeconds:0.#} s).",
                            Provider.ToString())
                        { RecommendedAction = "Check the network; use " + EngineOptionNames.SessionMaxReconnectAttempts + " to reconnect automatically." };
                        Warn(connection.StallError.Message);
                        // Recorded first, so the failed sends that the abort causes do not take its place.
                        if (!CanReconnect(connection, connection.StallError)) RecordFailure(connection.StallError);
                        connection.Transport?.Abort();
                        return;
                    }
                    if (connection.Deadline is DateTimeOffset deadline && _options.Clock.UtcNow >= deadline - _options.RolloverWindow)
                    {
                        connection.RolloverDue.TrySetResult(true);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException)
            {
            }
        }

        // ---- replacing the connection ----------------------------------------------------------

        /// <summary>After a transient failure: backoff with jitter, a new connection, the replay. Null when it gave up (the failure is recorded).</summary>
        private async Task<SessionConnection?> ReconnectAsync(SessionConnection failed, SttException cause)
        {
            if (failed.Transport is not null) _link.Detach(failed.Transport);
            RetireInBackground(failed);
            int maxAttempts = _options.MaxReconnectAttempts;
            Interlocked.Increment(ref _reconnects);
            Warn($"The connection to {Provider} failed ({cause.ErrorId}: {cause.Message}); reconnecting (at most {maxAttempts} attempt{(maxAttempts == 1 ? string.Empty : "s")}).");
            SttException last = cause;
            for (int attempt = 1; attempt <= maxAttempts; attempt++)
            {
                TimeSpan delay = ReconnectPolicy.DelayBefore(attempt);
                Verbose($"Reconnect attempt {attempt} of {maxAttempts} in {delay.TotalSeconds:0.##} s.");
                await _options.Clock.Delay(delay, _cancel.Token).ConfigureAwait(false);
                SessionConnection? next = null;
                try
                {
                    next = await OpenNextAsync().ConfigureAwait(false);
                    await SwitchToAsync(next).ConfigureAwait(false);
                    Verbose($"Reconnected to {Provider} (session {next.SessionId ?? "(no id)"}, connection {next.Number}).");
                    return next;
                }
                catch (SttException ex) when (!_cancel.IsCancellationRequested)
                {
                    last = ex;
                    if (next is not null) RetireInBackground(next);
                    Verbose($"Reconnect attempt {attempt} failed: {ex.Message}");
                    if (!ReconnectPolicy.IsRetryableConnectFailure(ex)) break;
                }
            }

            string tokenNote = _credential.IsTemporaryToken && Provider == SttProvider.AssemblyAI
                ? " AssemblyAI temporary tokens open one session only: a session that must reconnect needs an API key."
                : string.Empty;
            SttException final = ReferenceEquals(last, cause) || ReconnectPolicy.IsRetryableConnectFailure(last)
                ? new SttException(cause.Kind, $"{cause.Message} Reconnecting failed: {last.Message}{tokenNote}", cause.Target, cause)
                    { ProviderCode = cause.ProviderCode, ProviderReason = cause.ProviderReason, RecommendedAction = cause.RecommendedAction }
                : new SttException(last.Kind, $"Reconnecting after '{cause.Message}' failed: {last.Message}{tokenNote}", last.Target, last)
                    { ProviderCode = last.ProviderCode, ProviderReason = last.ProviderReason, RecommendedAction = last.RecommendedAction };
            RecordFailure(final);
            _link.Close();
            return null;
        }

        /// <summary>Near the length limit: waits for the next end of turn (or the force margin), then moves to a new connection. Null when it did not.</summary>
        private async Task<SessionConnection?> RollOverAsync(SessionConnection old, Task sender)
        {
            old.RolloverHandled = true;
            DateTimeOffset deadline = old.Deadline!.Value;
            DateTimeOffset force = deadline - _options.RolloverForceMargin;
            long endsOfTurn = _timeline.EndsOfTurn;
            Verbose($"{Provider} ends this session at {deadline:u}; moving to a new connection at the next turn boundary.");
            while (_timeline.EndsOfTurn == endsOfTurn && _options.Clock.UtcNow < force)
            {
                if (sender.IsCompleted || old.Receiver!.IsCompleted) return null;
                await Task.Delay(TimeSpan.FromMilliseconds(10), _cancel.Token).ConfigureAwait(false);
            }
            SessionConnection next;
            try
            {
                next = await OpenNextAsync().ConfigureAwait(false);
            }
            catch (SttException ex) when (!_cancel.IsCancellationRequested)
            {
                Warn($"Could not open the next connection before {Provider}'s session limit ({ex.Message}); the session continues on this one and reconnects when it ends.");
                return null;
            }
            try
            {
                await SwitchToAsync(next).ConfigureAwait(false);
            }
            catch (SttException ex) when (!_cancel.IsCancellationRequested)
            {
                // The new connection failed during the replay: the old one is already retired.
                return await ReconnectAsync(next, ex).ConfigureAwait(false);
            }
            RetireInBackground(old);
            Interlocked.Increment(ref _rollovers);
            Verbose($"Rolled over to a new {Provider} session {next.SessionId ?? "(no id)"} before the limit (connection {next.Number}).");
            return next;
        }

        /// <summary>Connects, sends the start message and waits for the provider's start, without touching the current connection.</summary>
        private async Task<SessionConnection> OpenNextAsync()
        {
            var connection = new SessionConnection(Interlocked.Increment(ref _connectionNumber), ProtocolFactory.Create(_options), StallTimeoutFor(_options));
            WebSocketConnectionOptions endpoint = CreateConnectionOptions(connection);
            try
            {
                try
                {
                    connection.Transport = await WebSocketTransport.ConnectAsync(endpoint, _cancel.Token).ConfigureAwait(false);
                }
                catch (SttException ex) when (ex.Kind == SttErrorKind.ProviderConnectionFailed)
                {
                    throw connection.Protocol.DescribeConnectFailure(ex);
                }
                string? startMessage = connection.Protocol.CreateStartMessage();
                if (startMessage is not null) await connection.Transport.SendTextAsync(startMessage, _cancel.Token).ConfigureAwait(false);
                connection.Receiver = ReceiveLoopAsync(connection);
                if (connection.Protocol.WaitsForSessionBegan)
                {
                    Task timeout = Task.Delay(_options.BeginTimeout, _cancel.Token);
                    Task first = await Task.WhenAny(connection.Began.Task, connection.Receiver, timeout).ConfigureAwait(false);
                    if (!connection.Began.Task.IsCompleted)
                    {
                        _cancel.Token.ThrowIfCancellationRequested();
                        throw connection.Failure ?? new SttException(first == timeout ? SttErrorKind.ProviderTimeout : SttErrorKind.ProviderConnectionFailed,
                            first == timeout
                                ? $"{Provider} did not start the new session within {_options.BeginTimeout.TotalSeconds:0.#} s of connecting."
                                : $"{Provider} closed the new connection before the session began.",
                            EndpointRedactor.WithoutQuery(endpoint.Uri));
                    }
                }
                else
                {
                    connection.Deadline = DeadlineFor(null);
                    connection.Began.TrySetResult(true);
                }
                return connection;
            }
            catch
            {
                connection.Monitor.Cancel();
                connection.Transport?.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Makes <paramref name="next"/> the current connection: the replay (audio since the last end of turn) goes to
        /// it first, while deliveries and the sender wait, so no turn is delivered twice and none is lost.
        /// </summary>
        private async Task SwitchToAsync(SessionConnection next)
        {
            WebSocketTransport transport = next.Transport!;
            await _deliverGate.WaitAsync(_cancel.Token).ConfigureAwait(false);
            try
            {
                await _link.SwitchAsync(transport, async (frames, truncated) =>
                {
                    TimeSpan offset = frames.Count > 0 ? frames[0].Start : AudioSent;
                    _timeline.StartConnection(offset);
                    lock (_gate)
                    {
                        _connection = next;
                        if (next.SessionId is not null) _sessionId = next.SessionId;
                        if (next.ExpiresAt.HasValue) _expiresAt = next.ExpiresAt;
                    }
                    Interlocked.Increment(ref _connectionsStarted);
                    TimeSpan replayed = frames.Count > 0 ? frames[frames.Count - 1].End - offset : TimeSpan.Zero;
                    if (truncated)
                    {
                        Warn($"The turn open when the connection changed was longer than {_options.ReplayLimit.TotalSeconds:0} s; only its last {replayed.TotalSeconds:0.#} s were sent again.");
                    }
                    // Settings changed mid-session first, so the replayed audio is heard as it was the first time.
                    string? changes = ConfigurationChangesFor(next.Protocol);
                    if (changes is not null) await SendControlAsync(transport, changes).ConfigureAwait(false);
                    Verbose($"Sending {replayed.TotalSeconds:0.##} s of audio again from {offset.TotalSeconds:0.##} s (the audio since the last end of turn).");
                    await ReplayAsync(next, frames).ConfigureAwait(false);
                }, _cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                _deliverGate.Release();
            }
            StartMonitor(next);
        }

        /// <summary>
        /// The mid-session changes so far as one message of the new connection's protocol, or null when there were
        /// none. Made by that protocol, so it also knows them (Speechmatics ends turns by the new silence trigger).
        /// </summary>
        private string? ConfigurationChangesFor(ISttProtocol protocol)
        {
            lock (_configurationLock)
            {
                // Accepted once by the same provider's protocol: it cannot be refused now.
                return _configurationChanges is null ? null : protocol.CreateConfigurationUpdateMessage(_configurationChanges);
            }
        }

        private async Task ReplayAsync(SessionConnection connection, List<ReplayFrame> frames)
        {
            if (frames.Count == 0) return;
            // AssemblyAI closes sessions that run ahead of real time; the others read as fast as they can.
            bool pace = Provider == SttProvider.AssemblyAI;
            TimeSpan origin = _options.Clock.Elapsed;
            TimeSpan first = frames[0].Start;
            foreach (ReplayFrame frame in frames)
            {
                if (pace)
                {
                    TimeSpan wait = origin + (frame.Start - first) - ReplayLead - _options.Clock.Elapsed;
                    if (wait > TimeSpan.Zero) await _options.Clock.Delay(wait, _cancel.Token).ConfigureAwait(false);
                }
                await connection.Transport!.SendBinaryAsync(new ArraySegment<byte>(frame.Data, 0, frame.Count), _cancel.Token).ConfigureAwait(false);
                connection.Watchdog.FrameSent();
                Interlocked.Increment(ref connection.FramesSent);
                Volatile.Write(ref _lastSendTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }

        // A replaced connection: its watchers stop, its late messages are ignored, and it is closed politely, briefly.
        private static void RetireInBackground(SessionConnection connection)
        {
            try { connection.Monitor.Cancel(); }
            catch (ObjectDisposedException) { }
            WebSocketTransport? transport = connection.Transport;
            if (transport is null) return;
            _ = Task.Run(async () =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await transport.CloseAsync(1000, "replaced", timeout.Token).ConfigureAwait(false);
                if (connection.Receiver is Task receiver)
                {
                    await Task.WhenAny(receiver, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
                }
                transport.Dispose();
            });
        }
    }
}
