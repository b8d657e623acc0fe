// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    // Option building: bound parameters become SttSessionOptions and each provider's options.
    public sealed partial class StartSttSessionCommand
    {
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
