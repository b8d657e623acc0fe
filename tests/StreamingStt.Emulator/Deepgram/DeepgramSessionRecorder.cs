// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Thread-safe, mutable record of one connection; tests read immutable snapshots of it.</summary>
internal sealed class DeepgramSessionRecorder : IRecordedSession<DeepgramSessionRecord>
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _clientMessageTypes = [];
    private readonly List<string> _clientFaults = [];
    private readonly List<string> _serverMessageTypes = [];
    private readonly List<string> _serverMessages = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _query;
    private readonly IReadOnlyList<string> _headerNames;
    private DateTimeOffset? _endedAt;
    private int _upgradeStatus;
    private string? _refusalMessage;
    private DeepgramAuthMethod _authMethod;
    private bool _authenticated;
    private string? _subProtocol;
    private int _frames;
    private long _audioBytes;
    private double _audioSeconds;
    private bool _closeStreamReceived;
    private int? _closeStatus;
    private string? _closeReason;
    private int? _clientCloseStatus;
    private bool _abortedByEmulator;
    private bool _connectionDropped;
    private string? _internalError;
    private bool _stalled;
    private TimeSpan? _scriptPosition;

    public DeepgramSessionRecorder(int index, string requestId, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<string> headerNames)
    {
        Index = index;
        RequestId = requestId;
        _query = query;
        _headerNames = headerNames;
    }

    public int Index { get; }

    public string RequestId { get; }

    /// <summary>Completes when the session has ended.</summary>
    public Task Ended => _ended.Task;

    public void Authenticated(DeepgramAuthMethod method, bool accepted) => Update(() => (_authMethod, _authenticated) = (method, accepted));

    public void Upgraded(string? subProtocol) => Update(() => (_upgradeStatus, _subProtocol) = (101, subProtocol));

    public void Refused(int status, string message) => Update(() => (_upgradeStatus, _refusalMessage) = (status, message));

    public void AudioFrame(int bytes, double totalSeconds) => Update(() =>
    {
        _frames++;
        _audioBytes += bytes;
        _audioSeconds = totalSeconds;
    });

    public void ClientMessage(string type) => Update(() =>
    {
        _clientMessageTypes.Add(type);
        _closeStreamReceived |= type == "CloseStream";
    });

    public void ClientFault(string description) => Update(() => _clientFaults.Add(description));

    public void ServerMessage(OutgoingMessage message) => Update(() =>
    {
        _serverMessageTypes.Add(message.Type);
        _serverMessages.Add(message.Json);
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

    public DeepgramSessionRecord Snapshot()
    {
        lock (_gate)
        {
            return new DeepgramSessionRecord
            {
                Index = Index,
                RequestId = RequestId,
                StartedAt = _startedAt,
                EndedAt = _endedAt,
                UpgradeStatus = _upgradeStatus,
                RefusalMessage = _refusalMessage,
                Query = _query,
                HeaderNames = _headerNames,
                AuthMethod = _authMethod,
                Authenticated = _authenticated,
                SubProtocol = _subProtocol,
                AudioFramesReceived = _frames,
                AudioBytesReceived = _audioBytes,
                AudioSecondsReceived = _audioSeconds,
                ClientMessageTypes = _clientMessageTypes.ToArray(),
                ClientFaults = _clientFaults.ToArray(),
                ServerMessageTypes = _serverMessageTypes.ToArray(),
                ServerMessages = _serverMessages.ToArray(),
                CloseStreamReceived = _closeStreamReceived,
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
