// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt
{
    /// <summary>
    /// Every way a session can fail. The PowerShell error id is "Stt" + the member name
    /// (e.g. ProviderAuthenticationFailed → SttProviderAuthenticationFailed); once shipped
    /// a member's meaning is frozen.
    /// </summary>
    public enum SttErrorKind
    {
        /// <summary>No API key or token was given or found in the environment.</summary>
        ApiKeyMissing,
        /// <summary>An option is out of range or a combination is invalid (checked before connecting).</summary>
        OptionInvalid,
        /// <summary>The audio file does not exist.</summary>
        AudioFileNotFound,
        /// <summary>The file is readable but its format is not one we decode (e.g. MP3 in a WAV, ADPCM).</summary>
        AudioFormatNotSupported,
        /// <summary>The file claims a supported format but its structure is broken (truncated header, bad chunk sizes).</summary>
        AudioFileCorrupt,
        /// <summary>Reading the audio failed (I/O error on a file or stream).</summary>
        AudioReadFailed,
        /// <summary>A capture device exists but cannot be used: none present, busy, refused (permissions), unplugged mid-session.</summary>
        AudioDeviceUnavailable,
        /// <summary>A ws:// endpoint that is not a loopback address.</summary>
        TransportEndpointInsecure,
        /// <summary>A message larger than the transport's maximum.</summary>
        TransportMessageTooLarge,
        /// <summary>Could not connect: DNS, refused, TLS, HTTP status other than 101.</summary>
        ProviderConnectionFailed,
        /// <summary>The connection dropped mid-session without a close frame or with an abnormal close.</summary>
        ProviderConnectionLost,
        /// <summary>Connect, session start (Begin) or graceful stop took too long.</summary>
        ProviderTimeout,
        /// <summary>The key or token was refused (AssemblyAI 1008, HTTP 401/403).</summary>
        ProviderAuthenticationFailed,
        /// <summary>Too many sessions (AssemblyAI 3009, 1008 "Too many concurrent sessions", HTTP 429).</summary>
        ProviderConcurrencyLimitExceeded,
        /// <summary>Account balance or plan does not allow this (AssemblyAI 4002/4003, HTTP 402).</summary>
        ProviderQuotaExceeded,
        /// <summary>The provider refused a parameter (bad model, sample rate, schema).</summary>
        ProviderRejectedRequest,
        /// <summary>A frame held less than 50 ms or more than 1000 ms of audio (AssemblyAI 3007 input duration).</summary>
        ProviderAudioDurationInvalid,
        /// <summary>Audio was sent faster than real time (AssemblyAI 3007 rate exceeded).</summary>
        ProviderAudioRateExceeded,
        /// <summary>The provider refused a client message (AssemblyAI 3006).</summary>
        ProviderInvalidMessage,
        /// <summary>The session hit its maximum duration (AssemblyAI 3008).</summary>
        ProviderSessionExpired,
        /// <summary>The provider ended the session for an internal error (AssemblyAI 3005, 1011).</summary>
        ProviderServerError,
        /// <summary>The provider sent something we cannot parse; the session continues.</summary>
        ProviderProtocolError,
        /// <summary>An error the provider reported that has no more specific kind.</summary>
        ProviderError,
        /// <summary>Requesting a temporary token failed.</summary>
        TokenRequestFailed,
        /// <summary>The provider could not decode the audio as declared (Deepgram 1008 DATA-0000).</summary>
        ProviderAudioNotDecodable,
        /// <summary>The provider closed an idle session: no audio or keep-alive in time (Deepgram 1011 NET-0001).</summary>
        ProviderIdleTimeout,
        /// <summary>No capture device matches -Device (or the chosen device has gone).</summary>
        AudioDeviceNotFound,
        /// <summary>
        /// The provider stopped answering while audio flowed: no message for longer than its own cadence
        /// (StallTimeout), or no pong to a WebSocket ping. The connection is dropped; with reconnect on, the
        /// session reconnects instead of failing.
        /// </summary>
        ProviderStalled,
    }
}
