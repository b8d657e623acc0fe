// Copyright (c) StreamingStt contributors. MIT License.

using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator;

/// <summary>
/// One authenticated, configured v3 session: Begin, audio and control messages, Turns from the script, and the
/// ways a session ends (protocols.md §1.4–1.9). A receive pump feeds a single loop, so only that loop ever sends and
/// deadlines (session expiry, inactivity) can interrupt a wait without cancelling a WebSocket receive.
/// </summary>
internal sealed class StreamingSession
{
    private const double MinFrameMs = 50;
    private const double MaxFrameMs = 1000;
    private const int MaxTextMessageBytes = 64 * 1024;

    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly SessionConfiguration _configuration;
    private readonly AssemblyAIEmulatorOptions _options;
    private readonly TimeSpan _maxSessionDuration;
    private readonly SessionRecorder _recorder;
    private readonly CancellationToken _serverStopping;
    private readonly TurnDetectionSettings _settings;
    private readonly EmulatorFault? _fault;
    private readonly TaskCompletionSource _blackHoled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TurnEngine? _engine;
    private readonly Stopwatch _sinceBegin = new();
    private readonly List<OutgoingMessage> _pending = [];
    private TimeSpan _lastActivity;
    private long _audioBytes;
    private bool _faultFired;
    private bool _stalled;

    public StreamingSession(
        HttpContext context,
        WebSocket socket,
        SessionConfiguration configuration,
        AssemblyAIEmulatorOptions options,
        TimeSpan maxSessionDuration,
        SessionRecorder recorder,
        CancellationToken serverStopping)
    {
        _context = context;
        _socket = socket;
        _configuration = configuration;
        _options = options;
        _maxSessionDuration = maxSessionDuration;
        _recorder = recorder;
        _serverStopping = serverStopping;
        _settings = TurnDetectionSettings.From(configuration);

        // Self-describing encodings (opus, ogg_opus, aac) are accepted, as by the real service, but the emulator
        // cannot measure them, so it neither checks their frame durations nor transcribes them.
        _engine = configuration.BytesPerSecond is null || options.ScriptFollowsAudioPosition
            ? null
            : TurnEngine.Create(configuration.Family, new ScriptTimeline(options.Script), _settings);
        _fault = options.Fault is { } fault && fault.Claim() ? fault : null;
    }

    /// <summary>Emulated time since Begin (<see cref="AssemblyAIEmulatorOptions.ClockRate"/> times real time).</summary>
    private TimeSpan Elapsed => TimeSpan.FromTicks((long)(_sinceBegin.Elapsed.Ticks * _options.ClockRate));

    private DateTimeOffset EmulatedUtcNow =>
        _options.ClockOrigin + TimeSpan.FromTicks((long)((DateTimeOffset.UtcNow - _options.ClockOrigin).Ticks * _options.ClockRate));

    private double AudioSeconds => _configuration.BytesPerSecond is { } rate ? _audioBytes / rate : 0;

    private long AudioMs => _configuration.BytesPerSecond is { } rate ? (long)Math.Floor(_audioBytes * 1000.0 / rate) : 0;

    public async Task RunAsync()
    {
        if (_options.BeginDelay > TimeSpan.Zero && !await DelayAsync(_options.BeginDelay).ConfigureAwait(false))
        {
            await ShutDownAsync().ConfigureAwait(false);
            return;
        }

        string sessionId = Guid.NewGuid().ToString();
        _sinceBegin.Start();
        _recorder.Began(sessionId);
        long expiresAt = EmulatedUtcNow.Add(_maxSessionDuration).ToUnixTimeSeconds();
        await SendAsync(ServerMessageWriter.Begin(sessionId, expiresAt)).ConfigureAwait(false);

        var inbox = Channel.CreateUnbounded<ClientInput>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = Task.Run(() => ReceivePumpAsync(inbox.Writer));
        try
        {
            if (_fault is { Trigger: EmulatorFaultTrigger.AfterBegin } fault && !await ApplyFaultAsync(fault).ConfigureAwait(false))
            {
                return;
            }

            await RunLoopAsync(inbox.Reader).ConfigureAwait(false);
        }
        finally
        {
            await FinishCloseHandshakeAsync(pump).ConfigureAwait(false);
        }
    }

