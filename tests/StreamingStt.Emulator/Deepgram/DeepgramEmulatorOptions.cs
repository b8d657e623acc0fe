// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Configuration of one <see cref="DeepgramEmulator"/> instance.</summary>
public sealed class DeepgramEmulatorOptions
{
    /// <summary>The service's idle limit (protocols.md §2.7: about 10 s, observed 10–12 s).</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>API keys accepted as <c>Authorization: Token &lt;key&gt;</c> (or the <c>token</c> subprotocol) and for minting tokens.</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = ["test-key"];

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve wss/https with a self-signed certificate generated in-process.</summary>
    public bool UseTls { get; init; }

    /// <summary>Where to write the certificate PEM when <see cref="UseTls"/> is set; null writes a temp file deleted on dispose.</summary>
    public string? CertificatePemOutputPath { get; init; }

    /// <summary>What the emulated recognizer "hears", placed on the audio timeline (the same script model as the AssemblyAI emulator).</summary>
    public EmulatorScript Script { get; init; } = EmulatorScript.Default;

    /// <summary>No audio and no text KeepAlive for this long closes the session with 1011 NET-0001. Tests use about a second.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>When set, every upgrade is refused with this HTTP status (402, 403, 429, 503…) and the matching dg-error.</summary>
    public int? RefuseUpgradesWith { get; init; }

    /// <summary>
    /// Sessions open at once; the upgrade of one more is refused with 429 TOO_MANY_REQUESTS, as Deepgram refuses a
    /// request over the account's concurrency limit. Null: no limit.
    /// </summary>
    public int? MaxConcurrentSessions { get; init; }

    /// <summary>Delay before answering CloseStream (to exercise client stop timeouts).</summary>
    public TimeSpan CloseStreamDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Never answer CloseStream; the session then ends only by the idle timeout or when the client leaves.</summary>
    public bool IgnoreCloseStream { get; init; }

    /// <summary>
    /// Optional failure injected into every session: <see cref="EmulatorFaultTrigger.AfterBegin"/> fires right after the
    /// upgrade (Deepgram has no Begin message). <see cref="EmulatorFault.SendErrorMessage"/> is ignored: /v1/listen has
    /// no error message, only close frames.
    /// </summary>
    public EmulatorFault? Fault { get; init; }

    /// <summary>
    /// Recognize the script where the audio says it is (<see cref="AudioPositionMarker"/>), not from the connection's
    /// first byte, so a client that reconnects and replays audio from the middle of a recording hears the words there.
    /// Result times stay on each connection's own timeline, as the service's do. Needs linear16 audio carrying the markers.
    /// </summary>
    public bool ScriptFollowsAudioPosition { get; init; }

    /// <summary>When set, granted tokens stop being accepted after this long instead of after ttl_seconds (whose minimum of 1 s is slow for tests).</summary>
    public TimeSpan? TokenTtl { get; init; }

    /// <summary>Answer the WebSocket endpoint with this redirect instead of serving it (no session is recorded).</summary>
    public EmulatorRedirect? StreamingRedirect { get; init; }

    /// <summary>Answer the token endpoint with this redirect instead of minting a token.</summary>
    public EmulatorRedirect? TokenRedirect { get; init; }

    /// <summary>Called (on a server thread) with each session's final record; exceptions it throws are ignored.</summary>
    public Action<DeepgramSessionRecord>? SessionEnded { get; init; }

    internal void Validate()
    {
        if (ApiKeys is null || ApiKeys.Count == 0 || ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one non-empty API key is required.", nameof(ApiKeys));
        }

        if (ApiKeys.Any(k => k.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("API keys cannot contain white space (they travel after 'Token ').", nameof(ApiKeys));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0-65535.");
        }

        ArgumentNullException.ThrowIfNull(Script, nameof(Script));
        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "Must be positive.");
        }

        if (CloseStreamDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CloseStreamDelay), CloseStreamDelay, "Must not be negative.");
        }

        if (RefuseUpgradesWith is { } status && (status < 400 || status > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(RefuseUpgradesWith), status, "Must be an HTTP error status (400-599).");
        }

        if (TokenTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenTtl), ttl, "Must be positive.");
        }
    }
}
