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
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Session;

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

        /// <summary>The speech-to-text service. Only AssemblyAI is available in this version.</summary>
        [Parameter]
        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;

        /// <summary>The provider API key. When neither -ApiKey nor -Token is given, $env:ASSEMBLYAI_API_KEY is used.</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>A temporary token from New-SttToken (the SttToken object or its Token string). Cannot be combined with -ApiKey.</summary>
        [Parameter]
        [SttTokenTransformation]
        [ValidateNotNullOrEmpty]
        public string? Token { get; set; }

        /// <summary>AssemblyAI speech model (speech_model), e.g. u3-rt-pro or universal-streaming-english.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SpeechModelCompleter))]
        public string SpeechModel { get; set; } = AssemblyAIOptions.DefaultSpeechModel;

        /// <summary>The sample rate sent to the service; audio is resampled to it.</summary>
        [Parameter]
        [ValidateRange(8000, 48000)]
        public int SampleRate { get; set; } = SttSessionOptions.DefaultSampleRate;

        /// <summary>The wire encoding: pcm_s16le (default) or pcm_mulaw.</summary>
        [Parameter]
        [ValidateSet("pcm_s16le", "pcm_mulaw")]
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

        /// <summary>Words and phrases to boost (keyterms_prompt): at most 100, each at most 50 characters.</summary>
        [Parameter]
        [Alias("KeytermsPrompt")]
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

        /// <summary>Label speakers (speaker_labels).</summary>
        [Parameter]
        public SwitchParameter SpeakerLabels { get; set; }

        /// <summary>Most speakers to tell apart, 1–10 (max_speakers; with -SpeakerLabels).</summary>
        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxSpeakers { get; set; }

        /// <summary>The AssemblyAI region: Default (edge-routed), US or EU.</summary>
        [Parameter]
        [ValidateSet("Default", "US", "EU")]
        public string Region { get; set; } = "Default";

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
                _credential = CredentialFactory.Create(ApiKey, Token, Provider);
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
            }

            _pump = new PipelineEventPump(this, ProgressActivityId, reportProgress: !AsJob);
        }

        protected override void ProcessRecord()
        {
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
            if (_sawInput || MyInvocation.ExpectingInput) return;
            ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.AudioDeviceUnavailable,
                "No audio input: microphone capture comes in a later version of StreamingStt. Pass audio files with -Path or -LiteralPath.",
                "Microphone",
                "Pass -Path with one or more WAV files, or pipe files from Get-ChildItem."));
        }

        protected override void StopProcessing()
        {
            // Signal only; the pipeline thread notices and returns, Dispose releases.
            _stop.Signal();
            SttSession? session = Volatile.Read(ref _current);
            session?.Cancel();
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
                    else if (resolved.Count == 0) WriteFileNotFound(input);
                    else files.AddRange(resolved);
                }
            }
            catch (SessionStateException)
            {
                // ItemNotFound, DriveNotFound, ProviderNotFound: one bad input, the batch goes on.
                WriteFileNotFound(input);
            }
            return files;
        }

        private static bool IsFileSystem(ProviderInfo? provider) =>
            provider is not null && string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private void WriteFileNotFound(string input) =>
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "Cannot find the audio file '{0}'.", input), input));

        private void WriteNotOnFileSystem(string input) =>
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "'{0}' is not a file system path; audio files must be on the FileSystem provider.", input), input));

        /// <summary>Opens the file and creates its session; reports and returns null when that fails.</summary>
        private SttSession? CreateSession(string file)
        {
            IAudioSource? source;
            try
            {
                source = WaveFileAudioSource.Open(file);
            }
            catch (SttException ex)
            {
                // Whatever is wrong with this file, the next one may be fine.
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

        private void StreamFile(string file)
        {
            SttSession? session = CreateSession(file);
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
                if (!ended) session.Cancel();
                session.Dispose();
            }
        }

        private void StartJob(string file)
        {
            SttSession? session = CreateSession(file);
            if (session is null) return;

            var job = new SttJob(session, Name, "Start-SttSession -LiteralPath '" + file.Replace("'", "''") + "'",
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
                Encoding = string.Equals(Encoding, "pcm_mulaw", StringComparison.OrdinalIgnoreCase) ? OutputEncoding.PcmMulaw : OutputEncoding.PcmS16le,
                ChunkMilliseconds = ChunkMilliseconds,
                PaceRealTime = !NoPacing.IsPresent,
                StopTimeout = StopTimeout,
            };
            if (IsBound(nameof(Duration))) options.MaxAudioDuration = Duration;

            AssemblyAIOptions assemblyAI = options.AssemblyAI;
            assemblyAI.SpeechModel = SpeechModel;
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
            return options;
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
