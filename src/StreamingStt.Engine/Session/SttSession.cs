// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session.Reconnect;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// One streaming session: audio source → provider → events. Start() returns at once; the
    /// session runs on background tasks and only enqueues events, which the consumer takes with
    /// TryTake on its own thread. Dispose cancels and releases everything.
    /// </summary>
    /// <remarks>
    /// Three tasks: the runner (connect, wait for Begin, then supervise), the sender (frames from
    /// the shared conversion path, paced, then the provider's stop message) and the receiver
    /// (messages → events). Timeouts that concern the network use real time; pacing uses the
    /// injectable <see cref="IClock"/>.
    /// </remarks>
    public sealed partial class SttSession : IDisposable
    {
        private readonly IAudioSource _source;
        private readonly SttSessionOptions _options;
        private readonly SttCredential _credential;
        private readonly SessionEventQueue _events;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly CancellationTokenSource _stopSending = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _gate = new object();

        // The connection audio goes to now; replaced (under _gate) by a reconnect or rollover, see SttSession.Reconnect.cs.
        private SessionConnection _connection;
        private SttSessionState _state = SttSessionState.NotStarted;
        private string? _sessionId;
        private DateTimeOffset? _expiresAt;
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _endedAt;
        private long _bytesSent;
        private long _framesSent;
        private long _lastSendTimestamp;
        private long _audioSentTicks;
        private int _turnCount;
        private int _partialCount;
        private int _stopRequested;
        private int _cancelRequested;
        private int _started;
        private int _disposed;
        private bool _terminationReceived;
        private bool _stopMessageSent;
        private bool _warnedAboutDrops;
        private int _receiverEnded;
        private TimeSpan? _providerAudioDuration;
        private TimeSpan? _providerSessionDuration;
        private int? _closeStatus;
        private string? _closeReason;
        private SttException? _error;
        private SessionEndReason _endReason;
        private readonly ILiveAudioSource? _live;

        /// <summary>Creates a session; nothing is opened until <see cref="Start"/>. Options are validated here (SttException OptionInvalid / ApiKeyMissing).</summary>
        public SttSession(IAudioSource source, SttSessionOptions options)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            ValidateOptions(options);
            _credential = options.Credential ?? SttCredential.FromEnvironment(options.Provider)
                ?? throw new SttException(SttErrorKind.ApiKeyMissing,
                    $"No {options.Provider} API key: pass {EngineOptionNames.SessionCredential}, or set the environment variable {SttCredential.EnvironmentVariableFor(options.Provider)}.",
                    SttCredential.EnvironmentVariableFor(options.Provider))
                { RecommendedAction = $"Set $env:{SttCredential.EnvironmentVariableFor(options.Provider)} or pass {EngineOptionNames.SessionCredential}." };
            _connection = new SessionConnection(1, ProtocolFactory.Create(options), StallTimeoutFor(options));
            _link = new AudioLink(options.MaxReconnectAttempts > 0 ? new ReplayBuffer(options.ReplayLimit) : null);
            _events = new SessionEventQueue(options.EventQueueCapacity);
            Id = Guid.NewGuid();
            Provider = options.Provider;
            Source = options.SourceName ?? source.Name;
            _live = source as ILiveAudioSource;
            if (_live is not null) _live.Notice += OnSourceNotice;
            if (source is IAudioSourceWarnings opened)
            {
                foreach (string warning in opened.Warnings) Warn(warning);
            }
        }

        // Raised on the capture thread: only enqueue.
        private void OnSourceNotice(object? sender, AudioSourceNoticeEventArgs notice)
        {
            if (notice.IsWarning) Warn(notice.Message);
            else Verbose(notice.Message);
        }

        private static void ValidateOptions(SttSessionOptions options)
        {
            if (options.ChunkMilliseconds < SttSessionOptions.MinChunkMilliseconds || options.ChunkMilliseconds > SttSessionOptions.MaxChunkMilliseconds)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"ChunkMilliseconds must be {SttSessionOptions.MinChunkMilliseconds}–{SttSessionOptions.MaxChunkMilliseconds} ms (providers close the session otherwise); got {options.ChunkMilliseconds}.",
                    "ChunkMilliseconds");
            }
            if (options.MaxAudioDuration.HasValue && options.MaxAudioDuration.Value <= TimeSpan.Zero)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "Duration must be positive.", "Duration");
            }
            if (options.StopTimeout < TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero || options.BeginTimeout <= TimeSpan.Zero)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "Timeouts must be positive.", "Timeout");
            }
            if (options.EventQueueCapacity < 16)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "EventQueueCapacity must be at least 16.", "EventQueueCapacity");
            }
        }

        /// <summary>Local id, stable for the whole life of the session.</summary>
        public Guid Id { get; }
        public SttProvider Provider { get; }
        /// <summary>Turn.Source for this session.</summary>
        public string Source { get; }

        /// <summary>The provider's session id, once it began.</summary>
        public string? SessionId { get { lock (_gate) return _sessionId; } }

        public DateTimeOffset? ExpiresAt { get { lock (_gate) return _expiresAt; } }

        public SttSessionState State { get { lock (_gate) return _state; } }

        /// <summary>Length of the source when known (files), for progress.</summary>
        public TimeSpan? SourceDuration => _source.Duration;

        /// <summary>True when the audio is captured live (a microphone) rather than read from a file or stream.</summary>
        public bool IsLiveSource => _live is not null;

        /// <summary>Audio sent so far.</summary>
        public TimeSpan AudioSent => TimeSpan.FromTicks(Interlocked.Read(ref _audioSentTicks));

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>End-of-turn updates received so far.</summary>
        public int TurnCount => Volatile.Read(ref _turnCount);

        /// <summary>The error that ended the session, once it failed.</summary>
        public SttException? Error { get { lock (_gate) return _error; } }

        /// <summary>Completes (never faults) when the session is over and its last event enqueued.</summary>
        public Task Completion => _completion.Task;

        /// <summary>True once the session is over and every event has been taken.</summary>
        public bool IsDrained => _events.IsDrained;

        /// <summary>Events waiting for the consumer (for tests of the bounded queue).</summary>
        internal int QueuedEventCount => _events.Count;

        /// <summary>A snapshot of the counters and outcome.</summary>
        public SessionSummary GetSummary()
        {
            lock (_gate)
            {
                return new SessionSummary
                {
                    Provider = Provider,
                    SessionId = _sessionId,
                    Source = Source,
                    EndReason = _endReason,
                    StartedAt = _startedAt,
                    EndedAt = _endedAt,
                    AudioSent = AudioSent,
                    ProviderAudioDuration = _providerAudioDuration,
                    ProviderSessionDuration = _providerSessionDuration,
                    BytesSent = BytesSent,
                    FramesSent = Interlocked.Read(ref _framesSent),
                    TurnCount = TurnCount,
                    PartialCount = Volatile.Read(ref _partialCount),
                    DroppedPartials = _events.DroppedPartials,
                    AudioDropped = _live?.DroppedAudio ?? TimeSpan.Zero,
                    Reconnects = Volatile.Read(ref _reconnects),
                    Rollovers = Volatile.Read(ref _rollovers),
                    CloseStatus = _closeStatus,
                    CloseReason = _closeReason,
                    Error = _error?.Message,
                    ErrorId = _error?.ErrorId,
                };
            }
        }

        /// <summary>Connects and starts streaming on background tasks. Call once.</summary>
        public void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The session was already started.");
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(SttSession));
            SetState(SttSessionState.Connecting);
            Task runner = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            EndIfRunnerFails(runner);
        }

        /// <summary>
        /// Takes the next event, waiting up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until
        /// one comes or the session is over, with no wake-up in between). Returns false when none
        /// arrived in time or when the session is over and every event was taken (check
        /// <see cref="IsDrained"/>). Throws OperationCanceledException when the token is cancelled.
        /// </summary>
        public bool TryTake(out SessionEvent? sessionEvent, TimeSpan timeout, CancellationToken cancellationToken) =>
            _events.TryTake(out sessionEvent, timeout, cancellationToken);

        /// <summary>
        /// For a consumer that drains several sessions on one thread: <paramref name="changed"/> is called (from any
        /// thread, under the queue's lock, so it must only signal) whenever an event is queued or the session is over,
        /// and at once if there is something to take already.
        /// </summary>
        internal void NotifyOnEvent(Action changed) => _events.NotifyOnChange(changed ?? throw new ArgumentNullException(nameof(changed)));

        /// <summary>
        /// Graceful stop, non-blocking: stops sending audio, asks the provider to finish
        /// (AssemblyAI Terminate) and keeps delivering turns until it acknowledges or StopTimeout passes.
        /// </summary>
        public void RequestStop()
        {
            if (Interlocked.Exchange(ref _stopRequested, 1) != 0) return;
            if (Volatile.Read(ref _started) == 0)
            {
                Finish(SessionEndReason.Stopped, SttSessionState.Stopped, null);
                return;
            }
            if (_live is not null)
            {
                // The capture stops within ~100 ms; the sender sends what was captured, then the
                // provider's stop message, so the last words are transcribed.
                _live.StopCapture();
                return;
            }
            TryCancel(_stopSending);
        }

        /// <summary>
        /// A graceful stop for a consumer that is leaving (Ctrl+C on a microphone): events are no
        /// longer kept, the provider still gets its stop message and closes cleanly, and the session
        /// releases itself when it ends (cancelled if it takes longer than StopTimeout + 5 s).
        /// Returns at once; do not use the session afterwards.
        /// </summary>
        public void StopDetached()
        {
            _events.Abandon();
            RequestStop();
            if (Volatile.Read(ref _started) == 0)
            {
                Dispose();
                return;
            }
            Task.Run(async () =>
            {
                Task limit = Task.Delay(_options.StopTimeout + TimeSpan.FromSeconds(5));
                if (await Task.WhenAny(_completion.Task, limit).ConfigureAwait(false) == limit) Cancel();
                Dispose();
            });
        }

        /// <summary>Stops at once without waiting for the provider (Ctrl+C, -Force). Prompt: well under 1 s.</summary>
        public void Cancel()
        {
            if (Interlocked.Exchange(ref _cancelRequested, 1) != 0) return;
            Interlocked.Exchange(ref _stopRequested, 1);
            if (Volatile.Read(ref _started) == 0)
            {
                Finish(SessionEndReason.Cancelled, SttSessionState.Cancelled, null);
                return;
            }
            TryCancel(_stopSending);
            TryCancel(_cancel);
            Current.Transport?.Abort();
        }

        /// <summary>Ends the current turn now (AssemblyAI ForceEndpoint). Ignored when the provider has no such message or the session is not streaming.</summary>
        public void ForceEndpoint()
        {
            SessionConnection connection = Current;
            string? message = connection.Protocol.CreateForceEndpointMessage();
            WebSocketTransport? transport = connection.Transport;
            if (message is null || transport is null || State != SttSessionState.Streaming) return;
            _ = SendControlAsync(transport, message);
        }

        /// <summary>
        /// Changes turn detection while the session runs (AssemblyAI UpdateConfiguration). Throws
        /// SttException OptionInvalid for values the provider would refuse, or when the provider
        /// has no such message; ignored when the session is not streaming.
        /// </summary>
        public void UpdateConfiguration(SessionConfigurationUpdate update)
        {
            if (update is null) throw new ArgumentNullException(nameof(update));
            SessionConnection connection = Current;
            string message;
            lock (_configurationLock)
            {
                // A new connection (reconnect, rollover) starts from the options, so it is sent every change so far
                // in one message (a copy: the caller may reuse its object). Checked together first: a MinTurnSilence
                // given earlier must still fit a MaxTurnSilence given now.
                SessionConfigurationUpdate all = (_configurationChanges ?? new SessionConfigurationUpdate()).FollowedBy(update);
                if (_configurationChanges is not null) connection.Protocol.CreateConfigurationUpdateMessage(all);
                message = connection.Protocol.CreateConfigurationUpdateMessage(update)
                    ?? throw new SttException(SttErrorKind.OptionInvalid, $"{Provider} cannot change its configuration during a session.", "UpdateConfiguration");
                _configurationChanges = all;
            }
            WebSocketTransport? transport = connection.Transport;
            if (transport is null || State != SttSessionState.Streaming) return;
            Verbose($"Sent a configuration update to {Provider}.");
            _ = SendControlAsync(transport, message);
        }

        private async Task SendControlAsync(WebSocketTransport transport, string message)
        {
            try
            {
                await transport.SendTextAsync(message, _cancel.Token).ConfigureAwait(false);
                Volatile.Write(ref _lastSendTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
            }
            catch (Exception ex) when (ex is SttException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                // The receiver reports a lost connection; a control message has nothing to add.
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Cancel();
            _events.Abandon();
            if (Volatile.Read(ref _started) != 0)
            {
                // The runner releases the transport and source when it ends; Cancel makes that prompt.
                _completion.Task.Wait(TimeSpan.FromSeconds(2));
            }
            else
            {
                _source.Dispose();
            }
        }

        private static void TryCancel(CancellationTokenSource source)
        {
            try { source.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        private void SetState(SttSessionState state)
        {
            lock (_gate) _state = state;
        }

        private void Verbose(string message) => Enqueue(new DiagnosticEvent(_options.Clock.UtcNow, DiagnosticLevel.Verbose, message));

        private void Warn(string message) => Enqueue(new DiagnosticEvent(_options.Clock.UtcNow, DiagnosticLevel.Warning, message));

        private void Debug(string message) => Enqueue(new DiagnosticEvent(_options.Clock.UtcNow, DiagnosticLevel.Debug, message));

        private void Enqueue(SessionEvent sessionEvent) => _events.Add(sessionEvent);

        private async Task EnqueueTurnAsync(Turn turn)
        {
            if (await _events.AddTurnAsync(new TurnEvent(turn)).ConfigureAwait(false) && !_warnedAboutDrops)
            {
                _warnedAboutDrops = true;
                Warn("The consumer is falling behind: partial turns are being dropped (end-of-turn updates are kept).");
            }
        }

        private void RecordFailure(SttException error)
        {
            lock (_gate)
            {
                // The first error is the cause; later ones are consequences.
                _error ??= error;
            }
        }

        // ---- the runner ----------------------------------------------------------------------

        private async Task RunAsync()
        {
            SessionConnection connection = _connection;
            Task? receiver = null;
            Task? sender = null;
            try
            {
                lock (_gate) _startedAt = _options.Clock.UtcNow;
                WebSocketConnectionOptions endpoint = CreateConnectionOptions(connection);
                Verbose($"Connecting to {Provider} at {EndpointRedactor.Redact(endpoint.Uri)}.");
                try
                {
                    connection.Transport = await WebSocketTransport.ConnectAsync(endpoint, _cancel.Token).ConfigureAwait(false);
                }
                catch (SttException ex) when (ex.Kind == SttErrorKind.ProviderConnectionFailed)
                {
                    throw connection.Protocol.DescribeConnectFailure(ex);
                }
                if (Volatile.Read(ref _cancelRequested) != 0) connection.Transport.Abort();
                Verbose($"Connected to {EndpointRedactor.WithoutQuery(connection.Transport.ConnectedUri)}.");

                string? startMessage = connection.Protocol.CreateStartMessage();
                if (startMessage is not null) await connection.Transport.SendTextAsync(startMessage, _cancel.Token).ConfigureAwait(false);

                receiver = connection.Receiver = ReceiveLoopAsync(connection);
                if (connection.Protocol.WaitsForSessionBegan)
                {
                    Task timeout = Task.Delay(_options.BeginTimeout, _cancel.Token);
                    Task first = await Task.WhenAny(connection.Began.Task, receiver, timeout).ConfigureAwait(false);
                    if (first == timeout && !connection.Began.Task.IsCompleted)
                    {
                        _cancel.Token.ThrowIfCancellationRequested();
                        throw new SttException(SttErrorKind.ProviderTimeout,
                            $"{Provider} did not start the session within {_options.BeginTimeout.TotalSeconds:0.#} s of connecting.",
                            EndpointRedactor.WithoutQuery(endpoint.Uri));
                    }
                }

                if (!connection.Began.Task.IsCompleted && connection.Protocol.WaitsForSessionBegan)
                {
                    await ObserveAsync(receiver).ConfigureAwait(false);
                    if (Error is null && Volatile.Read(ref _cancelRequested) == 0)
                    {
                        lock (_gate)
                        {
                            RecordFailure(new SttException(SttErrorKind.ProviderConnectionFailed,
                                $"{Provider} closed the connection before the session began ({_closeStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"} {_closeReason}).",
                                EndpointRedactor.WithoutQuery(endpoint.Uri)) { ProviderCode = _closeStatus, ProviderReason = _closeReason });
                        }
                    }
                }
                else
                {
                    if (!connection.Protocol.WaitsForSessionBegan) connection.Deadline = DeadlineFor(null);
                    SetState(SttSessionState.Streaming);
                    Volatile.Write(ref _lastSendTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
                    _link.Attach(connection.Transport);
                    sender = SendLoopAsync();
                    StartMonitor(connection);
                    while (true)
                    {
                        receiver = connection.Receiver!;
                        Task first = await Task.WhenAny(sender, receiver, RolloverSignal(connection)).ConfigureAwait(false);
                        if (first == sender)
                        {
                            await sender.ConfigureAwait(false);
                            if (!receiver.IsCompleted && _stopMessageSent)
                            {
                                // Keep delivering turns until the provider acknowledges, but not forever.
                                Task timeout = Task.Delay(_options.StopTimeout, _cancel.Token);
                                if (await Task.WhenAny(receiver, timeout).ConfigureAwait(false) == timeout && !receiver.IsCompleted)
                                {
                                    _cancel.Token.ThrowIfCancellationRequested();
                                    await EndAfterStopTimeoutAsync(connection, receiver).ConfigureAwait(false);
                                }
                            }
                            break;
                        }
                        // A new connection replaces this one: before the provider's session-length limit, or after a transient failure.
                        SessionConnection? next = first == receiver
                            ? (connection.Failure is SttException cause && connection.HandedOver ? await ReconnectAsync(connection, cause).ConfigureAwait(false) : null)
                            : await RollOverAsync(connection, sender).ConfigureAwait(false);
                        if (next is not null)
                        {
                            connection = next;
                            continue;
                        }
                        if (first == receiver)
                        {
                            // The provider ended first (error, expiry, close): stop sending.
                            TryCancel(_stopSending);
                            break;
                        }
                    }
                }

                await ObserveAsync(receiver).ConfigureAwait(false);
                if (sender is not null) await ObserveAsync(sender).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Volatile.Read(ref _cancelRequested) != 0)
            {
            }
            catch (SttException ex)
            {
                RecordFailure(ex);
            }
            catch (Exception ex)
            {
                // A bug, not a provider condition: still end the session cleanly and say what happened.
                RecordFailure(UnexpectedFailure(ex));
            }

            _link.Close();
            connection = Current;
            connection.Transport?.Abort();
            if (connection.Receiver is not null) await ObserveAsync(connection.Receiver).ConfigureAwait(false);
            if (receiver is not null) await ObserveAsync(receiver).ConfigureAwait(false);
            if (sender is not null) await ObserveAsync(sender).ConfigureAwait(false);
            FinishFromOutcome();
        }

        // Collects a loop's own failure (loops record errors themselves; this only guards against leaks).
        private async Task ObserveAsync(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (SttException ex)
            {
                if (Volatile.Read(ref _cancelRequested) == 0) RecordFailure(ex);
            }
            catch (Exception ex)
            {
                // Never let a loop's unexpected exception skip the end (that was a hang): record it as the bug it is.
                if (Volatile.Read(ref _cancelRequested) == 0) RecordFailure(UnexpectedFailure(ex));
            }
        }

        private void FinishFromOutcome()
        {
            SessionEndReason reason;
            SttSessionState state;
            SttException? error;
            lock (_gate)
            {
                error = ChooseEndError();
                if (Volatile.Read(ref _cancelRequested) != 0 && error is null)
                {
                    reason = SessionEndReason.Cancelled;
                    state = SttSessionState.Cancelled;
                }
                else if (error is not null)
                {
                    reason = SessionEndReason.Failed;
                    state = SttSessionState.Failed;
                }
                else if (_endReason == SessionEndReason.StopTimedOut)
                {
                    reason = SessionEndReason.StopTimedOut;
                    state = SttSessionState.Stopped;
                }
                else if (!_stopMessageSent || !_terminationReceived)
                {
                    // It ended on its own: before our stop request, or without acknowledging it.
                    reason = SessionEndReason.ClosedByProvider;
                    state = SttSessionState.Completed;
                }
                else
                {
                    bool userStop = Volatile.Read(ref _stopRequested) != 0;
                    reason = userStop ? SessionEndReason.Stopped : SessionEndReason.Completed;
                    state = userStop ? SttSessionState.Stopped : SttSessionState.Completed;
                }
            }
            if (reason == SessionEndReason.ClosedByProvider) WarnProviderEndedEarly();
            Finish(reason, state, error);
        }

        private void Finish(SessionEndReason reason, SttSessionState state, SttException? error)
        {
            lock (_gate)
            {
                if (_endedAt.HasValue) return;
                _endReason = reason;
                _state = state;
                _endedAt = _options.Clock.UtcNow;
            }
            // A failing Dispose must not skip the end event.
            ReleaseQuietly(Current.Transport);
            ReleaseQuietly(_source);
            if (error is not null) Enqueue(new SessionFaultEvent(_options.Clock.UtcNow, error, isTerminating: true));
            SessionSummary summary = GetSummary();
            Verbose($"Session {summary.SessionId ?? "(not begun)"} ended: {reason}; {SessionSummary.Turns(summary.TurnCount)}, {summary.AudioSent.TotalSeconds:0.0} s of audio sent.");
            Enqueue(new SessionEndedEvent(_options.Clock.UtcNow, summary));
            _events.Complete();
            _completion.TrySetResult(true);
            TryCancel(_stopSending); // ends the keep-alive loop
            _cancel.Dispose();
            _stopSending.Dispose();
        }
    }
}
