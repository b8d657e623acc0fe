// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>An immutable snapshot of what one WebSocket session did, for assertions in tests.</summary>
public sealed class EmulatorSessionRecord
{
    /// <summary>0-based order in which the emulator received the upgrade requests.</summary>
    public required int Index { get; init; }

    /// <summary>The id sent in Begin; null when the session never began.</summary>
    public required string? SessionId { get; init; }

    /// <summary>When the upgrade request arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the session ended; null while it is live.</summary>
    public required DateTimeOffset? EndedAt { get; init; }

    /// <summary>Whether the session is over.</summary>
    public bool IsEnded => EndedAt is not null;

    /// <summary>Query parameters as received (first value of each). The <c>token</c> value is replaced by "***".</summary>
    public required IReadOnlyDictionary<string, string> QueryParameters { get; init; }

    /// <summary>Names of the upgrade request's headers.</summary>
    public required IReadOnlyList<string> HeaderNames { get; init; }

    /// <summary>How the credentials came.</summary>
    public required EmulatorAuthMethod AuthMethod { get; init; }

    /// <summary>Whether the credentials were accepted.</summary>
    public required bool Authenticated { get; init; }

    /// <summary>The speech_model query parameter, if any.</summary>
    public required string? SpeechModel { get; init; }

    /// <summary>Binary messages received.</summary>
    public required int AudioFramesReceived { get; init; }

    /// <summary>Bytes of audio received.</summary>
    public required long AudioBytesReceived { get; init; }

    /// <summary>Audio received, in seconds at the declared rate and encoding (0 for self-describing encodings).</summary>
    public required double AudioSecondsReceived { get; init; }

    /// <summary>Duration of each binary message, in order.</summary>
    public required IReadOnlyList<TimeSpan> FrameDurations { get; init; }

    /// <summary>The <c>type</c> of each client text message in order ("(invalid)" when it had none).</summary>
    public required IReadOnlyList<string> ClientMessageTypes { get; init; }

    /// <summary>The <c>type</c> of each server message in order.</summary>
    public required IReadOnlyList<string> ServerMessageTypes { get; init; }

    /// <summary>Each server message's JSON, in order.</summary>
    public required IReadOnlyList<string> ServerMessages { get; init; }

    /// <summary>Whether the client sent Terminate.</summary>
    public required bool TerminateReceived { get; init; }

    /// <summary>Close code the emulator sent (its own or the echo of the client's), or null.</summary>
    public required int? CloseStatus { get; init; }

    /// <summary>Close reason the emulator sent, or null.</summary>
    public required string? CloseReason { get; init; }

    /// <summary>Close code the client sent, or null when it sent none.</summary>
    public required int? ClientCloseStatus { get; init; }

    /// <summary>Whether the emulator dropped the connection on purpose (fault injection or shutdown).</summary>
    public required bool AbortedByEmulator { get; init; }

    /// <summary>Whether the connection ended without a completed close handshake.</summary>
    public required bool ConnectionDropped { get; init; }

    /// <summary>An unexpected exception inside the emulator (a bug in it), or null; the session was closed with 3005.</summary>
    public required string? InternalError { get; init; }

    /// <summary>The session went silent with the socket open (<see cref="EmulatorFaultAction.Stall"/> or <see cref="EmulatorFaultAction.BlackHole"/>).</summary>
    public bool Stalled { get; init; }

    /// <summary>Where in the recording the connection's audio started (<see cref="AssemblyAIEmulatorOptions.ScriptFollowsAudioPosition"/>).</summary>
    public TimeSpan? ScriptPosition { get; init; }
}
