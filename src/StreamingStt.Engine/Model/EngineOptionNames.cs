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

        public const string AssemblyAISpeakerLabels = "AssemblyAIOptions.SpeakerLabels";

        public const string DeepgramProviderOptions = "DeepgramOptions.ProviderOptions";

        public const string DeepgramInterimResults = "DeepgramOptions.InterimResults";

        public const string DeepgramKeyterms = "DeepgramOptions.Keyterms";

        public const string SpeechmaticsAdditionalVocab = "SpeechmaticsOptions.AdditionalVocab";

        public const string SpeechmaticsDiarization = "SpeechmaticsOptions.Diarization";
    }
}
