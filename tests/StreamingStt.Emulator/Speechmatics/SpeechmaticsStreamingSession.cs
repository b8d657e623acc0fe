// Copyright (c) StreamingStt contributors. MIT License.

using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// One authenticated Speechmatics v2 session (protocols.md §3.4–3.7): Info after the handshake, StartRecognition →
/// RecognitionStarted, AudioAdded per binary frame, transcripts from the script, EndOfStream → EndOfTranscript, and
/// Error + close for anything out of order. A receive pump feeds a single loop, so only that loop ever sends.
/// </summary>
internal sealed class SpeechmaticsStreamingSession
{
    private const int MaxTextMessageBytes = 256 * 1024;

    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly SpeechmaticsEmulatorOptions _options;
    private readonly SpeechmaticsSessionRecorder _recorder;
    private readonly string? _pathLanguage;
    // Over the account's concurrency limit: StartRecognition is answered with quota_exceeded and close 4005.
    private readonly bool _overQuota;
    private readonly CancellationToken _serverStopping;
    private readonly List<OutgoingMessage> _pending = [];
    private readonly Stopwatch _sinceEndOfTranscript = new();
    private readonly SpeechmaticsFault? _fault;
    private readonly TaskCompletionSource _blackHoled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SpeechmaticsRecognitionConfig? _config;
    private SpeechmaticsRecognizer? _recognizer;
    private long _frames;
    private long _audioBytes;
    private bool _endOfStream;
    private bool _warnedAboutAudioAfterEndOfStream;
    private bool _faultFired;
    private bool _stalled;
    private volatile bool _serverClosed;

    public SpeechmaticsStreamingSession(
        HttpContext context,
        WebSocket socket,
        SpeechmaticsEmulatorOptions options,
        SpeechmaticsSessionRecorder recorder,
        string? pathLanguage,
        CancellationToken serverStopping,
        bool overQuota = false)
    {
        _context = context;
        _socket = socket;
        _options = options;
        _recorder = recorder;
        _pathLanguage = pathLanguage;
        _overQuota = overQuota;
        _serverStopping = serverStopping;
        _fault = options.Fault is { } fault && fault.Claim() ? fault : null;
    }

    private bool Started => _recognizer is not null;

    private bool TranscriptEnded => _sinceEndOfTranscript.IsRunning;

    private double AudioSeconds => _config?.BytesPerSecond is { } rate ? _audioBytes / rate : 0;

    private long AudioMs => (long)Math.Floor(AudioSeconds * 1000);

