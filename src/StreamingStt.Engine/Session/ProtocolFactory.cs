// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// Picks the protocol class for a session's provider and hands it that provider's own options; the only
    /// switch over providers in the engine. It lives in Session so the providers never see session options.
    /// </summary>
    internal static class ProtocolFactory
    {
        public static ISttProtocol Create(SttSessionOptions options)
        {
            switch (options.Provider)
            {
                case SttProvider.AssemblyAI:
                    return new AssemblyAIProtocol(options.AssemblyAI, options.SampleRate, options.Encoding);
                case SttProvider.Deepgram:
                    return new DeepgramProtocol(options.Deepgram, options.SampleRate, options.Encoding);
                case SttProvider.Speechmatics:
                    return new SpeechmaticsProtocol(options.Speechmatics, options.SampleRate, options.Encoding);
                default:
                    throw new SttException(SttErrorKind.OptionInvalid,
                        $"The provider '{options.Provider}' is not available in this version of StreamingStt; use AssemblyAI.",
                        "Provider");
            }
        }
    }
}
