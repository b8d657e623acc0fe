// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>Which Speechmatics real-time host to use.</summary>
    public enum SpeechmaticsRegion
    {
        /// <summary>eu.rt.speechmatics.com (EU1).</summary>
        EU,
        /// <summary>us.rt.speechmatics.com (US1).</summary>
        US,
        /// <summary>global.rt.speechmatics.com (nearest region, no residency guarantee).</summary>
        Global,
    }

    /// <summary>One additional_vocab entry: a word or phrase and, optionally, how it sounds.</summary>
    public sealed class SpeechmaticsVocabularyEntry
    {
        public SpeechmaticsVocabularyEntry(string content, IList<string>? soundsLike = null)
        {
            Content = content;
            SoundsLike = soundsLike ?? new List<string>();
        }

        public string Content { get; }
        public IList<string> SoundsLike { get; }

        /// <summary>
        /// An entry from a string, or from a map with Content and optional SoundsLike (a string or
        /// a list of strings) — what PowerShell's @{ Content = 'gnocchi'; SoundsLike = 'nyohki' } gives.
        /// Throws SttException OptionInvalid otherwise.
        /// </summary>
        public static SpeechmaticsVocabularyEntry From(object? value)
        {
            if (value is string word && !string.IsNullOrWhiteSpace(word)) return new SpeechmaticsVocabularyEntry(word.Trim());
            if (value is System.Collections.IDictionary map)
            {
                string? content = null;
                var soundsLike = new List<string>();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    string key = entry.Key?.ToString() ?? string.Empty;
                    if (string.Equals(key, "Content", StringComparison.OrdinalIgnoreCase))
                    {
                        content = entry.Value?.ToString();
                    }
                    else if (string.Equals(key, "SoundsLike", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "sounds_like", StringComparison.OrdinalIgnoreCase))
                    {
                        if (entry.Value is System.Collections.IEnumerable many && entry.Value is not string)
                        {
                            foreach (object? item in many) if (item is not null) soundsLike.Add(item.ToString()!);
                        }
                        else if (entry.Value is not null)
                        {
                            soundsLike.Add(entry.Value.ToString()!);
                        }
                    }
                    else
                    {
                        throw Invalid($"an additional vocabulary entry has an unknown key '{key}' (use Content and SoundsLike)");
                    }
                }
                if (!string.IsNullOrWhiteSpace(content)) return new SpeechmaticsVocabularyEntry(content!.Trim(), soundsLike);
                throw Invalid("an additional vocabulary entry has no Content");
            }
            throw Invalid("additional vocabulary entries must be words or @{ Content = ...; SoundsLike = ... }");
        }

        private static SttException Invalid(string what) =>
            new SttException(SttErrorKind.OptionInvalid, EngineOptionNames.SpeechmaticsAdditionalVocab + ": " + what + ".", "AdditionalVocab");
    }

    /// <summary>
    /// Speechmatics real-time v2 StartRecognition settings (protocols.md §3.3). Null or empty means
    /// "not sent": Speechmatics' own default applies. Names follow transcription_config.
    /// </summary>
    public sealed class SpeechmaticsOptions
    {
        public const string DefaultLanguage = "en";

        /// <summary>transcription_config.language (required by the service).</summary>
        public string Language { get; set; } = DefaultLanguage;

        /// <summary>transcription_config.model (standard, enhanced, …; operating_point is its deprecated name).</summary>
        public string? Model { get; set; }

        /// <summary>transcription_config.domain, e.g. finance, medical.</summary>
        public string? Domain { get; set; }

        /// <summary>transcription_config.output_locale, e.g. en-GB.</summary>
        public string? OutputLocale { get; set; }

        /// <summary>transcription_config.enable_partials: AddPartialTranscript messages (partial turns).</summary>
        public bool? EnablePartials { get; set; }

        /// <summary>transcription_config.max_delay in seconds, 0.7–4.</summary>
        public double? MaxDelay { get; set; }

        /// <summary>transcription_config.max_delay_mode: flexible or fixed.</summary>
        public string? MaxDelayMode { get; set; }

        /// <summary>transcription_config.diarization: none, speaker, channel, channel_and_speaker.</summary>
        public string? Diarization { get; set; }

        /// <summary>transcription_config.speaker_diarization_config.max_speakers (2 or more).</summary>
        public int? MaxSpeakers { get; set; }

        /// <summary>transcription_config.speaker_diarization_config.speaker_sensitivity, 0–1.</summary>
        public double? SpeakerSensitivity { get; set; }

        /// <summary>transcription_config.speaker_diarization_config.prefer_current_speaker.</summary>
        public bool? PreferCurrentSpeaker { get; set; }

        /// <summary>transcription_config.additional_vocab.</summary>
        public IList<SpeechmaticsVocabularyEntry> AdditionalVocab { get; set; } = new List<SpeechmaticsVocabularyEntry>();

        /// <summary>transcription_config.punctuation_overrides.permitted_marks (single characters, or "all").</summary>
        public IList<string> PunctuationPermittedMarks { get; set; } = new List<string>();

        /// <summary>transcription_config.punctuation_overrides.sensitivity, 0–1.</summary>
        public double? PunctuationSensitivity { get; set; }

        /// <summary>transcription_config.conversation_config.end_of_utterance_silence_trigger in seconds, 0–2 (0 = off).</summary>
        public double? EndOfUtteranceSilenceTrigger { get; set; }

        /// <summary>transcription_config.enable_entities.</summary>
        public bool? EnableEntities { get; set; }

        /// <summary>transcription_config.audio_filtering_config.volume_threshold, 0–100.</summary>
        public double? VolumeThreshold { get; set; }

        /// <summary>transcription_config.transcript_filtering_config.remove_disfluencies.</summary>
        public bool? RemoveDisfluencies { get; set; }

        public SpeechmaticsRegion Region { get; set; } = SpeechmaticsRegion.EU;

        /// <summary>Full WebSocket endpoint override, e.g. wss://eu2.rt.speechmatics.com/v2 or ws://127.0.0.1:9000/v2.</summary>
        public Uri? Endpoint { get; set; }
    }
}