    public async Task RunAsync()
    {
        var inbox = Channel.CreateUnbounded<ClientInput>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = Task.Run(() => ReceivePumpAsync(inbox.Writer));
        try
        {
            // "Sent to the client immediately after the WebSocket handshake is completed."
            await SendAsync(SpeechmaticsServerMessages.RecognitionQuality()).ConfigureAwait(false);
            await SendAsync(SpeechmaticsServerMessages.ConcurrentSessionUsage(1, 50)).ConfigureAwait(false);
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
            ClientInput input;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_serverStopping))
            {
                if (TranscriptEnded)
                {
                    TimeSpan left = _options.CloseGracePeriod - _sinceEndOfTranscript.Elapsed;
                    wait.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                }

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
                    // The client did not close after EndOfTranscript: end the session ourselves.
                    await CloseAsync(SpeechmaticsErrorTypes.NormalClosure, string.Empty).ConfigureAwait(false);
                    return;
                }
            }

            bool goOn;
            try
            {
                goOn = _stalled ? await OnWhileStalledAsync(input).ConfigureAwait(false) : input.Kind switch
                {
                    ClientInputKind.Audio => await OnAudioAsync(input.ByteCount, input.Audio).ConfigureAwait(false),
                    ClientInputKind.Text => await OnTextAsync(input.Text).ConfigureAwait(false),
                    ClientInputKind.Closed => await OnClientClosedAsync(input).ConfigureAwait(false),
                    _ => OnDropped(),
                };
            }
            catch (SpeechmaticsProtocolViolation violation)
            {
                await SendErrorAndCloseAsync(violation.ErrorType, violation.Message).ConfigureAwait(false);
                return;
            }

            if (!goOn)
            {
                return;
            }
        }
    }

    private async Task<bool> OnAudioAsync(int bytes, byte[]? audio)
    {
        if (!Started)
        {
            // UNCONFIRMED: the docs only say audio must follow RecognitionStarted.
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError, "Received AddAudio before RecognitionStarted");
        }

        if (_endOfStream)
        {
            if (!_warnedAboutAudioAfterEndOfStream)
            {
                _warnedAboutAudioAfterEndOfStream = true;
                await SendAsync(SpeechmaticsServerMessages.Warning("add_audio_after_eos", "AddAudio received after EndOfStream will be ignored")).ConfigureAwait(false);
            }

            return true;
        }

        if (_options.ScriptFollowsAudioPosition && _frames == 0 && _config!.BytesPerSecond is { } rate
            && audio is not null && AudioPositionMarker.FirstSample(audio) is long firstSample)
        {
            // The recognizer hears the recording from where this connection's audio starts; result times stay on
            // this connection's own timeline, as the service's do. It has heard nothing yet, so it can be replaced.
            var position = TimeSpan.FromSeconds(firstSample * 2.0 / rate);
            _recorder.ScriptPosition(position);
            _recognizer = new SpeechmaticsRecognizer(new ScriptTimeline(_options.Script.From(position)), _config);
        }

        _frames++;
        _audioBytes += bytes;
        _recorder.AudioFrame(bytes, AudioSeconds);
        await SendAsync(SpeechmaticsServerMessages.AudioAdded(_frames)).ConfigureAwait(false);
        _recognizer!.Advance(AudioMs, _pending);
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
            _recorder.ClientMessage("(invalid)", "(message too large)");
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, "Message too large");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            _recorder.ClientMessage("(invalid)", text);
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, "Message is not valid JSON");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            string? type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
            _recorder.ClientMessage(type ?? "(invalid)", text);
            if (type is null)
            {
                throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, "Message has no 'message' field");
            }

            if (!Started)
            {
                return await OnStartRecognitionAsync(type, root, text).ConfigureAwait(false);
            }

            if (TranscriptEnded)
            {
                return true; // the session is over; only the close is awaited
            }

            switch (type)
            {
                case "StartRecognition":
                    throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError, "StartRecognition was already received");
                case "EndOfStream":
                    await OnEndOfStreamAsync(root).ConfigureAwait(false);
                    return true;
                case "ForceEndOfUtterance":
                    CheckForceEndOfUtterance(root);
                    if (!_endOfStream)
                    {
                        _recognizer!.ForceEndOfUtterance(AudioMs, _pending);
                        await FlushPendingAsync().ConfigureAwait(false);
                    }

                    return true;
                case "SetRecognitionConfig":
                    if (!root.TryGetProperty("transcription_config", out var transcription))
                    {
                        throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, "SetRecognitionConfig needs transcription_config");
                    }

                    _config!.Apply(transcription);
                    _recognizer!.Advance(AudioMs, _pending); // a shorter silence trigger may be due at once
                    await FlushPendingAsync().ConfigureAwait(false);
                    return true;
                case "GetSpeakers":
                    await SendAsync(SpeechmaticsServerMessages.SpeakersResult()).ConfigureAwait(false);
                    return true;
                case "AddChannelAudio":
                case "EndOfChannel":
                    // UNCONFIRMED: channel audio without channel diarization.
                    throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError, $"{type} needs diarization channel");
                default:
                    throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, $"Unknown message type '{type}'");
            }
        }
    }

    private async Task<bool> OnStartRecognitionAsync(string type, JsonElement root, string text)
    {
        if (type != "StartRecognition")
        {
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError, $"The first message must be StartRecognition, not {type}");
        }

        _recorder.StartRecognition(text);
        if (_overQuota)
        {
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.QuotaExceeded, "Maximum number of concurrent connections exceeded");
        }

        _config = SpeechmaticsRecognitionConfig.Parse(root, _pathLanguage);
        _recognizer = new SpeechmaticsRecognizer(new ScriptTimeline(_options.Script), _config);
        string id = Guid.NewGuid().ToString();
        _recorder.RecognitionStarted(id);
        await SendAsync(SpeechmaticsServerMessages.RecognitionStarted(id)).ConfigureAwait(false);

        if (_fault is { Trigger: EmulatorFaultTrigger.AfterBegin } fault)
        {
            return await ApplyFaultAsync(fault).ConfigureAwait(false);
        }

        return true;
    }

    private async Task OnEndOfStreamAsync(JsonElement root)
    {
        if (_endOfStream)
        {
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError, "EndOfStream was already received");
        }

        if (!root.TryGetProperty("last_seq_no", out var seq) || seq.ValueKind != JsonValueKind.Number || !seq.TryGetInt64(out long lastSeqNo) || lastSeqNo < 0)
        {
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, "EndOfStream needs last_seq_no, a non-negative integer");
        }

        _recorder.EndOfStream(lastSeqNo);
        if (lastSeqNo > _frames || (_options.RequireExactLastSeqNo && lastSeqNo != _frames))
        {
            // UNCONFIRMED: how the real service treats a last_seq_no that is not the last AudioAdded.
            throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.ProtocolError,
                $"EndOfStream last_seq_no {lastSeqNo} does not match the last AudioAdded seq_no {_frames}");
        }

        _endOfStream = true;
        _recognizer!.Finish(AudioMs, _pending);
        await FlushPendingAsync().ConfigureAwait(false);
        await SendAsync(SpeechmaticsServerMessages.EndOfTranscript()).ConfigureAwait(false);
        _sinceEndOfTranscript.Start();
    }

    private static void CheckForceEndOfUtterance(JsonElement root)
    {
        foreach (var field in root.EnumerateObject())
        {
            bool valid = field.Name switch
            {
                "message" => true,
                "timestamp" => field.Value.ValueKind == JsonValueKind.Number && field.Value.GetDouble() >= 0,
                "channel" => field.Value.ValueKind == JsonValueKind.String,
                _ => false,
            };
            if (!valid)
            {
                throw new SpeechmaticsProtocolViolation(SpeechmaticsErrorTypes.InvalidMessage, $"ForceEndOfUtterance: invalid field '{field.Name}'");
            }
        }
    }

    private async Task<bool> OnClientClosedAsync(ClientInput input)
    {
        int? echoed = await WebSocketSessionIo.EchoClientCloseAsync(_socket, input.CloseStatus ?? SpeechmaticsErrorTypes.NormalClosure).ConfigureAwait(false);
        if (echoed is int status)
        {
            _recorder.ServerClosed(status, string.Empty);
        }

        return false;
    }

    // A stalled server still reads (so the client's sends never block) but answers nothing: no AudioAdded, no
    // transcripts, no EndOfTranscript. The client's close or a dropped connection still ends the session.
    private async Task<bool> OnWhileStalledAsync(ClientInput input)
    {
        switch (input.Kind)
        {
            case ClientInputKind.Text:
                _recorder.ClientMessage(MessageType(input.Text) ?? "(invalid)", input.Text ?? string.Empty);
                return true;
            case ClientInputKind.Closed:
                return await OnClientClosedAsync(input).ConfigureAwait(false);
            case ClientInputKind.Audio:
                return true;
            default:
                return OnDropped();
        }
    }

    /// <summary>The <c>message</c> field of a JSON message, or null when the text is not one.</summary>
    private static string? MessageType(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool OnDropped()
    {
        _recorder.ConnectionDropped();
        return false;
    }

    /// <summary>Applies the fault; returns whether the session goes on (stall, oversized message) or is over.</summary>
    private async Task<bool> ApplyFaultAsync(SpeechmaticsFault fault)
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
                try
                {
                    await Task.Delay(Timeout.Infinite, _serverStopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                _context.Abort();
                return false;
            case EmulatorFaultAction.OversizedMessage:
                _recorder.ServerMessage(FaultMessages.OversizedType, FaultMessages.OversizedRecord(fault.MessageBytes));
                await WebSocketSessionIo.SendTextAsync(_socket, FaultMessages.Oversized(fault.MessageBytes), _serverStopping).ConfigureAwait(false);
                return true;
        }

        if (fault.ErrorType is not null)
        {
            await SendAsync(SpeechmaticsServerMessages.Error(fault.ErrorType, fault.ErrorReason)).ConfigureAwait(false);
        }

        await CloseAsync(fault.CloseCode, fault.CloseReason).ConfigureAwait(false);
        return false;
    }

    /// <summary>"After any error, the transcription is terminated and the connection is closed."</summary>
    private async Task SendErrorAndCloseAsync(string errorType, string reason)
    {
        await SendAsync(SpeechmaticsServerMessages.Error(errorType, reason)).ConfigureAwait(false);
        await CloseAsync(SpeechmaticsErrorTypes.CloseCodeFor(errorType), SpeechmaticsErrorTypes.CloseReasonFor(errorType)).ConfigureAwait(false);
    }

    private async Task CloseAsync(int code, string reason)
    {
        string fitted = CloseReasonText.Fit(reason);
        _recorder.ServerClosed(code, fitted);
        _serverClosed = true;
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

    private async Task ReceivePumpAsync(ChannelWriter<ClientInput> inbox)
    {
        using var reader = new WebSocketMessageReader(_socket, MaxTextMessageBytes, keepAudio: _options.ScriptFollowsAudioPosition);
        bool firstAudioPassed = false;
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
                if (message.Kind == ClientInputKind.Closed)
                {
                    _recorder.ClientClosed(message.CloseStatus, first: !_serverClosed);
                }

                // Only the first frame's bytes are needed (where the connection's audio starts).
                byte[]? firstAudio = message.Kind == ClientInputKind.Audio && !firstAudioPassed ? message.Audio : null;
                firstAudioPassed |= message.Kind == ClientInputKind.Audio;
                inbox.TryWrite(new ClientInput(message.Kind, message.ByteCount, message.Text, message.CloseStatus, message.CloseDescription, firstAudio));
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
