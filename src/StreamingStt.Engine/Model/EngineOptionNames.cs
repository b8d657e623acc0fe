// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt
{
    /// <summary>
    /// The names engine messages use for the options a user sets, spelled as the engine API spells them
    /// (type.property), so a C# caller knows what to change. The engine never names a cmdlet parameter:
    /// the cmdlet layer replaces these names with its parameters (Commands' CmdletParameterNames).
    /// </summary>
    internal static class EngineOptionNames
    {
        /// <summary>The API key or temporary token of a session.</summary>
        public const string SessionCredential = "SttSessionOptions.Credential";

        /// <summary>The API key that mints a temporary token.</summary>
        public const string TokenRequestCredential = "TemporaryTokenRequest.Credential";

        public const string SessionChunkMilliseconds = "SttSessionOptions.ChunkMilliseconds";

        public const string SessionEncoding = "SttSessionOptions.Encoding";

        public const string SessionSampleRate = "SttSessionOptions.SampleRate";

        /// <summary>Real-time pacing turned off (the engine's spelling of -NoPacing).</summary>
        public const string SessionPacingOff = "SttSessionOptions.PaceRealTime = false";

        /// <summary>Audio files as the source.</summary>
        public const string AudioFiles = "AudioFileOpener.Open";

        /// <summary>Raw PCM from a stream (standard input) as the source.</summary>
        public const string RawAudioStream = "RawPcmStreamAudioSource";

        /// <summary>The capture device selector (a name with wildcards, an Id or an Index).</summary>
        public const string CaptureDevice = "AudioCapture.Open's device selector";

        /// <summary>Not an option but the call that lists capture devices (a cmdlet of its own).</summary>
        public const string ListCaptureDevices = "AudioCapture.ListDevices()";

        public const string SessionMaxReconnectAttempts = "SttSessionOptions.MaxReconnectAttempts";

        /// <summary>
        /// Any endpoint override (a provider's options' or a token request's Endpoint), for checks the transport
        /// makes without knowing whose it is.
        /// </summary>
        public const string AnyEndpoint = "the Endpoint option";

        public const string TokenRequestProvider = "TemporaryTokenRequest.Provider";

        public const string TokenRequestEndpoint = "TemporaryTokenRequest.Endpoint";

        public const string TokenRequestMaxSessionDuration = "TemporaryTokenRequest.MaxSessionDurationSeconds";

        public const string AssemblyAIInactivityTimeout = "AssemblyAIOptions.InactivityTimeout";

        public const string AssemblyAISpeakerLabels = "AssemblyAIOptions.SpeakerLabels";

        public const string DeepgramModel = "DeepgramOptions.Model";

        public const string DeepgramLanguage = "DeepgramOptions.Language";

        public const string SpeechmaticsLanguage = "SpeechmaticsOptions.Language";

        public const string DeepgramProviderOptions = "DeepgramOptions.ProviderOptions";

        public const string DeepgramInterimResults = "DeepgramOptions.InterimResults";

        public const string DeepgramKeyterms = "DeepgramOptions.Keyterms";

        public const string SpeechmaticsAdditionalVocab = "SpeechmaticsOptions.AdditionalVocab";

        public const string SpeechmaticsDiarization = "SpeechmaticsOptions.Diarization";
    }
}
