// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    // Parameters: common ones first, then each provider's own, then the session's.
    public sealed partial class StartSttSessionCommand
    {
        #region Parameters

        /// <summary>
        /// Audio files to transcribe (WAV). Wildcards are allowed. Each file is streamed in its own
        /// session, one after another.
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        /// <summary>Audio files to transcribe, taken exactly as written (no wildcards). Binds PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>
        /// The microphone or other capture device: a name (wildcards allowed), an Id or an Index from
        /// Get-SttAudioDevice, or an AudioDevice object. Without any input the default device is used.
        /// </summary>
        [Parameter(ParameterSetName = DeviceParameterSet)]
        [SupportsWildcards]
        [AudioDeviceTransformation]
        [ArgumentCompleter(typeof(AudioDeviceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Device { get; set; }

        /// <summary>
        /// Capture devices from Get-SttAudioDevice, piped in: each one is captured in its own
        /// session (one after another in the foreground, side by side with -AsJob).
        /// </summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = DeviceParameterSet)]
        [ValidateNotNull]
        public AudioDevice? InputDevice { get; set; }

        /// <summary>Captured audio kept while the network cannot take it, 1 s to 10 minutes (default 10 s); past that the oldest is dropped, with a warning.</summary>
        [Parameter(ParameterSetName = DeviceParameterSet)]
        [SecondsTransformation]
        public TimeSpan CaptureBuffer { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Headerless PCM from a .NET stream (a pipe, a socket, [Console]::OpenStandardInput()), in the format given by -InputSampleRate, -InputChannels and -InputEncoding.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StreamParameterSet)]
        [ValidateNotNull]
        public System.IO.Stream? InputStream { get; set; }

        /// <summary>Headerless PCM from this process's standard input (e.g. ffmpeg ... -f s16le - | pwsh -c 'Start-SttSession -StandardInput').</summary>
        [Parameter(Mandatory = true, ParameterSetName = StandardInputParameterSet)]
        public SwitchParameter StandardInput { get; set; }

        /// <summary>The sample rate of -InputStream / -StandardInput audio (default 16000).</summary>
        [Parameter(ParameterSetName = StreamParameterSet)]
        [Parameter(ParameterSetName = StandardInputParameterSet)]
        [ValidateRange(AudioFrameReader.MinSampleRate, AudioFrameReader.MaxSampleRate)]
        public int InputSampleRate { get; set; } = 16000;

        /// <summary>The channel count of -InputStream / -StandardInput audio (default 1; channels are mixed to mono).</summary>
        [Parameter(ParameterSetName = StreamParameterSet)]
        [Parameter(ParameterSetName = StandardInputParameterSet)]
        [ValidateRange(1, 32)]
        public int InputChannels { get; set; } = 1;

        /// <summary>The sample encoding of -InputStream / -StandardInput audio (default Pcm16: 16-bit signed little-endian).</summary>
        [Parameter(ParameterSetName = StreamParameterSet)]
        [Parameter(ParameterSetName = StandardInputParameterSet)]
        public SampleEncoding InputEncoding { get; set; } = SampleEncoding.Pcm16;

        /// <summary>The ffmpeg executable used for audio that is not WAV (MP3, FLAC, Ogg, M4A, video files); default: ffmpeg on PATH or $env:STREAMINGSTT_FFMPEG.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? FfmpegPath { get; set; }

        /// <summary>The speech-to-text service: AssemblyAI (default), Deepgram or Speechmatics.</summary>
        [Parameter]
        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;

        /// <summary>The provider API key. When neither -ApiKey nor -Token is given, the provider's environment variable is used ($env:ASSEMBLYAI_API_KEY, $env:DEEPGRAM_API_KEY, $env:SPEECHMATICS_API_KEY).</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>A temporary token from New-SttToken (the SttToken object or its Token string). Cannot be combined with -ApiKey.</summary>
        [Parameter]
        [SttTokenTransformation]
        [ValidateNotNullOrEmpty]
        public string? Token { get; set; }

        /// <summary>
        /// The model: AssemblyAI speech_model (default u3-rt-pro), Deepgram model (default nova-3),
        /// Speechmatics model / operating_point (default: the service's).
        /// </summary>
        [Parameter]
        [Alias("Model", "OperatingPoint")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SpeechModelCompleter))]
        public string? SpeechModel { get; set; }

        /// <summary>The sample rate sent to the service; audio is resampled to it.</summary>
        [Parameter]
        [ValidateRange(8000, 48000)]
        public int SampleRate { get; set; } = SttSessionOptions.DefaultSampleRate;

        /// <summary>The wire encoding: pcm_s16le (default; Deepgram calls it linear16) or pcm_mulaw (Deepgram and Speechmatics: mulaw).</summary>
        [Parameter]
        [ValidateSet("pcm_s16le", "pcm_mulaw", "linear16", "mulaw")]
        public string Encoding { get; set; } = "pcm_s16le";

        /// <summary>Ask for formatted end-of-turn transcripts (format_turns; universal-streaming models).</summary>
        [Parameter]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public SwitchParameter FormatTurns { get; set; }

        /// <summary>Confidence needed to end a turn, 0–1 (end_of_turn_confidence_threshold; universal-streaming models).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public double EndOfTurnConfidenceThreshold { get; set; }

        /// <summary>Silence, in milliseconds, before the service may end a turn (min_turn_silence).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public int MinTurnSilence { get; set; }

        /// <summary>Silence, in milliseconds, after which the service always ends a turn (max_turn_silence).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public int MaxTurnSilence { get; set; }

        /// <summary>Voice activity threshold, 0–1 (vad_threshold).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public double VadThreshold { get; set; }

        /// <summary>
        /// Words and phrases to boost: AssemblyAI keyterms_prompt (at most 100, each at most 50
        /// characters), Deepgram keyterm (Nova-3), Speechmatics additional_vocab.
        /// </summary>
        [Parameter]
        [Alias("KeytermsPrompt", "Keyterm")]
        [ValidateCount(1, AssemblyAIOptions.MaxKeyterms)]
        [ValidateLength(1, AssemblyAIOptions.MaxKeytermLength)]
        public string[]? Keyterms { get; set; }

        /// <summary>A prompt for the model (prompt; u3-rt-pro only).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public string? Prompt { get; set; }

        /// <summary>Detect the spoken language (language_detection).</summary>
        [Parameter]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public SwitchParameter LanguageDetection { get; set; }

        /// <summary>Seconds without audio after which the service ends the session, 5–3600 (inactivity_timeout).</summary>
        [Parameter]
        [ValidateRange(5, 3600)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public int InactivityTimeout { get; set; }

        /// <summary>Label speakers: AssemblyAI speaker_labels, Deepgram diarize, Speechmatics diarization=speaker.</summary>
        [Parameter]
        [Alias("Diarize")]
        public SwitchParameter SpeakerLabels { get; set; }

        /// <summary>Most speakers to tell apart: AssemblyAI max_speakers 1–10; Speechmatics speaker_diarization_config.max_speakers (2 or more).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        [ProviderParameter(SttProvider.AssemblyAI, SttProvider.Speechmatics)]
        public int MaxSpeakers { get; set; }

        /// <summary>The region: AssemblyAI Default (edge-routed), US or EU; Speechmatics EU (default), US or Global.</summary>
        [Parameter]
        [ValidateSet("Default", "US", "EU", "Global")]
        [ProviderParameter(SttProvider.AssemblyAI, SttProvider.Speechmatics)]
        public string Region { get; set; } = "Default";

        /// <summary>The spoken language: Deepgram language (BCP-47, or multi), Speechmatics language (default en).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram, SttProvider.Speechmatics)]
        public string? Language { get; set; }

        /// <summary>Partial turns while speech goes on: Deepgram interim_results, Speechmatics enable_partials.</summary>
        [Parameter]
        [Alias("EnablePartials")]
        [ProviderParameter(SttProvider.Deepgram, SttProvider.Speechmatics)]
        public SwitchParameter InterimResults { get; set; }

        #endregion

        #region Deepgram parameters

        /// <summary>Deepgram model version (version; default latest).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string? Version { get; set; }

        /// <summary>Deepgram endpointing: milliseconds of silence that end a turn, or false to turn it off.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string? Endpointing { get; set; }

        /// <summary>Deepgram utterance_end_ms: a gap between words that ends the turn (needs -InterimResults).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        [ProviderParameter(SttProvider.Deepgram)]
        public int UtteranceEndMs { get; set; }

        /// <summary>Deepgram vad_events: report the start of speech.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter VadEvents { get; set; }

        /// <summary>Deepgram punctuate.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter Punctuate { get; set; }

        /// <summary>Deepgram smart_format.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter SmartFormat { get; set; }

        /// <summary>Deepgram numerals.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter Numerals { get; set; }

        /// <summary>Deepgram dictation (spoken punctuation commands).</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter Dictation { get; set; }

        /// <summary>Deepgram profanity_filter.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter ProfanityFilter { get; set; }

        /// <summary>Deepgram redact: pci, numbers, aggressive_numbers, ssn, true or false (repeatable).</summary>
        [Parameter]
        [ValidateSet("true", "false", "pci", "numbers", "aggressive_numbers", "ssn")]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Redact { get; set; }

        /// <summary>Deepgram keywords as word:boost (Nova-2 and older; repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Keywords { get; set; }

        /// <summary>Deepgram search terms (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Search { get; set; }

        /// <summary>Deepgram replace as from:to (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Replace { get; set; }

        /// <summary>Deepgram tag (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Tag { get; set; }

        /// <summary>Deepgram extra as key:value (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Deepgram)]
        public string[]? Extra { get; set; }

        /// <summary>Deepgram mip_opt_out: opt out of the model improvement programme.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Deepgram)]
        public SwitchParameter MipOptOut { get; set; }

        /// <summary>Other Deepgram query parameters, as a hashtable of names and string values (arrays repeat the parameter).</summary>
        [Parameter]
        [ValidateNotNull]
        [ProviderParameter(SttProvider.Deepgram)]
        public System.Collections.Hashtable? ProviderOption { get; set; }

        #endregion

        #region Speechmatics parameters

        /// <summary>Speechmatics max_delay in seconds, 0.7–4.</summary>
        [Parameter]
        [ValidateRange(0.7, 4.0)]
        [ProviderParameter(SttProvider.Speechmatics)]
        public double MaxDelay { get; set; }

        /// <summary>Speechmatics max_delay_mode: flexible or fixed.</summary>
        [Parameter]
        [ValidateSet("flexible", "fixed")]
        [ProviderParameter(SttProvider.Speechmatics)]
        public string? MaxDelayMode { get; set; }

        /// <summary>Speechmatics diarization: none, speaker, channel or channel_and_speaker.</summary>
        [Parameter]
        [ValidateSet("none", "speaker", "channel", "channel_and_speaker")]
        [ProviderParameter(SttProvider.Speechmatics)]
        public string? Diarization { get; set; }

        /// <summary>Speechmatics speaker_diarization_config.speaker_sensitivity, 0–1.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        [ProviderParameter(SttProvider.Speechmatics)]
        public double SpeakerSensitivity { get; set; }

        /// <summary>Speechmatics speaker_diarization_config.prefer_current_speaker.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Speechmatics)]
        public SwitchParameter PreferCurrentSpeaker { get; set; }

        /// <summary>Speechmatics additional_vocab: strings, or hashtables @{ Content = 'gnocchi'; SoundsLike = 'nyohki' }.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Speechmatics)]
        public object[]? AdditionalVocab { get; set; }

        /// <summary>Speechmatics punctuation_overrides.permitted_marks: single characters, or all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Speechmatics)]
        public string[]? PunctuationPermittedMarks { get; set; }

        /// <summary>Speechmatics punctuation_overrides.sensitivity, 0–1.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        [ProviderParameter(SttProvider.Speechmatics)]
        public double PunctuationSensitivity { get; set; }

        /// <summary>Speechmatics conversation_config.end_of_utterance_silence_trigger: seconds of silence that end a turn, 0–2.</summary>
        [Parameter]
        [Alias("EndOfUtteranceSilenceTrigger")]
        [ValidateRange(0.0, 2.0)]
        [ProviderParameter(SttProvider.Speechmatics)]
        public double EndOfUtteranceSilence { get; set; }

        /// <summary>Speechmatics domain, e.g. finance or medical.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Speechmatics)]
        public string? Domain { get; set; }

        /// <summary>Speechmatics output_locale, e.g. en-GB.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ProviderParameter(SttProvider.Speechmatics)]
        public string? OutputLocale { get; set; }

        /// <summary>Speechmatics enable_entities.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Speechmatics)]
        public SwitchParameter EnableEntities { get; set; }

        /// <summary>Speechmatics audio_filtering_config.volume_threshold, 0–100.</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        [ProviderParameter(SttProvider.Speechmatics)]
        public double VolumeThreshold { get; set; }

        /// <summary>Speechmatics transcript_filtering_config.remove_disfluencies.</summary>
        [Parameter]
        [ProviderParameter(SttProvider.Speechmatics)]
        public SwitchParameter RemoveDisfluencies { get; set; }

        #endregion

        #region Session parameters

        /// <summary>A full WebSocket endpoint (wss://…); ws:// is accepted only for loopback addresses.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>Milliseconds of audio per message, 50–1000.</summary>
        [Parameter]
        [ValidateRange(SttSessionOptions.MinChunkMilliseconds, SttSessionOptions.MaxChunkMilliseconds)]
        public int ChunkMilliseconds { get; set; } = SttSessionOptions.DefaultChunkMilliseconds;

        /// <summary>Stop gracefully after this much audio has been sent (a TimeSpan, or a number of seconds).</summary>
        [Parameter]
        [SecondsTransformation]
        public TimeSpan Duration { get; set; }

        /// <summary>How long a graceful stop waits for the last turns (default 5 seconds; a TimeSpan or a number of seconds).</summary>
        [Parameter]
        [SecondsTransformation]
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Reconnect attempts after a transient drop (network error, no close frame, stall, server error), with backoff
        /// and jitter; the audio since the last end of turn is sent again. Default 5 (0 with an AssemblyAI temporary
        /// token, which opens one session only); 0 turns reconnecting off.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxReconnectAttempts { get; set; } = DefaultReconnectAttempts;

        /// <summary>Reconnect attempts when -MaxReconnectAttempts is not given.</summary>
        public const int DefaultReconnectAttempts = 5;

        /// <summary>Send audio as fast as allowed instead of in real time (only for endpoints that accept it).</summary>
        [Parameter]
        public SwitchParameter NoPacing { get; set; }

        /// <summary>Run each file's session as a background job (SttJob) and return the job at once.</summary>
        [Parameter]
        public SwitchParameter AsJob { get; set; }

        /// <summary>
        /// Files streamed at once, 1 to 64 (as in ForEach-Object -Parallel): in the foreground their turns
        /// interleave in the output; with -AsJob at most this many jobs run and the rest wait as NotStarted
        /// jobs. Without it, files stream one after another (jobs all at once).
        /// </summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>The job name with -AsJob (default Stt&lt;Id&gt;).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>
        /// The name of a variable (without $) that receives each foreground session's SessionSummary in the caller's
        /// scope, like -OutVariable: one summary, or an array of them when several sessions ran. Not with -AsJob.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SummaryVariable { get; set; }

        /// <summary>With -AsJob: turns a job holds for Receive-SttTurn before it drops the oldest (partials first); default 10000.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxBufferedTurns { get; set; } = SttJob.DefaultMaxBufferedTurns;

        #endregion
    }
}
