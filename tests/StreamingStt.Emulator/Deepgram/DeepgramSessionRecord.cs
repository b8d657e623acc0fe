// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>An immutable snapshot of what one /v1/listen connection did, for assertions in tests.</summary>
public sealed class DeepgramSessionRecord
{
    /// <summary>0-based order in which the emulator received the upgrade requests.</summary>
    public required int Index { get; init; }

    /// <summary>The dg-request-id header of the upgrade response, repeated in every Results and in Metadata.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the upgrade request arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the session ended; null while it is live.</summary>
    public required DateTimeOffset? EndedAt { get; init; }

    /// <summary>Whether the session is over.</summary>
    public bool IsEnded => EndedAt is not null;

    /// <summary>101 when the upgrade was accepted, else the HTTP status it was refused with.</summary>
    public required int UpgradeStatus { get; init; }

    /// <summary>The dg-error text of a refused upgrade, else null.</summary>
    public required string? RefusalMessage { get; init; }

    /// <summary>Every query parameter in order, repeated ones repeated.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Query { get; init; }

    /// <summary>Names of the upgrade request's headers.</summary>
    public required IReadOnlyList<string> HeaderNames { get; init; }

    /// <summary>How the credentials came.</summary>
    public required DeepgramAuthMethod AuthMethod { get; init; }

    /// <summary>Whether the credentials were accepted.</summary>
    public required bool Authenticated { get; init; }

    /// <summary>The subprotocol echoed in the 101 (<c>token</c> or <c>bearer</c>), or null.</summary>
    public required string? SubProtocol { get; init; }

    /// <summary>Binary messages received (an empty one included).</summary>
    public required int AudioFramesReceived { get; init; }

    /// <summary>Bytes of audio received.</summary>
    public required long AudioBytesReceived { get; init; }

    /// <summary>Audio received, in seconds at the declared encoding and rate (0 when it cannot be measured).</summary>
    public required double AudioSecondsReceived { get; init; }

    /// <summary>The <c>type</c> of each client text message in order ("(invalid)" when it had none).</summary>
    public required IReadOnlyList<string> ClientMessageTypes { get; init; }

    /// <summary>
    /// Things a well-behaved client does not do, in order: an empty binary frame (the deprecated close signal), a
    /// control message sent as binary, an unknown or malformed text message. The session goes on (or ends) as the
    /// service would; the list lets a test assert that a client made none of these mistakes.
    /// </summary>
    public required IReadOnlyList<string> ClientFaults { get; init; }

    /// <summary>The <c>type</c> of each server message in order.</summary>
    public required IReadOnlyList<string> ServerMessageTypes { get; init; }

    /// <summary>Each server message's JSON, in order.</summary>
    public required IReadOnlyList<string> ServerMessages { get; init; }

    /// <summary>Whether the client sent CloseStream.</summary>
    public required bool CloseStreamReceived { get; init; }

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

    /// <summary>An unexpected exception inside the emulator (a bug in it), or null; the session was closed with 1011.</summary>
    public required string? InternalError { get; init; }

    /// <summary>The <c>model</c> query parameter, if any.</summary>
    public string? Model => QueryValue("model");

    /// <summary>The first value of a query parameter, or null.</summary>
    public string? QueryValue(string name) => Query.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Every value of a (repeatable) query parameter, in order.</summary>
    public IReadOnlyList<string> QueryValues(string name) => Query.Where(p => p.Key == name).Select(p => p.Value).ToArray();

    /// <summary>The session went silent with the socket open (<see cref="EmulatorFaultAction.Stall"/> or <see cref="EmulatorFaultAction.BlackHole"/>).</summary>
    public bool Stalled { get; init; }

    /// <summary>Where in the recording the connection's audio started (<see cref="DeepgramEmulatorOptions.ScriptFollowsAudioPosition"/>).</summary>
    public TimeSpan? ScriptPosition { get; init; }
}
