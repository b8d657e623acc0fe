// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>Configuration of one <see cref="SpeechmaticsEmulator"/> instance.</summary>
public sealed class SpeechmaticsEmulatorOptions
{
    /// <summary>API keys accepted as <c>Authorization: Bearer &lt;key&gt;</c> on the WebSocket and for minting temporary keys.</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = ["test-key"];

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve wss/https with a self-signed certificate generated in-process.</summary>
    public bool UseTls { get; init; }

    /// <summary>Where to write the certificate PEM when <see cref="UseTls"/> is set; null writes a temp file deleted on dispose.</summary>
    public string? CertificatePemOutputPath { get; init; }

    /// <summary>What the emulated recognizer "hears", placed on the audio timeline.</summary>
    public EmulatorScript Script { get; init; } = EmulatorScript.Default;

    /// <summary>Optional failure injected into every session.</summary>
    public SpeechmaticsFault? Fault { get; init; }

    /// <summary>
    /// Recognize the script where the audio says it is (<see cref="AudioPositionMarker"/>), not from the connection's
    /// first byte, so a client that reconnects and replays audio from the middle of a recording hears the words there.
    /// Result times stay on each connection's own timeline, as the service's do. Needs pcm_s16le audio carrying the markers.
    /// </summary>
    public bool ScriptFollowsAudioPosition { get; init; }

    /// <summary>
    /// Refuse an EndOfStream whose last_seq_no is not the number of AudioAdded sent (Error protocol_error, UNCONFIRMED).
    /// When false only a last_seq_no beyond the frames received is refused, as a lenient server might.
    /// </summary>
    public bool RequireExactLastSeqNo { get; init; } = true;

    /// <summary>How long after EndOfTranscript the client has to close before the emulator closes with 1000 itself.</summary>
    public TimeSpan CloseGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, temporary keys stop being accepted after this long instead of after their requested ttl (≥ 60 s).</summary>
    public TimeSpan? TemporaryKeyLifetime { get; init; }

    /// <summary>
    /// The account's limit on sessions open at once (Free 2, Pro 50): a session over it is refused at its
    /// StartRecognition with Error <c>quota_exceeded</c> and close 4005, as the service refuses it. Null: no limit.
    /// </summary>
    public int? MaxConcurrentSessions { get; init; }

    /// <summary>Answer the WebSocket endpoint with this redirect instead of serving it (no session is recorded).</summary>
    public EmulatorRedirect? StreamingRedirect { get; init; }

    /// <summary>Answer the token endpoint with this redirect instead of minting a token.</summary>
    public EmulatorRedirect? TokenRedirect { get; init; }

    /// <summary>Called (on a server thread) with each session's final record; exceptions it throws are ignored.</summary>
    public Action<SpeechmaticsSessionRecord>? SessionEnded { get; init; }

    internal void Validate()
    {
        if (ApiKeys is null || ApiKeys.Count == 0 || ApiKeys.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one non-empty API key is required.", nameof(ApiKeys));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0-65535.");
        }

        ArgumentNullException.ThrowIfNull(Script, nameof(Script));
        if (CloseGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CloseGracePeriod), CloseGracePeriod, "Must not be negative.");
        }

        if (TemporaryKeyLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TemporaryKeyLifetime), lifetime, "Must be positive.");
        }
    }
}
