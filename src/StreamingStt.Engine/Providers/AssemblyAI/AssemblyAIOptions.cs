// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>Which AssemblyAI streaming host to use.</summary>
    public enum AssemblyAIRegion
    {
        /// <summary>streaming.assemblyai.com (edge-routed).</summary>
        Default,
        /// <summary>streaming.us.assemblyai.com (US data residency).</summary>
        US,
        /// <summary>streaming.eu.assemblyai.com (EU data residency).</summary>
        EU,
    }

    /// <summary>
    /// Every documented Universal-Streaming v3 connection parameter. Null means "not sent":
    /// the service's own default applies. Names follow the query parameters they map to.
    /// </summary>
    public sealed class AssemblyAIOptions
    {
        public const string DefaultSpeechModel = "u3-rt-pro";
        public const int MaxKeyterms = 100;
        public const int MaxKeytermLength = 50;

        /// <summary>speech_model; required by the service. u3-rt-pro, universal-streaming-english, universal-streaming-multilingual, whisper-rt, …</summary>
        public string SpeechModel { get; set; } = DefaultSpeechModel;

        /// <summary>format_turns (universal-streaming models): an extra formatted end-of-turn message per turn.</summary>
        public bool? FormatTurns { get; set; }

        /// <summary>end_of_turn_confidence_threshold, 0–1 (universal-streaming models).</summary>
        public double? EndOfTurnConfidenceThreshold { get; set; }

        /// <summary>min_turn_silence in milliseconds.</summary>
        public int? MinTurnSilence { get; set; }

        /// <summary>max_turn_silence in milliseconds.</summary>
        public int? MaxTurnSilence { get; set; }

        /// <summary>vad_threshold, 0–1.</summary>
        public double? VadThreshold { get; set; }

        /// <summary>keyterms_prompt: at most 100 terms of at most 50 characters.</summary>
        public IList<string> Keyterms { get; set; } = new List<string>();

        /// <summary>prompt (u3-rt-pro only).</summary>
        public string? Prompt { get; set; }

        /// <summary>language_detection.</summary>
        public bool? LanguageDetection { get; set; }

        /// <summary>inactivity_timeout in seconds, 5–3600.</summary>
        public int? InactivityTimeout { get; set; }

        /// <summary>speaker_labels (streaming diarization).</summary>
        public bool? SpeakerLabels { get; set; }

        /// <summary>max_speakers, 1–10; needs speaker_labels.</summary>
        public int? MaxSpeakers { get; set; }

        public AssemblyAIRegion Region { get; set; } = AssemblyAIRegion.Default;

        /// <summary>
        /// Full WebSocket endpoint override, e.g. wss://proxy.example/v3/ws or ws://127.0.0.1:5000/v3/ws.
        /// When set, Region is ignored.
        /// </summary>
        public Uri? Endpoint { get; set; }
    }
}
