// Copyright (c) StreamingStt contributors. MIT License.
using System;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;

namespace StreamingStt.Engine.Session
{
    /// <summary>Everything a session needs besides its audio source.</summary>
    public sealed class SttSessionOptions
    {
        public const int DefaultSampleRate = 16000;
        public const int DefaultChunkMilliseconds = 50;
        public const int MinChunkMilliseconds = 50;
        public const int MaxChunkMilliseconds = 1000;

        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;

        /// <summary>The key or token; when null the provider's environment variable is used.</summary>
        public SttCredential? Credential { get; set; }

        /// <summary>AssemblyAI connection parameters.</summary>
        public AssemblyAIOptions AssemblyAI { get; set; } = new AssemblyAIOptions();

        /// <summary>Deepgram connection parameters.</summary>
        public DeepgramOptions Deepgram { get; set; } = new DeepgramOptions();

        /// <summary>Speechmatics session settings.</summary>
        public SpeechmaticsOptions Speechmatics { get; set; } = new SpeechmaticsOptions();

        /// <summary>The rate audio is sent at; sources are resampled to it.</summary>
        public int SampleRate { get; set; } = DefaultSampleRate;

        /// <summary>The wire encoding.</summary>
        public OutputEncoding Encoding { get; set; } = OutputEncoding.PcmS16le;

        /// <summary>Audio per WebSocket frame, 50–1000 ms.</summary>
        public int ChunkMilliseconds { get; set; } = DefaultChunkMilliseconds;

        /// <summary>
        /// Send files and streams no faster than real time (the service closes faster sessions).
        /// Sources that are real time themselves (microphones) are never paced twice.
        /// </summary>
        public bool PaceRealTime { get; set; } = true;

        /// <summary>Stop gracefully after this much audio has been sent.</summary>
        public TimeSpan? MaxAudioDuration { get; set; }

        /// <summary>Time allowed to open the WebSocket.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Time allowed, after the socket opens, for the provider's start message (Begin).</summary>
        public TimeSpan BeginTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Time a graceful stop waits for the provider's last turns and acknowledgement.</summary>
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// When no audio has gone out for this long (a paused pipe, a stalled source), send the
        /// provider's keep-alive so idle timeouts do not end the session. Zero turns it off.
        /// </summary>
        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How long the provider may stay silent while audio flows before the connection counts as stalled
        /// (<see cref="SttErrorKind.ProviderStalled"/>, or a reconnect). Null uses the provider's cadence
        /// (<see cref="Reconnect.StallWatchdog.DefaultTimeoutFor"/>: Speechmatics 10 s, it acknowledges every
        /// frame; Deepgram 15 s, it sends results about every second of audio; AssemblyAI none, it is silent
        /// while nobody speaks, so only the ping below watches it). Zero turns message watching off.
        /// </summary>
        public TimeSpan? StallTimeout { get; set; }

        /// <summary>
        /// WebSocket pings go out every 5 s; a connection whose pong does not come back within this time is
        /// dropped as stalled (runtimes with ClientWebSocketOptions.KeepAliveTimeout: .NET 9 and later). Zero
        /// keeps the unanswered 20-second keep-alive of older runtimes.
        /// </summary>
        public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Reconnect attempts after a transient drop (network error, no close frame, stall, 1011/1012/1013,
        /// AssemblyAI 3005, Deepgram NET-0001 while audio flows), each with exponential backoff and jitter.
        /// The count starts again after every successful reconnect. Zero (the default) never reconnects.
        /// </summary>
        public int MaxReconnectAttempts { get; set; }

        /// <summary>
        /// The longest one provider connection may last; before it, the session opens the next connection and
        /// hands over at a turn boundary. Null uses the provider's limit (AssemblyAI 3 h, or the session's own
        /// expires_at when the token set a shorter one; Speechmatics 48 h; Deepgram none). Needs reconnect on.
        /// </summary>
        public TimeSpan? MaxSessionLength { get; set; }

        /// <summary>Most audio kept for replay after a reconnect (the audio since the last end of turn).</summary>
        public TimeSpan ReplayLimit { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The largest message accepted from the provider.</summary>
        public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>
        /// Events held for a slow consumer. When full, the oldest partial turn is dropped
        /// (counted, with a warning); end-of-turn turns are never dropped — the receiver waits instead.
        /// </summary>
        public int EventQueueCapacity { get; set; } = 1024;

        /// <summary>Time source; tests inject a virtual clock.</summary>
        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>Tests: the pacing scheduler to use on the real clock instead of the shared one.</summary>
        internal Pacing.PacingScheduler? Pacer { get; set; }

        /// <summary>
        /// Before the provider's session-length deadline, this long: start looking for a turn boundary to roll over at.
        /// Tests on an accelerated clock widen it (at 600× one emulated minute is 0.1 s of a busy machine's time).
        /// </summary>
        internal TimeSpan RolloverWindow { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Before the deadline, this long: roll over even mid-turn (the replay carries the open turn).</summary>
        internal TimeSpan RolloverForceMargin { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Name shown in Turn.Source; defaults to the audio source's name.</summary>
        public string? SourceName { get; set; }
    }
}
