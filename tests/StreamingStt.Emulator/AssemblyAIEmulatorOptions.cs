// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>Configuration of one <see cref="AssemblyAIEmulator"/> instance.</summary>
public sealed class AssemblyAIEmulatorOptions
{
    /// <summary>API keys accepted in the <c>Authorization</c> header (raw key, no scheme) and for minting tokens.</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = ["test-key"];

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve wss/https with a self-signed certificate generated in-process (the JS SDK refuses ws://).</summary>
    public bool UseTls { get; init; }

    /// <summary>Where to write the certificate PEM when <see cref="UseTls"/> is set; null writes a temp file deleted on dispose.</summary>
    public string? CertificatePemOutputPath { get; init; }

    /// <summary>What the emulated recognizer "hears", placed on the audio timeline.</summary>
    public EmulatorScript Script { get; init; } = EmulatorScript.Default;

    /// <summary>
    /// How far the audio received may run ahead of wall-clock time since Begin before the session is closed with
    /// 3007 "Audio Transmission Rate Exceeded". The real service tolerates a large lead; tests use small values.
    /// </summary>
    public TimeSpan RealTimeLead { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall-clock session limit after Begin (3008). Tokens minted with max_session_duration_seconds can lower it.</summary>
    public TimeSpan MaxSessionDuration { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Delay between accepting the upgrade and sending Begin (to exercise client connect timeouts).</summary>
    public TimeSpan BeginDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Delay before answering Terminate (to exercise client stop timeouts).</summary>
    public TimeSpan TerminationDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Never answer Terminate; the session then ends only when the client leaves or the session expires.</summary>
    public bool IgnoreTerminate { get; init; }

    /// <summary>
    /// Emulated time runs this many times faster than real time: the session limit (3008), the real-time lead check,
    /// Begin's expires_at and Termination's session duration, so a 3-hour session limit arrives in seconds. A client
    /// under test uses a clock with the same <see cref="ClockRate"/> and <see cref="ClockOrigin"/>.
    /// </summary>
    public double ClockRate { get; init; } = 1;

    /// <summary>The instant emulated and real time agree; emulated now = origin + (real now − origin) × rate.</summary>
    public DateTimeOffset ClockOrigin { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Recognize the script where the audio says it is (<see cref="AudioPositionMarker"/>), not from the connection's
    /// first byte: a client that reconnects and replays audio from the middle of a recording hears the words there,
    /// as from a real recognizer. Needs pcm_s16le audio carrying the markers.
    /// </summary>
    public bool ScriptFollowsAudioPosition { get; init; }

    /// <summary>
    /// Sessions open at once (authenticated, until they close); one more is closed with 3009 "Unauthorized Connection:
    /// Too many concurrent sessions" right after the upgrade, as the real service does. Null: no limit.
    /// </summary>
    public int? MaxConcurrentSessions { get; init; }

    /// <summary>Optional failure injected into every session.</summary>
    public EmulatorFault? Fault { get; init; }

    /// <summary>
    /// When set, issued temporary tokens stop being redeemable after this long instead of after the requested
    /// expires_in_seconds (whose minimum of 1 s is too slow for expiry tests). The response still echoes the request.
    /// </summary>
    public TimeSpan? TokenTtl { get; init; }

    /// <summary>Answer the WebSocket endpoint with this redirect instead of serving it (no session is recorded).</summary>
    public EmulatorRedirect? StreamingRedirect { get; init; }

    /// <summary>Answer the token endpoint with this redirect instead of minting a token.</summary>
    public EmulatorRedirect? TokenRedirect { get; init; }

    /// <summary>Called (on a server thread) with each session's final record; exceptions it throws are ignored.</summary>
    public Action<EmulatorSessionRecord>? SessionEnded { get; init; }

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
        RequireNonNegative(RealTimeLead, nameof(RealTimeLead));
        RequireNonNegative(BeginDelay, nameof(BeginDelay));
        RequireNonNegative(TerminationDelay, nameof(TerminationDelay));
        if (!(ClockRate > 0) || double.IsInfinity(ClockRate))
        {
            throw new ArgumentOutOfRangeException(nameof(ClockRate), ClockRate, "Must be a positive number.");
        }

        if (MaxSessionDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSessionDuration), MaxSessionDuration, "Must be positive.");
        }

        if (TokenTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenTtl), ttl, "Must be positive.");
        }
    }

    private static void RequireNonNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
        }
    }
}
