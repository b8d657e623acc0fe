// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>Thread-safe, mutable record of one session; tests read immutable snapshots of it.</summary>
internal sealed class SessionRecorder : IRecordedSession<EmulatorSessionRecord>
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TimeSpan> _frameDurations = [];
    private readonly List<string> _clientMessageTypes = [];
    private readonly List<string> _serverMessageTypes = [];
    private readonly List<string> _serverMessages = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly IReadOnlyDictionary<string, string> _query;
    private readonly IReadOnlyList<string> _headerNames;
    private string? _sessionId;
    private DateTimeOffset? _endedAt;
    private EmulatorAuthMethod _authMethod;
    private bool _authenticated;
    private long _audioBytes;
    private double _audioSeconds;
    private bool _terminateReceived;
    private int? _closeStatus;
    private string? _closeReason;
    private int? _clientCloseStatus;
    private bool _abortedByEmulator;
    private bool _connectionDropped;
    private string? _internalError;
    private bool _stalled;
    private TimeSpan? _scriptPosition;

    public SessionRecorder(int index, IReadOnlyDictionary<string, string> query, IReadOnlyList<string> headerNames)
    {
        Index = index;
        _query = query;
        _headerNames = headerNames;
    }

    public int Index { get; }

    /// <summary>Completes when the session has ended.</summary>
    public Task Ended => _ended.Task;

    public void Authenticated(EmulatorAuthMethod method, bool accepted) => Update(() => (_authMethod, _authenticated) = (method, accepted));

    public void Began(string sessionId) => Update(() => _sessionId = sessionId);

    public void AudioFrame(int bytes, TimeSpan duration, double totalSeconds) => Update(() =>
    {
        _audioBytes += bytes;
        _audioSeconds = totalSeconds;
        _frameDurations.Add(duration);
    });

    public void ClientMessage(string type) => Update(() =>
    {
        _clientMessageTypes.Add(type);
        _terminateReceived |= type == "Terminate";
    });

    public void ServerMessage(string type, string json) => Update(() =>
    {
        _serverMessageTypes.Add(type);
        _serverMessages.Add(json);
    });

    public void ServerClosed(int status, string reason) => Update(() => (_closeStatus, _closeReason) = (status, reason));

    public void ClientClosed(int? status) => Update(() => _clientCloseStatus = status);

    public void AbortedByEmulator() => Update(() => (_abortedByEmulator, _connectionDropped) = (true, true));

    public void ConnectionDropped() => Update(() => _connectionDropped = true);

    public void Stalled() => Update(() => _stalled = true);

    public void ScriptPosition(TimeSpan position) => Update(() => _scriptPosition = position);

    public void InternalError(string error) => Update(() => _internalError ??= error);

    public void End()
    {
        Update(() => _endedAt ??= DateTimeOffset.UtcNow);
        _ended.TrySetResult();
    }

    public EmulatorSessionRecord Snapshot()
    {
        lock (_gate)
        {
            return new EmulatorSessionRecord
            {
                Index = Index,
                SessionId = _sessionId,
                StartedAt = _startedAt,
                EndedAt = _endedAt,
                QueryParameters = _query,
                HeaderNames = _headerNames,
                AuthMethod = _authMethod,
                Authenticated = _authenticated,
                SpeechModel = _query.GetValueOrDefault("speech_model"),
                AudioFramesReceived = _frameDurations.Count,
                AudioBytesReceived = _audioBytes,
                AudioSecondsReceived = _audioSeconds,
                FrameDurations = _frameDurations.ToArray(),
                ClientMessageTypes = _clientMessageTypes.ToArray(),
                ServerMessageTypes = _serverMessageTypes.ToArray(),
                ServerMessages = _serverMessages.ToArray(),
                TerminateReceived = _terminateReceived,
                CloseStatus = _closeStatus,
                CloseReason = _closeReason,
                ClientCloseStatus = _clientCloseStatus,
                AbortedByEmulator = _abortedByEmulator,
                ConnectionDropped = _connectionDropped,
                InternalError = _internalError,
                Stalled = _stalled,
                ScriptPosition = _scriptPosition,
            };
        }
    }

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }
}
