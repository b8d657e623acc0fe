// Copyright (c) StreamingStt contributors. MIT License.

using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// One accepted /v1/listen connection: audio and control messages in, Results/UtteranceEnd/SpeechStarted/Metadata
/// out, and the ways a session ends (protocols.md §2.4–2.7). A receive pump feeds a single loop, so only that loop
/// sends, and the idle deadline can interrupt a wait without cancelling a WebSocket receive.
/// </summary>
internal sealed class DeepgramStreamingSession
{
    private const int MaxTextMessageBytes = 64 * 1024;

    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly DeepgramListenSettings _settings;
    private readonly DeepgramEmulatorOptions _options;
    private readonly DeepgramSessionRecorder _recorder;
    private readonly CancellationToken _serverStopping;
    private readonly DeepgramMessageWriter _writer;
    private readonly EmulatorFault? _fault;
    private readonly TaskCompletionSource _blackHoled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DeepgramResultsEngine? _engine;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stopwatch _sinceOpen = Stopwatch.StartNew();
    private readonly List<OutgoingMessage> _pending = [];
    private TimeSpan _lastActivity;
    private long _audioBytes;
    private bool _faultFired;
    private bool _stalled;

    public DeepgramStreamingSession(
        HttpContext context,
        WebSocket socket,
        DeepgramListenSettings settings,
        DeepgramEmulatorOptions options,
        DeepgramSessionRecorder recorder,
        CancellationToken serverStopping)
    {
        _context = context;
        _socket = socket;
        _settings = settings;
        _options = options;
        _recorder = recorder;
        _serverStopping = serverStopping;
        _writer = new DeepgramMessageWriter(recorder.RequestId, DeepgramModelInfo.For(settings.Model), settings.Multichannel ? settings.Channels : 1, settings.Channels);

        // Compressed encodings are accepted, as by the service, but the emulator can neither measure nor transcribe them.
        _engine = settings.BytesPerSecond is null || options.ScriptFollowsAudioPosition
            ? null
            : new DeepgramResultsEngine(new ScriptTimeline(options.Script), settings, _writer);
        _fault = options.Fault is { } fault && fault.Claim() ? fault : null;
    }

    private double AudioSeconds => _settings.BytesPerSecond is { } rate ? _audioBytes / rate : 0;

    private long AudioMs => _settings.BytesPerSecond is { } rate ? (long)Math.Floor(_audioBytes * 1000.0 / rate) : 0;

