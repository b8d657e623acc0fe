// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Providers
{
    /// <summary>Picks the protocol class for a session's provider; the only switch over providers in the engine.</summary>
    public static class ProtocolFactory
    {
        public static ISttProtocol Create(SttSessionOptions options)
        {
            switch (options.Provider)
            {
                case SttProvider.AssemblyAI:
                    return new AssemblyAIProtocol(options.AssemblyAI, options.SampleRate, options.Encoding);
                case SttProvider.Deepgram:
                    return new Deepgram.DeepgramProtocol(options.Deepgram, options.SampleRate, options.Encoding);
                case SttProvider.Speechmatics:
                    return new Speechmatics.SpeechmaticsProtocol(options.Speechmatics, options.SampleRate, options.Encoding);
                default:
                    throw new SttException(SttErrorKind.OptionInvalid,
                        $"The provider '{options.Provider}' is not available in this version of StreamingStt; use AssemblyAI.",
                        "Provider");
            }
        }
    }
}
