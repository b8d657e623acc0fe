// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Providers
{
    /// <summary>
    /// Which provider-specific Start-SttSession parameters apply to which provider. A parameter a
    /// provider does not have is an error rather than silently ignored, so a script moved from one
    /// provider to another says what no longer applies. Parameters not listed apply to all.
    /// </summary>
    internal static class ProviderParameters
    {
        private static readonly SttProvider[] AssemblyAIOnly = { SttProvider.AssemblyAI };
        private static readonly SttProvider[] DeepgramOnly = { SttProvider.Deepgram };
        private static readonly SttProvider[] SpeechmaticsOnly = { SttProvider.Speechmatics };

        private static readonly Dictionary<string, SttProvider[]> Applicability = new Dictionary<string, SttProvider[]>(StringComparer.OrdinalIgnoreCase)
        {
            // AssemblyAI
            ["FormatTurns"] = AssemblyAIOnly,
            ["EndOfTurnConfidenceThreshold"] = AssemblyAIOnly,
            ["MinTurnSilence"] = AssemblyAIOnly,
            ["MaxTurnSilence"] = AssemblyAIOnly,
            ["VadThreshold"] = AssemblyAIOnly,
            ["Prompt"] = AssemblyAIOnly,
            ["LanguageDetection"] = AssemblyAIOnly,
            ["InactivityTimeout"] = AssemblyAIOnly,
            // AssemblyAI and Speechmatics
            ["MaxSpeakers"] = new[] { SttProvider.AssemblyAI, SttProvider.Speechmatics },
            ["Region"] = new[] { SttProvider.AssemblyAI, SttProvider.Speechmatics },
            // Deepgram and Speechmatics
            ["Language"] = new[] { SttProvider.Deepgram, SttProvider.Speechmatics },
            ["InterimResults"] = new[] { SttProvider.Deepgram, SttProvider.Speechmatics },
            // Deepgram
            ["Version"] = DeepgramOnly,
            ["Endpointing"] = DeepgramOnly,
            ["UtteranceEndMs"] = DeepgramOnly,
            ["VadEvents"] = DeepgramOnly,
            ["Punctuate"] = DeepgramOnly,
            ["SmartFormat"] = DeepgramOnly,
            ["Numerals"] = DeepgramOnly,
            ["Dictation"] = DeepgramOnly,
            ["ProfanityFilter"] = DeepgramOnly,
            ["Redact"] = DeepgramOnly,
            ["Keywords"] = DeepgramOnly,
            ["Search"] = DeepgramOnly,
            ["Replace"] = DeepgramOnly,
            ["Tag"] = DeepgramOnly,
            ["Extra"] = DeepgramOnly,
            ["MipOptOut"] = DeepgramOnly,
            ["ProviderOption"] = DeepgramOnly,
            // Speechmatics
            ["MaxDelay"] = SpeechmaticsOnly,
            ["MaxDelayMode"] = SpeechmaticsOnly,
            ["Diarization"] = SpeechmaticsOnly,
            ["SpeakerSensitivity"] = SpeechmaticsOnly,
            ["PreferCurrentSpeaker"] = SpeechmaticsOnly,
            ["AdditionalVocab"] = SpeechmaticsOnly,
            ["PunctuationPermittedMarks"] = SpeechmaticsOnly,
            ["PunctuationSensitivity"] = SpeechmaticsOnly,
            ["EndOfUtteranceSilence"] = SpeechmaticsOnly,
            ["Domain"] = SpeechmaticsOnly,
            ["OutputLocale"] = SpeechmaticsOnly,
            ["EnableEntities"] = SpeechmaticsOnly,
            ["VolumeThreshold"] = SpeechmaticsOnly,
            ["RemoveDisfluencies"] = SpeechmaticsOnly,
        };

        /// <summary>The providers a parameter applies to; every provider when it is not provider-specific.</summary>
        public static IReadOnlyList<SttProvider> ProvidersOf(string parameterName) =>
            Applicability.TryGetValue(parameterName, out SttProvider[]? providers)
                ? providers
                : (IReadOnlyList<SttProvider>)Enum.GetValues(typeof(SttProvider)).Cast<SttProvider>().ToArray();

        /// <summary>Throws SttException OptionInvalid when any of <paramref name="assemblyAIOnly"/> was given for another provider (New-SttToken).</summary>
        public static void CheckAssemblyAIOnly(SttProvider provider, IEnumerable<string> given, params string[] assemblyAIOnly)
        {
            if (provider == SttProvider.AssemblyAI) return;
            List<string> foreign = given.Where(name => assemblyAIOnly.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            if (foreign.Count == 0) return;
            throw new SttException(SttErrorKind.OptionInvalid,
                $"{string.Join(", ", foreign.Select(name => "-" + name))} apply only to AssemblyAI tokens, not {provider}.", string.Join(",", foreign));
        }

        /// <summary>Throws SttException OptionInvalid naming every given parameter that does not apply to <paramref name="provider"/>.</summary>
        public static void Check(SttProvider provider, IEnumerable<string> parameterNames)
        {
            List<string> foreign = parameterNames.Where(name => !ProvidersOf(name).Contains(provider)).ToList();
            if (foreign.Count == 0) return;
            string list = string.Join(", ", foreign.Select(name => "-" + name + " (" + string.Join("/", ProvidersOf(name)) + ")"));
            throw new SttException(SttErrorKind.OptionInvalid,
                $"{(foreign.Count == 1 ? "This parameter does" : "These parameters do")} not apply to {provider}: {list}.",
                string.Join(",", foreign))
            {
                RecommendedAction = $"Remove {(foreign.Count == 1 ? "it" : "them")}, or choose the provider {(foreign.Count == 1 ? "it belongs" : "they belong")} to with -Provider.",
            };
        }
    }
}