    public async Task RunAsync()
    {
        var inbox = Channel.CreateUnbounded<DeepgramClientInput>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
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
            _sha256.Dispose();
        }
    }

    private async Task RunLoopAsync(ChannelReader<DeepgramClientInput> inbox)
    {
        while (true)
        {
            if (!_stalled && _sinceOpen.Elapsed - _lastActivity >= _options.IdleTimeout)
            {
                await CloseAsync(DeepgramErrors.InternalError, DeepgramErrors.IdleTimeout).ConfigureAwait(false);
                return;
            }

            DeepgramClientInput input;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_serverStopping))
            {
                wait.CancelAfter(_stalled ? Timeout.InfiniteTimeSpan : TimeUntilIdle());
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
                    continue; // the idle deadline passed; the check above handles it
                }
            }

            bool goOn = _stalled ? await OnWhileStalledAsync(input).ConfigureAwait(false) : input.Kind switch
            {
                ClientInputKind.Audio => await OnAudioAsync(input.Audio!).ConfigureAwait(false),
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

    private TimeSpan TimeUntilIdle()
    {
        TimeSpan wait = _lastActivity + _options.IdleTimeout - _sinceOpen.Elapsed;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait + TimeSpan.FromMilliseconds(1);
    }

    private async Task<bool> OnAudioAsync(byte[] audio)
    {
        if (audio.Length == 0)
        {
            // Deprecated: an empty binary frame still ends the stream like CloseStream. Clients must not rely on it.
            _recorder.AudioFrame(0, AudioSeconds);
            _recorder.ClientFault("empty binary frame (the deprecated CloseStream signal)");
            await FinishStreamAsync().ConfigureAwait(false);
            return false;
        }

        if (_engine is null && _options.ScriptFollowsAudioPosition && _audioBytes == 0 && _settings.BytesPerSecond is { } rate
            && AudioPositionMarker.FirstSample(audio) is long firstSample)
        {
            // The recognizer hears the recording from where this connection's audio starts; result times stay on
            // this connection's own timeline, as the service's do.
            var position = TimeSpan.FromSeconds(firstSample * 2.0 / rate);
            _recorder.ScriptPosition(position);
            _engine = new DeepgramResultsEngine(new ScriptTimeline(_options.Script.From(position)), _settings, _writer);
        }

        _lastActivity = _sinceOpen.Elapsed;
        _audioBytes += audio.Length;
        _sha256.AppendData(audio);
        _recorder.AudioFrame(audio.Length, AudioSeconds);
        if (LooksLikeControlMessage(audio))
        {
            _recorder.ClientFault("a control message sent as a binary frame (taken for audio)");
        }

        // Raw audio must be whole samples of the declared encoding; without an encoding the service expects a
        // container it can detect, which PCM is not (the emulator detects none).
        if (_settings.Encoding is null || (_settings.FrameBytes is { } frame && audio.Length % frame != 0))
        {
            await CloseAsync(DeepgramErrors.PolicyViolation, DeepgramErrors.UndecodableAudio).ConfigureAwait(false);
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

    /// <summary>The <c>type</c> of a JSON control message, or null when the text is not one.</summary>
    private static string? ControlMessageType(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<bool> OnTextAsync(string? text)
    {
        string? type = ControlMessageType(text);
        _recorder.ClientMessage(type ?? "(invalid)");
        switch (type)
        {
            case "KeepAlive":
                _lastActivity = _sinceOpen.Elapsed;
                return true;
            case "Finalize":
                _engine?.Finalize(AudioMs, _pending);
                await FlushPendingAsync().ConfigureAwait(false);
                return true;
            case "CloseStream":
                if (_options.IgnoreCloseStream)
                {
                    return true;
                }

                if (_options.CloseStreamDelay > TimeSpan.Zero && !await DelayAsync(_options.CloseStreamDelay).ConfigureAwait(false))
                {
                    await ShutDownAsync().ConfigureAwait(false);
                    return false;
                }

                await FinishStreamAsync().ConfigureAwait(false);
                return false;
            default:
                // UNCONFIRMED: what the service does with other text; the emulator ignores it and notes the mistake.
                _recorder.ClientFault(type is null
                    ? "a text message that is not a JSON object with a type"
                    : $"an unknown message type '{type}'");
                return true;
        }
    }

    /// <summary>Last Results for what was heard, then Metadata, then close 1000.</summary>
    private async Task FinishStreamAsync()
    {
        _engine?.FinishStream(AudioMs, _pending);
        await FlushPendingAsync().ConfigureAwait(false);
        string sha256 = Convert.ToHexString(_sha256.GetCurrentHash()).ToLowerInvariant();
        await SendAsync(_writer.Metadata(sha256, DateTimeOffset.UtcNow, AudioSeconds)).ConfigureAwait(false);
        await CloseAsync(DeepgramErrors.NormalClosure, string.Empty).ConfigureAwait(false);
    }

    private static bool LooksLikeControlMessage(byte[] audio)
    {
        if (audio.Length > 256 || audio[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(audio);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<bool> OnClientClosedAsync(DeepgramClientInput input)
    {
        _recorder.ClientClosed(input.CloseStatus);
        int? echoed = await WebSocketSessionIo.EchoClientCloseAsync(_socket, input.CloseStatus ?? DeepgramErrors.NormalClosure).ConfigureAwait(false);
        if (echoed is int status)
        {
            _recorder.ServerClosed(status, string.Empty);
        }

        return false;
    }

    // A stalled server still reads (so the client's sends never block) but answers nothing; the client's close or a
    // dropped connection still ends the session.
    private async Task<bool> OnWhileStalledAsync(DeepgramClientInput input)
    {
        switch (input.Kind)
        {
            case ClientInputKind.Text:
                _recorder.ClientMessage(ControlMessageType(input.Text) ?? "(invalid)");
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

    /// <summary>Applies the fault; returns whether the session goes on (stall, oversized message) or is over.</summary>
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
                _recorder.ServerMessage(new OutgoingMessage(FaultMessages.OversizedType, FaultMessages.OversizedRecord(fault.MessageBytes)));
                await WebSocketSessionIo.SendTextAsync(_socket, FaultMessages.Oversized(fault.MessageBytes), _serverStopping).ConfigureAwait(false);
                return true;
            default:
                await CloseAsync(fault.CloseCode, fault.CloseReason).ConfigureAwait(false);
                return false;
        }
    }

    /// <summary>Sends the close frame; the receive pump then waits for the client's.</summary>
    private async Task CloseAsync(int code, string reason)
    {
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
        _recorder.ServerMessage(message);
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

    private async Task ReceivePumpAsync(ChannelWriter<DeepgramClientInput> inbox)
    {
        // Deepgram's emulator checks that audio decodes, so it keeps the bytes.
        using var reader = new WebSocketMessageReader(_socket, MaxTextMessageBytes, keepAudio: true);
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
                inbox.TryWrite(new DeepgramClientInput(message.Kind, message.Audio, message.Text, message.CloseStatus));
                if (message.Kind == ClientInputKind.Closed) return;
            }
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            inbox.TryWrite(new DeepgramClientInput(ClientInputKind.Dropped));
        }
        finally
        {
            inbox.TryComplete();
        }
    }
}
