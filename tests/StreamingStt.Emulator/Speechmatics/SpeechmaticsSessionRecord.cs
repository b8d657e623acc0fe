// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>An immutable snapshot of what one Speechmatics WebSocket session did, for assertions in tests.</summary>
public sealed class SpeechmaticsSessionRecord
{
    /// <summary>0-based order in which the emulator received the upgrade requests.</summary>
    public required int Index { get; init; }

    /// <summary>The id sent in RecognitionStarted; null when recognition never started.</summary>
    public required string? SessionId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the session ended; null while it is live.</summary>
    public required DateTimeOffset? EndedAt { get; init; }

    public bool IsEnded => EndedAt is not null;

    /// <summary>The request path (/v2, /v2/ or /v2/&lt;language&gt;).</summary>
    public required string Path { get; init; }

    /// <summary>Query parameters as received (first value of each); the <c>jwt</c> value is replaced by "***".</summary>
    public required IReadOnlyDictionary<string, string> QueryParameters { get; init; }

    /// <summary>Names of the upgrade request's headers.</summary>
    public required IReadOnlyList<string> HeaderNames { get; init; }

    public required SpeechmaticsAuthMethod AuthMethod { get; init; }

    /// <summary>Whether the credentials were accepted (false: the upgrade was answered 401).</summary>
    public required bool Authenticated { get; init; }

    /// <summary>The StartRecognition message as received, or null.</summary>
    public required string? StartRecognition { get; init; }

    /// <summary>Binary messages received (each one an AddAudio).</summary>
    public required int AudioFramesReceived { get; init; }

    public required long AudioBytesReceived { get; init; }

    /// <summary>Audio received in seconds at the declared encoding and rate (0 for audio_format type file).</summary>
    public required double AudioSecondsReceived { get; init; }

    /// <summary>AudioAdded messages sent (seq_no 1…N).</summary>
    public required int AudioAddedSent { get; init; }

    /// <summary>EndOfStream.last_seq_no, or null when no EndOfStream arrived.</summary>
    public required long? LastSeqNo { get; init; }

    /// <summary>The <c>message</c> of each client text message in order ("(invalid)" when it had none).</summary>
    public required IReadOnlyList<string> ClientMessageTypes { get; init; }

    /// <summary>Each client text message as received, in order.</summary>
    public required IReadOnlyList<string> ClientMessages { get; init; }

    /// <summary>The <c>message</c> of each server message in order.</summary>
    public required IReadOnlyList<string> ServerMessageTypes { get; init; }

    /// <summary>Each server message's JSON, in order.</summary>
    public required IReadOnlyList<string> ServerMessages { get; init; }

    /// <summary>Close code the emulator sent (its own or the echo of the client's), or null.</summary>
    public required int? CloseStatus { get; init; }

    public required string? CloseReason { get; init; }

    /// <summary>Close code the client sent, or null when it sent none.</summary>
    public required int? ClientCloseStatus { get; init; }

    /// <summary>Whether the client sent a close frame first (after EndOfTranscript, as the JS client does).</summary>
    public required bool ClientClosedFirst { get; init; }

    /// <summary>Whether the emulator dropped the connection on purpose (fault injection or shutdown).</summary>
    public required bool AbortedByEmulator { get; init; }

    /// <summary>Whether the connection ended without a completed close handshake.</summary>
    public required bool ConnectionDropped { get; init; }

    /// <summary>An unexpected exception inside the emulator (a bug in it), or null; the session was closed with 1011.</summary>
    public required string? InternalError { get; init; }

    /// <summary>The session went silent with the socket open (<see cref="EmulatorFaultAction.Stall"/> or <see cref="EmulatorFaultAction.BlackHole"/>).</summary>
    public bool Stalled { get; init; }

    /// <summary>Where in the recording the connection's audio started (<see cref="SpeechmaticsEmulatorOptions.ScriptFollowsAudioPosition"/>).</summary>
    public TimeSpan? ScriptPosition { get; init; }
}
