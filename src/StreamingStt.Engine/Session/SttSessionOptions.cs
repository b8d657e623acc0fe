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

        /// <summary>The largest message accepted from the provider.</summary>
        public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>
        /// Events held for a slow consumer. When full, the oldest partial turn is dropped
        /// (counted, with a warning); end-of-turn turns are never dropped — the receiver waits instead.
        /// </summary>
        public int EventQueueCapacity { get; set; } = 1024;

        /// <summary>Time source; tests inject a virtual clock.</summary>
        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>Name shown in Turn.Source; defaults to the audio source's name.</summary>
        public string? SourceName { get; set; }
    }
}