    private async Task RunLoopAsync(ChannelReader<ClientInput> inbox)
    {
        while (true)
        {
            if (!_stalled && Elapsed >= _maxSessionDuration)
            {
                await CloseAsync(AssemblyAIErrors.SessionExpired, AssemblyAIErrors.MaxSessionDurationExceeded, AssemblyAIErrors.MaxSessionDurationExceeded).ConfigureAwait(false);
                return;
            }

            if (!_stalled && _configuration.InactivityTimeout is { } idle && Elapsed - _lastActivity >= idle)
            {
                // UNCONFIRMED: what counts as activity and how the session ends; here audio or KeepAlive resets the
                // timer and the session ends like a Terminate (remaining Turns, Termination, close 1000).
                await TerminateAsync().ConfigureAwait(false);
                return;
            }

            ClientInput input;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_serverStopping))
            {
                wait.CancelAfter(_stalled ? Timeout.InfiniteTimeSpan : TimeUntilNextDeadline());
                try
                {
                    if (!await inbox.WaitToReadAsync(wait.Token).ConfigureAwait(false) || !inbox.TryRead(out input))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (_serverStopping.IsCancellationRequested)
                {
                    await ShutDownAsync().ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException)
                {
                    continue; // a deadline passed; the checks above handle it
                }
            }

            bool goOn = _stalled ? await OnWhileStalledAsync(input).ConfigureAwait(false) : input.Kind switch
            {
                ClientInputKind.Audio => await OnAudioAsync(input.ByteCount, input.Audio).ConfigureAwait(false),
                ClientInputKind.Text => await OnTextAsync(input.Text).ConfigureAwait(false),
                ClientInputKind.Closed => await OnClientClosedAsync(input).ConfigureAwait(false),
                _ => OnDropped(),
            };
            if (!goOn)
            {
                return;
            }
        }
    }

    private TimeSpan TimeUntilNextDeadline()
    {
        TimeSpan next = _maxSessionDuration;
        if (_configuration.InactivityTimeout is { } idle)
        {
            next = next < _lastActivity + idle ? next : _lastActivity + idle;
        }

        // Emulated time runs ClockRate times faster: the real wait is shorter.
        TimeSpan wait = TimeSpan.FromTicks((long)((next - Elapsed).Ticks / _options.ClockRate));
        return wait <= TimeSpan.Zero ? TimeSpan.Zero
            : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1)
            : wait + TimeSpan.FromMilliseconds(1);
    }

    private async Task<bool> OnAudioAsync(int bytes, byte[]? audio)
    {
        if (_engine is null && _options.ScriptFollowsAudioPosition && _audioBytes == 0 && _configuration.BytesPerSecond is { } rate
            && audio is not null && AudioPositionMarker.FirstSample(audio) is long firstSample)
        {
            // The recognizer hears the recording from where this connection's audio starts.
            var position = TimeSpan.FromSeconds(firstSample * 2.0 / rate);
            _recorder.ScriptPosition(position);
            _engine = TurnEngine.Create(_configuration.Family, new ScriptTimeline(_options.Script.From(position)), _settings);
        }

        _lastActivity = Elapsed;
        _audioBytes += bytes;
        if (_configuration.BytesPerSecond is not { } bytesPerSecond)
        {
            _recorder.AudioFrame(bytes, TimeSpan.Zero, 0);
            return true;
        }

        double frameMs = bytes * 1000.0 / bytesPerSecond;
        _recorder.AudioFrame(bytes, TimeSpan.FromMilliseconds(frameMs), AudioSeconds);
        if (frameMs is < MinFrameMs or > MaxFrameMs)
        {
            await CloseAsync(
                AssemblyAIErrors.InputDuration,
                AssemblyAIErrors.InputDurationViolation(frameMs),
                AssemblyAIErrors.InputDurationViolationError(frameMs)).ConfigureAwait(false);
            return false;
        }

        double wallSeconds = Elapsed.TotalSeconds;
        if (AudioSeconds - wallSeconds > _options.RealTimeLead.TotalSeconds)
        {
            await CloseAsync(
                AssemblyAIErrors.InputDuration,
                AssemblyAIErrors.TransmissionRateExceeded(AudioSeconds, wallSeconds),
                AssemblyAIErrors.TransmissionRateExceededError(AudioSeconds, wallSeconds)).ConfigureAwait(false);
            return false;
        }

        _engine?.Advance(AudioMs, _pending);
        await FlushPendingAsync().ConfigureAwait(false);

        if (!_faultFired && _fault is { Trigger: EmulatorFaultTrigger.AfterAudio } fault && AudioSeconds >= fault.AudioReceived.TotalSeconds)
        {
            return await ApplyFaultAsync(fault).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<bool> OnTextAsync(string? text)
    {
        if (text is null)
        {
            _recorder.ClientMessage("(invalid)");
            await CloseAsync(AssemblyAIErrors.InvalidInput, AssemblyAIErrors.InvalidMessage("(message too large)"), AssemblyAIErrors.InvalidMessage("(message too large)")).ConfigureAwait(false);
            return false;
        }

        _recorder.ClientMessage(ClientMessage.TypeNameForRecord(text));
        ClientMessage message;
        try
        {
            message = ClientMessage.Parse(text);
        }
        catch (InvalidClientMessageException e)
        {
            await CloseAsync(AssemblyAIErrors.InvalidInput, e.Message, e.Message).ConfigureAwait(false);
            return false;
        }

        switch (message.Type)
        {
            case ClientMessage.KeepAlive:
                _lastActivity = Elapsed;
                return true;
            case ClientMessage.ForceEndpoint:
                _engine?.EndTurnNow(_pending);
                await FlushPendingAsync().ConfigureAwait(false);
                return true;
            case ClientMessage.UpdateConfiguration:
                message.Update!.ApplyTo(_settings);

                // New silence settings may make an end of turn due at once.
                _engine?.Advance(AudioMs, _pending);
                await FlushPendingAsync().ConfigureAwait(false);
                return true;
            default: // Terminate
                if (_options.IgnoreTerminate)
                {
                    return true;
                }

                if (_options.TerminationDelay > TimeSpan.Zero && !await DelayAsync(_options.TerminationDelay).ConfigureAwait(false))
                {
                    await ShutDownAsync().ConfigureAwait(false);
                    return false;
                }

                await TerminateAsync().ConfigureAwait(false);
                return false;
        }
    }

    /// <summary>Flushes the open turn (words the audio has not reached are dropped), then Termination, then close 1000.</summary>
    private async Task TerminateAsync()
    {
        _engine?.Advance(AudioMs, _pending);
        _engine?.EndTurnNow(_pending);
        await FlushPendingAsync().ConfigureAwait(false);
        await SendAsync(ServerMessageWriter.Termination(
            (long)Math.Round(AudioSeconds, MidpointRounding.AwayFromZero),
            (long)Math.Round(Elapsed.TotalSeconds, MidpointRounding.AwayFromZero))).ConfigureAwait(false);

        // UNCONFIRMED: the documented flow only says the server closes; 1000 with an empty reason is the assumption.
        await CloseAsync(AssemblyAIErrors.NormalClosure, string.Empty, null).ConfigureAwait(false);
    }

    private async Task<bool> OnClientClosedAsync(ClientInput input)
    {
        _recorder.ClientClosed(input.CloseStatus);
        int? echoed = await WebSocketSessionIo.EchoClientCloseAsync(_socket, input.CloseStatus ?? AssemblyAIErrors.NormalClosure).ConfigureAwait(false);
        if (echoed is int status)
        {
            _recorder.ServerClosed(status, string.Empty);
        }

        return false;
    }

    // A stalled server still reads (so the client's sends never block) but answers nothing; the client's close or a
    // dropped connection still ends the session.
    private async Task<bool> OnWhileStalledAsync(ClientInput input)
    {
        switch (input.Kind)
        {
            case ClientInputKind.Text:
                _recorder.ClientMessage(input.Text is null ? "(invalid)" : ClientMessage.TypeNameForRecord(input.Text));
                return true;
            case ClientInputKind.Closed:
                return await OnClientClosedAsync(input).ConfigureAwait(false);
            case ClientInputKind.Audio:
                return true;
            default:
                return OnDropped();
        }
    }

    private bool OnDropped()
    {
        _recorder.ConnectionDropped();
        return false;
    }

    /// <summary>Applies the fault; returns whether the session goes on (stall, oversized message) or is over (black hole: once the emulator stops).</summary>
    private async Task<bool> ApplyFaultAsync(EmulatorFault fault)
    {
        _faultFired = true;
        switch (fault.Action)
        {
            case EmulatorFaultAction.Abort:
                _recorder.AbortedByEmulator();
                _context.Abort();
                return false;
            case EmulatorFaultAction.Stall:
                _recorder.Stalled();
                _stalled = true;
                return true;
            case EmulatorFaultAction.BlackHole:
                // Silent with the socket open until the emulator stops; the pump stops reading too.
                _recorder.Stalled();
                _blackHoled.TrySetResult();
                await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                _context.Abort();
                return false;
            case EmulatorFaultAction.OversizedMessage:
                _recorder.ServerMessage(FaultMessages.OversizedType, FaultMessages.OversizedRecord(fault.MessageBytes));
                await WebSocketSessionIo.SendTextAsync(_socket, FaultMessages.Oversized(fault.MessageBytes), _serverStopping).ConfigureAwait(false);
                return true;
            default:
                await CloseAsync(fault.CloseCode, fault.CloseReason, fault.SendErrorMessage ? fault.CloseReason : null).ConfigureAwait(false);
                return false;
        }
    }

    /// <summary>Sends an optional Error message and then the close frame; the receive pump then waits for the client's close.</summary>
    private async Task CloseAsync(int code, string reason, string? errorText)
    {
        if (errorText is not null)
        {
            await SendAsync(ServerMessageWriter.Error(code, errorText)).ConfigureAwait(false);
        }

        string fitted = CloseReasonText.Fit(reason);
        _recorder.ServerClosed(code, fitted);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_serverStopping);
        timeout.CancelAfter(WebSocketSessionIo.SendTimeout);
        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, fitted, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>The emulator is being disposed: say so briefly, then drop the connection so shutdown stays prompt.</summary>
    private Task ShutDownAsync() =>
        WebSocketSessionIo.ShutDownAsync(_context, _socket, _recorder.ServerClosed, _recorder.AbortedByEmulator);

    private Task FinishCloseHandshakeAsync(Task pump) =>
        WebSocketSessionIo.FinishCloseHandshakeAsync(_context, _socket, pump, _serverStopping, _recorder.ConnectionDropped);

    private async Task FlushPendingAsync()
    {
        foreach (var message in _pending)
        {
            await SendAsync(message).ConfigureAwait(false);
        }

        _pending.Clear();
    }

    private async Task SendAsync(OutgoingMessage message)
    {
        _recorder.ServerMessage(message.Type, message.Json);
        await WebSocketSessionIo.SendTextAsync(_socket, message.Json, _serverStopping).ConfigureAwait(false);
    }

    /// <summary>Waits, returning false if the emulator is stopping meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _serverStopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReceivePumpAsync(ChannelWriter<ClientInput> inbox)
    {
        using var reader = new WebSocketMessageReader(_socket, MaxTextMessageBytes, keepAudio: _options.ScriptFollowsAudioPosition);
        try
        {
            while (true)
            {
                if (_blackHoled.Task.IsCompleted)
                {
                    // A black-holed server reads nothing more: pings go unanswered, the client's sends back up.
                    await Task.Delay(Timeout.Infinite, _serverStopping).ConfigureAwait(false);
                }

                ReceivedWebSocketMessage message = await reader.ReceiveAsync().ConfigureAwait(false);
                inbox.TryWrite(new ClientInput(message.Kind, message.ByteCount, message.Text, message.CloseStatus, message.CloseDescription, _audioBytes == 0 || !_options.ScriptFollowsAudioPosition ? message.Audio : null));
                if (message.Kind == ClientInputKind.Closed) return;
            }
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            inbox.TryWrite(new ClientInput(ClientInputKind.Dropped));
        }
        finally
        {
            inbox.TryComplete();
        }
    }

}
