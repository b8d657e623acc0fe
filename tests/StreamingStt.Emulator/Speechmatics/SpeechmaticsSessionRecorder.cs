// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>Thread-safe, mutable record of one Speechmatics session; tests read immutable snapshots of it.</summary>
internal sealed class SpeechmaticsSessionRecorder(int index, string path, IReadOnlyDictionary<string, string> query, IReadOnlyList<string> headerNames)
    : IRecordedSession<SpeechmaticsSessionRecord>
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _clientMessageTypes = [];
    private readonly List<string> _clientMessages = [];
    private readonly List<string> _serverMessageTypes = [];
    private readonly List<string> _serverMessages = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private string? _sessionId;
    private DateTimeOffset? _endedAt;
    private SpeechmaticsAuthMethod _authMethod;
    private bool _authenticated;
    private string? _startRecognition;
    private int _frames;
    private long _audioBytes;
    private double _audioSeconds;
    private int _audioAdded;
    private long? _lastSeqNo;
    private int? _closeStatus;
    private string? _closeReason;
    private int? _clientCloseStatus;
    private bool _clientClosedFirst;
    private bool _abortedByEmulator;
    private bool _connectionDropped;
    private string? _internalError;
    private bool _stalled;
    private TimeSpan? _scriptPosition;

    public int Index { get; } = index;

    public Task Ended => _ended.Task;

    public void Authenticated(SpeechmaticsAuthMethod method, bool accepted) => Update(() => (_authMethod, _authenticated) = (method, accepted));

    public void StartRecognition(string json) => Update(() => _startRecognition ??= json);

    public void RecognitionStarted(string sessionId) => Update(() => _sessionId = sessionId);

    public void AudioFrame(int bytes, double totalSeconds) => Update(() =>
    {
        _frames++;
        _audioBytes += bytes;
        _audioSeconds = totalSeconds;
    });

    public void EndOfStream(long lastSeqNo) => Update(() => _lastSeqNo = lastSeqNo);

    public void ClientMessage(string type, string text) => Update(() =>
    {
        _clientMessageTypes.Add(type);
        _clientMessages.Add(text);
    });

    public void ServerMessage(string type, string json) => Update(() =>
    {
        _serverMessageTypes.Add(type);
        _serverMessages.Add(json);
        if (type == "AudioAdded")
        {
            _audioAdded++;
        }
    });

    public void ServerClosed(int status, string reason) => Update(() => (_closeStatus, _closeReason) = (status, reason));

    public void ClientClosed(int? status, bool first) => Update(() => (_clientCloseStatus, _clientClosedFirst) = (status, first));

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

    public SpeechmaticsSessionRecord Snapshot()
    {
        lock (_gate)
        {
            return new SpeechmaticsSessionRecord
            {
                Index = Index,
                SessionId = _sessionId,
                StartedAt = _startedAt,
                EndedAt = _endedAt,
                Path = path,
                QueryParameters = query,
                HeaderNames = headerNames,
                AuthMethod = _authMethod,
                Authenticated = _authenticated,
                StartRecognition = _startRecognition,
                AudioFramesReceived = _frames,
                AudioBytesReceived = _audioBytes,
                AudioSecondsReceived = _audioSeconds,
                AudioAddedSent = _audioAdded,
                LastSeqNo = _lastSeqNo,
                ClientMessageTypes = _clientMessageTypes.ToArray(),
                ClientMessages = _clientMessages.ToArray(),
                ServerMessageTypes = _serverMessageTypes.ToArray(),
                ServerMessages = _serverMessages.ToArray(),
                CloseStatus = _closeStatus,
                CloseReason = _closeReason,
                ClientCloseStatus = _clientCloseStatus,
                ClientClosedFirst = _clientClosedFirst,
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
