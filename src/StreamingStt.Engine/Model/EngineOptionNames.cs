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
