// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using ProviderParameters = StreamingStt.Engine.Providers.ProviderParameters;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Streams audio files to a real-time speech-to-text service and writes the transcript as
    /// Turn objects while they arrive, or starts one background job per file with -AsJob.
    /// </summary>
    /// <remarks>
    /// Thin by design: parameters become <see cref="SttSessionOptions"/>; the engine does the
    /// work on its own threads; this cmdlet only drains the session's events on the pipeline
    /// thread (<see cref="PipelineEventPump"/>). Each file is its own session, one after another.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Start, "SttSession", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(Turn), typeof(SttJob))]
    public sealed class StartSttSessionCommand : PSCmdlet, IDisposable
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";
        private const string DeviceParameterSet = "Device";
        private const string StreamParameterSet = "Stream";
        private const string StandardInputParameterSet = "StandardInput";

        // Stable id so every file of one command updates the same progress bar.
        private const int ProgressActivityId = 0x5354;

        private readonly StopSignal _stop = new StopSignal();
        private SttSession? _current;
        private SttCredential? _credential;
        private bool _sawInput;
        private PipelineEventPump? _pump;

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
        public SwitchParameter FormatTurns { get; set; }

        /// <summary>Confidence needed to end a turn, 0–1 (end_of_turn_confidence_threshold; universal-streaming models).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double EndOfTurnConfidenceThreshold { get; set; }

        /// <summary>Silence, in milliseconds, before the service may end a turn (min_turn_silence).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MinTurnSilence { get; set; }

        /// <summary>Silence, in milliseconds, after which the service always ends a turn (max_turn_silence).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxTurnSilence { get; set; }

        /// <summary>Voice activity threshold, 0–1 (vad_threshold).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
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
        public string? Prompt { get; set; }

        /// <summary>Detect the spoken language (language_detection).</summary>
        [Parameter]
        public SwitchParameter LanguageDetection { get; set; }

        /// <summary>Seconds without audio after which the service ends the session, 5–3600 (inactivity_timeout).</summary>
        [Parameter]
        [ValidateRange(5, 3600)]
        public int InactivityTimeout { get; set; }

        /// <summary>Label speakers: AssemblyAI speaker_labels, Deepgram diarize, Speechmatics diarization=speaker.</summary>
        [Parameter]
        [Alias("Diarize")]
        public SwitchParameter SpeakerLabels { get; set; }

        /// <summary>Most speakers to tell apart: AssemblyAI max_speakers 1–10; Speechmatics speaker_diarization_config.max_speakers (2 or more).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int MaxSpeakers { get; set; }

        /// <summary>The region: AssemblyAI Default (edge-routed), US or EU; Speechmatics EU (default), US or Global.</summary>
        [Parameter]
        [ValidateSet("Default", "US", "EU", "Global")]
        public string Region { get; set; } = "Default";

        /// <summary>The spoken language: Deepgram language (BCP-47, or multi), Speechmatics language (default en).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        /// <summary>Partial turns while speech goes on: Deepgram interim_results, Speechmatics enable_partials.</summary>
        [Parameter]
        [Alias("EnablePartials")]
        public SwitchParameter InterimResults { get; set; }

        #endregion

        #region Deepgram parameters

        /// <summary>Deepgram model version (version; default latest).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>Deepgram endpointing: milliseconds of silence that end a turn, or false to turn it off.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Endpointing { get; set; }

        /// <summary>Deepgram utterance_end_ms: a gap between words that ends the turn (needs -InterimResults).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int UtteranceEndMs { get; set; }

        /// <summary>Deepgram vad_events: report the start of speech.</summary>
        [Parameter]
        public SwitchParameter VadEvents { get; set; }

        /// <summary>Deepgram punctuate.</summary>
        [Parameter]
        public SwitchParameter Punctuate { get; set; }

        /// <summary>Deepgram smart_format.</summary>
        [Parameter]
        public SwitchParameter SmartFormat { get; set; }

        /// <summary>Deepgram numerals.</summary>
        [Parameter]
        public SwitchParameter Numerals { get; set; }

        /// <summary>Deepgram dictation (spoken punctuation commands).</summary>
        [Parameter]
        public SwitchParameter Dictation { get; set; }

        /// <summary>Deepgram profanity_filter.</summary>
        [Parameter]
        public SwitchParameter ProfanityFilter { get; set; }

        /// <summary>Deepgram redact: pci, numbers, aggressive_numbers, ssn, true or false (repeatable).</summary>
        [Parameter]
        [ValidateSet("true", "false", "pci", "numbers", "aggressive_numbers", "ssn")]
        public string[]? Redact { get; set; }

        /// <summary>Deepgram keywords as word:boost (Nova-2 and older; repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Keywords { get; set; }

        /// <summary>Deepgram search terms (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Search { get; set; }

        /// <summary>Deepgram replace as from:to (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Replace { get; set; }

        /// <summary>Deepgram tag (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Tag { get; set; }

        /// <summary>Deepgram extra as key:value (repeatable).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Extra { get; set; }

        /// <summary>Deepgram mip_opt_out: opt out of the model improvement programme.</summary>
        [Parameter]
        public SwitchParameter MipOptOut { get; set; }

        /// <summary>Other Deepgram query parameters, as a hashtable of names and string values (arrays repeat the parameter).</summary>
        [Parameter]
        [ValidateNotNull]
        public System.Collections.Hashtable? ProviderOption { get; set; }

        #endregion

        #region Speechmatics parameters

        /// <summary>Speechmatics max_delay in seconds, 0.7–4.</summary>
        [Parameter]
        [ValidateRange(0.7, 4.0)]
        public double MaxDelay { get; set; }

        /// <summary>Speechmatics max_delay_mode: flexible or fixed.</summary>
        [Parameter]
        [ValidateSet("flexible", "fixed")]
        public string? MaxDelayMode { get; set; }

        /// <summary>Speechmatics diarization: none, speaker, channel or channel_and_speaker.</summary>
        [Parameter]
        [ValidateSet("none", "speaker", "channel", "channel_and_speaker")]
        public string? Diarization { get; set; }

        /// <summary>Speechmatics speaker_diarization_config.speaker_sensitivity, 0–1.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double SpeakerSensitivity { get; set; }

        /// <summary>Speechmatics speaker_diarization_config.prefer_current_speaker.</summary>
        [Parameter]
        public SwitchParameter PreferCurrentSpeaker { get; set; }

        /// <summary>Speechmatics additional_vocab: strings, or hashtables @{ Content = 'gnocchi'; SoundsLike = 'nyohki' }.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? AdditionalVocab { get; set; }

        /// <summary>Speechmatics punctuation_overrides.permitted_marks: single characters, or all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? PunctuationPermittedMarks { get; set; }

        /// <summary>Speechmatics punctuation_overrides.sensitivity, 0–1.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double PunctuationSensitivity { get; set; }

        /// <summary>Speechmatics conversation_config.end_of_utterance_silence_trigger: seconds of silence that end a turn, 0–2.</summary>
        [Parameter]
        [Alias("EndOfUtteranceSilenceTrigger")]
        [ValidateRange(0.0, 2.0)]
        public double EndOfUtteranceSilence { get; set; }

        /// <summary>Speechmatics domain, e.g. finance or medical.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Domain { get; set; }

        /// <summary>Speechmatics output_locale, e.g. en-GB.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputLocale { get; set; }

        /// <summary>Speechmatics enable_entities.</summary>
        [Parameter]
        public SwitchParameter EnableEntities { get; set; }

        /// <summary>Speechmatics audio_filtering_config.volume_threshold, 0–100.</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double VolumeThreshold { get; set; }

        /// <summary>Speechmatics transcript_filtering_config.remove_disfluencies.</summary>
        [Parameter]
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

        /// <summary>The job name with -AsJob (default Stt&lt;Id&gt;).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>With -AsJob: turns a job holds for Receive-SttTurn before it drops the oldest (partials first); default 10000.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxBufferedTurns { get; set; } = SttJob.DefaultMaxBufferedTurns;

        #endregion

        #region Overrides

        protected override void BeginProcessing()
        {
            if (ApiKey is not null && Token is not null)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                    "-ApiKey and -Token cannot be used together: pass one of them.", "Token",
                    "Use -Token with a temporary token from New-SttToken, or -ApiKey with an API key."));
            }

            try
            {
                // Parameters of another provider fail every file alike: say so once, up front.
                ProviderParameters.Check(Provider, MyInvocation.BoundParameters.Keys);
                if (Provider == SttProvider.AssemblyAI && string.Equals(Region, "Global", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SttException(SttErrorKind.OptionInvalid, "AssemblyAI has no Global region: use Default, US or EU.", "Region");
                }
                _credential = CredentialFactory.Create(ApiKey, Token, Provider);
                // A bad -Endpoint would fail every file alike: say so before opening any input.
                if (Endpoint is not null) EndpointPolicy.RequireWebSocketEndpoint(Endpoint, DefaultEndpoint(Provider));
                // A wrong -FfmpegPath would fail every file alike: say so once, up front.
                if (FfmpegPath is not null) StreamingStt.Engine.Audio.Ffmpeg.FfmpegLocator.Find(FfmpegPath);
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
            }

            _pump = new PipelineEventPump(this, ProgressActivityId, reportProgress: !AsJob);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DeviceParameterSet)
            {
                if (InputDevice is null) return;
                _sawInput = true;
                AudioDevice device = InputDevice;
                RunSession(() => OpenMicrophone(device.Id), "Start-SttSession -Device '" + device.Id.Replace("'", "''") + "'");
                return;
            }

            string[]? inputs = ParameterSetName == LiteralPathParameterSet ? LiteralPath : Path;
            if (inputs is null) return;
            _sawInput = true;

            foreach (string input in inputs)
            {
                if (_stop.IsSignalled) return;
                foreach (string file in ResolveFiles(input, ParameterSetName == LiteralPathParameterSet))
                {
                    if (_stop.IsSignalled) return;
                    if (AsJob) StartJob(file);
                    else StreamFile(file);
                }
            }
        }

        protected override void EndProcessing()
        {
            switch (ParameterSetName)
            {
                case StreamParameterSet:
                    RunSession(() => new RawPcmStreamAudioSource(InputStream!, InputFormat(), "stream", leaveOpen: true), "Start-SttSession -InputStream");
                    return;
                case StandardInputParameterSet:
                    RunSession(() => new RawPcmStreamAudioSource(Console.OpenStandardInput(), InputFormat(), "stdin"), "Start-SttSession -StandardInput");
                    return;
                case DeviceParameterSet:
                    // Piped devices were captured in ProcessRecord.
                    if (_sawInput) return;
                    RunSession(() => OpenMicrophone(Device), "Start-SttSession -Device '" + (Device ?? "default").Replace("'", "''") + "'");
                    return;
            }
            // No file at all: the default microphone, as a person at a prompt expects.
            if (_sawInput || MyInvocation.ExpectingInput) return;
            RunSession(() => OpenMicrophone(null), "Start-SttSession");
        }

        protected override void StopProcessing()
        {
            // Signal only; the pipeline thread notices and returns, Dispose releases.
            _stop.Signal();
            SttSession? session = Volatile.Read(ref _current);
            if (session is null) return;
            // A microphone stops capturing at once and the provider still gets its graceful stop,
            // finished in the background (see StreamSession); files and streams are abandoned.
            if (session.IsLiveSource) session.RequestStop();
            else session.Cancel();
        }

        #endregion

        /// <summary>Releases the session still open when the pipeline stopped early (Ctrl+C, Select-Object -First).</summary>
        public void Dispose()
        {
            SttSession? session = Interlocked.Exchange(ref _current, null);
            session?.Dispose();
            _stop.Dispose();
        }

        private IEnumerable<string> ResolveFiles(string input, bool literal)
        {
            var files = new List<string>();
            try
            {
                if (literal)
                {
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _);
                    if (IsFileSystem(provider)) files.Add(file);
                    else WriteNotOnFileSystem(input);
                }
                else
                {
                    Collection<string> resolved = GetResolvedProviderPathFromPSPath(input, out ProviderInfo provider);
                    if (!IsFileSystem(provider)) WriteNotOnFileSystem(input);
                    else if (resolved.Count == 0) WriteFileNotFound(input, wildcard: true);
                    else files.AddRange(resolved);
                }
            }
            catch (SessionStateException)
            {
                // ItemNotFound, DriveNotFound, ProviderNotFound: one bad input, the batch goes on.
                WriteFileNotFound(input, wildcard: !literal);
            }
            catch (WildcardPatternException)
            {
                // An unbalanced '[' (take[1.wav): not a pattern, and no file by that reading either.
                WriteFileNotFound(input, wildcard: true);
            }
            return files;
        }

        private static bool IsFileSystem(ProviderInfo? provider) =>
            provider is not null && string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private void WriteFileNotFound(string input, bool wildcard)
        {
            // -Path reads [ and ] as a wildcard range, so 'take [1].wav' matches 'take 1.wav', never itself.
            if (wildcard && input.IndexOf('[') >= 0)
            {
                string literal = "Start-SttSession -LiteralPath '" + input.Replace("'", "''") + "'";
                string message = ExistsLiterally(input)
                    ? "No file matches the pattern '{0}', but a file with exactly that name exists: -Path reads '[' and ']' as wildcard characters. Use -LiteralPath for names that contain them."
                    : "Cannot find the audio file '{0}'. -Path reads '[' and ']' as wildcard characters; if they are part of the file name, use -LiteralPath.";
                WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                    string.Format(CultureInfo.CurrentCulture, message, input), input, literal));
                return;
            }
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "Cannot find the audio file '{0}'.", input), input));
        }

        private bool ExistsLiterally(string input)
        {
            try
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _);
                return IsFileSystem(provider) && System.IO.File.Exists(file);
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ArgumentException || ex is NotSupportedException || ex is System.IO.IOException)
            {
                return false;
            }
        }

        private static Uri DefaultEndpoint(SttProvider provider) =>
            provider == SttProvider.Deepgram ? DeepgramProtocol.DefaultEndpoint
            : provider == SttProvider.Speechmatics ? SpeechmaticsProtocol.EuEndpoint
            : AssemblyAIProtocol.DefaultEndpoint;

        private void WriteNotOnFileSystem(string input) =>
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "'{0}' is not a file system path; audio files must be on the FileSystem provider.", input), input));

        /// <summary>Opens the source and creates its session; reports and returns null when that fails.</summary>
        private SttSession? CreateSession(Func<IAudioSource> open, bool failureEndsCommand)
        {
            IAudioSource? source;
            try
            {
                source = open();
            }
            catch (SttException ex)
            {
                // Whatever is wrong with this file, the next one may be fine; a missing microphone ends the command.
                if (failureEndsCommand) ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
                WriteError(ErrorRecordFactory.FromSttException(ex));
                return null;
            }

            try
            {
                var session = new SttSession(source, BuildOptions());
                source = null; // the session owns it now
                return session;
            }
            catch (SttException ex)
            {
                source?.Dispose();
                Report(ex);
                return null;
            }
        }

        /// <summary>Writes a session failure: terminating when it would fail every other file too, else non-terminating.</summary>
        private void Report(SttException ex)
        {
            ErrorRecord record = ErrorRecordFactory.FromSttException(ex);
            if (ErrorRecordFactory.EndsCommand(ex.Kind)) ThrowTerminatingError(record);
            else WriteError(record);
        }

        // WAV by our own reader; anything else (MP3, FLAC, Ogg, M4A, video) through ffmpeg.
        private IAudioSource OpenFile(string file) =>
            AudioFileOpener.Open(file, new StreamingStt.Engine.Audio.Ffmpeg.FfmpegOptions { ExecutablePath = FfmpegPath });

        private IAudioSource OpenMicrophone(string? device)
        {
            var microphone = new StreamingStt.Engine.Audio.Capture.MicrophoneOptions
            {
                BufferDuration = CaptureBuffer,
                PreferredSampleRate = SampleRate,
            };
            StreamingStt.Engine.Audio.Capture.MicrophoneAudioSource source = StreamingStt.Engine.Audio.Capture.AudioCapture.Open(device, microphone);
            WriteVerbose(string.Format(CultureInfo.CurrentCulture, "Capturing from '{0}' ({1}, {2}) at {3}.", source.Device.Name, source.Device.Backend, source.Device.Id, source.Format));
            return source;
        }

        private AudioFormat InputFormat() => new AudioFormat(InputSampleRate, InputChannels, InputEncoding);

        /// <summary>One session from a single source (microphone, stream, stdin): in the foreground or as a job.</summary>
        private void RunSession(Func<IAudioSource> open, string command)
        {
            if (AsJob) StartJob(open, command, failureEndsCommand: true);
            else StreamSession(open, failureEndsCommand: true);
        }

        private void StreamFile(string file) => StreamSession(() => OpenFile(file), failureEndsCommand: false);

        private void StreamSession(Func<IAudioSource> open, bool failureEndsCommand)
        {
            SttSession? session = CreateSession(open, failureEndsCommand);
            if (session is null) return;

            Volatile.Write(ref _current, session);
            bool ended = false;
            try
            {
                try
                {
                    session.Start();
                }
                catch (SttException ex)
                {
                    Report(ex);
                    return;
                }

                PumpResult result = _pump!.Drain(session, _stop.Token);
                if (result.Cancelled) return;
                ended = true;

                SttException? fault = result.Fault;
                if (fault is null && result.Summary?.EndReason == SessionEndReason.Failed) fault = session.Error;
                if (fault is not null) Report(fault);
            }
            finally
            {
                // Reached early when Ctrl+C or a downstream Select-Object -First stopped the
                // pipeline (WriteObject threw): close the connection now rather than at Dispose.
                Interlocked.CompareExchange(ref _current, null, session);
                if (!ended && session.IsLiveSource && _stop.IsSignalled)
                {
                    // Ctrl+C on a microphone: let the provider's graceful stop finish in the
                    // background so it closes the session cleanly; the session releases itself.
                    session.StopDetached();
                }
                else
                {
                    if (!ended) session.Cancel();
                    session.Dispose();
                }
            }
        }

        private void StartJob(string file) => StartJob(() => OpenFile(file), "Start-SttSession -LiteralPath '" + file.Replace("'", "''") + "'", failureEndsCommand: false);

        private void StartJob(Func<IAudioSource> open, string command, bool failureEndsCommand)
        {
            SttSession? session = CreateSession(open, failureEndsCommand);
            if (session is null) return;

            var job = new SttJob(session, Name, command,
                MaxBufferedTurns, StopTimeout, Runspace.DefaultRunspace);
            try
            {
                job.Start();
            }
            catch (SttException ex)
            {
                job.Dispose();
                Report(ex);
                return;
            }

            JobRepository.Add(job);
            WriteObject(job);
        }

        private SttSessionOptions BuildOptions()
        {
            var options = new SttSessionOptions
            {
                Provider = Provider,
                Credential = _credential,
                SampleRate = SampleRate,
                Encoding = Encoding.EndsWith("mulaw", StringComparison.OrdinalIgnoreCase) ? OutputEncoding.PcmMulaw : OutputEncoding.PcmS16le,
                ChunkMilliseconds = ChunkMilliseconds,
                PaceRealTime = !NoPacing.IsPresent,
                StopTimeout = StopTimeout,
                MaxReconnectAttempts = MaxReconnectAttempts,
            };
            if (IsBound(nameof(Duration))) options.MaxAudioDuration = Duration;
            // An AssemblyAI temporary token opens one session: a reconnect could only fail on authentication.
            if (!IsBound(nameof(MaxReconnectAttempts)) && Provider == SttProvider.AssemblyAI && _credential is { IsTemporaryToken: true })
            {
                options.MaxReconnectAttempts = 0;
            }

            switch (Provider)
            {
                case SttProvider.Deepgram:
                    ConfigureDeepgram(options.Deepgram);
                    break;
                case SttProvider.Speechmatics:
                    ConfigureSpeechmatics(options.Speechmatics);
                    break;
                default:
                    ConfigureAssemblyAI(options.AssemblyAI);
                    break;
            }
            return options;
        }

        private void ConfigureAssemblyAI(AssemblyAIOptions assemblyAI)
        {
            if (SpeechModel is not null) assemblyAI.SpeechModel = SpeechModel;
            assemblyAI.Region = (AssemblyAIRegion)Enum.Parse(typeof(AssemblyAIRegion), Region, ignoreCase: true);
            assemblyAI.Endpoint = Endpoint;
            if (IsBound(nameof(FormatTurns))) assemblyAI.FormatTurns = FormatTurns.IsPresent;
            if (IsBound(nameof(EndOfTurnConfidenceThreshold))) assemblyAI.EndOfTurnConfidenceThreshold = EndOfTurnConfidenceThreshold;
            if (IsBound(nameof(MinTurnSilence))) assemblyAI.MinTurnSilence = MinTurnSilence;
            if (IsBound(nameof(MaxTurnSilence))) assemblyAI.MaxTurnSilence = MaxTurnSilence;
            if (IsBound(nameof(VadThreshold))) assemblyAI.VadThreshold = VadThreshold;
            if (Keyterms is not null) assemblyAI.Keyterms = new List<string>(Keyterms);
            if (Prompt is not null) assemblyAI.Prompt = Prompt;
            if (IsBound(nameof(LanguageDetection))) assemblyAI.LanguageDetection = LanguageDetection.IsPresent;
            if (IsBound(nameof(InactivityTimeout))) assemblyAI.InactivityTimeout = InactivityTimeout;
            if (IsBound(nameof(SpeakerLabels))) assemblyAI.SpeakerLabels = SpeakerLabels.IsPresent;
            if (IsBound(nameof(MaxSpeakers))) assemblyAI.MaxSpeakers = MaxSpeakers;
        }

        private void ConfigureDeepgram(DeepgramOptions deepgram)
        {
            if (SpeechModel is not null) deepgram.Model = SpeechModel;
            deepgram.Endpoint = Endpoint;
            deepgram.Version = Version;
            deepgram.Language = Language;
            deepgram.Endpointing = Endpointing;
            if (IsBound(nameof(InterimResults))) deepgram.InterimResults = InterimResults.IsPresent;
            if (IsBound(nameof(UtteranceEndMs))) deepgram.UtteranceEndMs = UtteranceEndMs;
            if (IsBound(nameof(VadEvents))) deepgram.VadEvents = VadEvents.IsPresent;
            if (IsBound(nameof(Punctuate))) deepgram.Punctuate = Punctuate.IsPresent;
            if (IsBound(nameof(SmartFormat))) deepgram.SmartFormat = SmartFormat.IsPresent;
            if (IsBound(nameof(Numerals))) deepgram.Numerals = Numerals.IsPresent;
            if (IsBound(nameof(Dictation))) deepgram.Dictation = Dictation.IsPresent;
            if (IsBound(nameof(ProfanityFilter))) deepgram.ProfanityFilter = ProfanityFilter.IsPresent;
            if (IsBound(nameof(SpeakerLabels))) deepgram.Diarize = SpeakerLabels.IsPresent;
            if (IsBound(nameof(MipOptOut))) deepgram.MipOptOut = MipOptOut.IsPresent;
            if (Keyterms is not null) deepgram.Keyterms = new List<string>(Keyterms);
            if (Redact is not null) deepgram.Redact = new List<string>(Redact);
            if (Keywords is not null) deepgram.Keywords = new List<string>(Keywords);
            if (Search is not null) deepgram.Search = new List<string>(Search);
            if (Replace is not null) deepgram.Replace = new List<string>(Replace);
            if (Tag is not null) deepgram.Tag = new List<string>(Tag);
            if (Extra is not null) deepgram.Extra = new List<string>(Extra);
            if (ProviderOption is not null) deepgram.AddProviderOptions(ProviderOption);
        }

        private void ConfigureSpeechmatics(SpeechmaticsOptions speechmatics)
        {
            if (SpeechModel is not null) speechmatics.Model = SpeechModel;
            speechmatics.Endpoint = Endpoint;
            speechmatics.Region = string.Equals(Region, "Default", StringComparison.OrdinalIgnoreCase)
                ? SpeechmaticsRegion.EU
                : (SpeechmaticsRegion)Enum.Parse(typeof(SpeechmaticsRegion), Region, ignoreCase: true);
            if (Language is not null) speechmatics.Language = Language;
            speechmatics.Domain = Domain;
            speechmatics.OutputLocale = OutputLocale;
            speechmatics.MaxDelayMode = MaxDelayMode;
            speechmatics.Diarization = Diarization ?? (SpeakerLabels.IsPresent ? "speaker" : null);
            if (IsBound(nameof(InterimResults))) speechmatics.EnablePartials = InterimResults.IsPresent;
            if (IsBound(nameof(MaxDelay))) speechmatics.MaxDelay = MaxDelay;
            if (IsBound(nameof(MaxSpeakers))) speechmatics.MaxSpeakers = MaxSpeakers;
            if (IsBound(nameof(SpeakerSensitivity))) speechmatics.SpeakerSensitivity = SpeakerSensitivity;
            if (IsBound(nameof(PreferCurrentSpeaker))) speechmatics.PreferCurrentSpeaker = PreferCurrentSpeaker.IsPresent;
            if (IsBound(nameof(PunctuationSensitivity))) speechmatics.PunctuationSensitivity = PunctuationSensitivity;
            if (IsBound(nameof(EndOfUtteranceSilence))) speechmatics.EndOfUtteranceSilenceTrigger = EndOfUtteranceSilence;
            if (IsBound(nameof(EnableEntities))) speechmatics.EnableEntities = EnableEntities.IsPresent;
            if (IsBound(nameof(VolumeThreshold))) speechmatics.VolumeThreshold = VolumeThreshold;
            if (IsBound(nameof(RemoveDisfluencies))) speechmatics.RemoveDisfluencies = RemoveDisfluencies.IsPresent;
            if (PunctuationPermittedMarks is not null) speechmatics.PunctuationPermittedMarks = new List<string>(PunctuationPermittedMarks);
            // Key terms carry over as plain vocabulary, so a script can switch provider unchanged.
            if (Keyterms is not null)
            {
                foreach (string term in Keyterms) speechmatics.AdditionalVocab.Add(new SpeechmaticsVocabularyEntry(term));
            }
            if (AdditionalVocab is not null)
            {
                foreach (object item in AdditionalVocab)
                {
                    speechmatics.AdditionalVocab.Add(SpeechmaticsVocabularyEntry.From(item is PSObject wrapped ? wrapped.BaseObject : item));
                }
            }
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
