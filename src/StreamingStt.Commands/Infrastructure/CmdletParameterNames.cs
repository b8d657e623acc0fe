// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Engine messages name options as the engine API spells them (<see cref="EngineOptionNames"/>); a cmdlet's
    /// user sets them as parameters. This is the one place that says which parameter each engine option is,
    /// and rewrites a message in those terms.
    /// </summary>
    internal static class CmdletParameterNames
    {
        private static readonly KeyValuePair<string, string>[] ParameterOf =
        {
            new KeyValuePair<string, string>(EngineOptionNames.SessionCredential, "-ApiKey or -Token"),
            new KeyValuePair<string, string>(EngineOptionNames.TokenRequestCredential, "-ApiKey"),
            new KeyValuePair<string, string>(EngineOptionNames.SessionChunkMilliseconds, "-ChunkMilliseconds"),
            new KeyValuePair<string, string>(EngineOptionNames.SessionEncoding, "-Encoding"),
            new KeyValuePair<string, string>(EngineOptionNames.SessionSampleRate, "-SampleRate"),
            new KeyValuePair<string, string>(EngineOptionNames.SessionMaxReconnectAttempts, "-MaxReconnectAttempts"),
            new KeyValuePair<string, string>(EngineOptionNames.SessionPacingOff, "-NoPacing"),
            new KeyValuePair<string, string>(EngineOptionNames.AudioFiles, "-Path"),
            new KeyValuePair<string, string>(EngineOptionNames.RawAudioStream, "-StandardInput"),
            new KeyValuePair<string, string>(EngineOptionNames.CaptureDevice, "-Device"),
            new KeyValuePair<string, string>(EngineOptionNames.ListCaptureDevices, "Get-SttAudioDevice"),
            new KeyValuePair<string, string>(EngineOptionNames.AnyEndpoint, "-Endpoint"),
            new KeyValuePair<string, string>(EngineOptionNames.TokenRequestProvider, "-Provider"),
            new KeyValuePair<string, string>(EngineOptionNames.TokenRequestEndpoint, "-Endpoint"),
            new KeyValuePair<string, string>(EngineOptionNames.TokenRequestMaxSessionDuration, "-MaxSessionDurationSeconds"),
            new KeyValuePair<string, string>(EngineOptionNames.AssemblyAIInactivityTimeout, "-InactivityTimeout"),
            new KeyValuePair<string, string>(EngineOptionNames.AssemblyAISpeakerLabels, "-SpeakerLabels"),
            new KeyValuePair<string, string>(EngineOptionNames.DeepgramModel, "-SpeechModel"),
            new KeyValuePair<string, string>(EngineOptionNames.DeepgramLanguage, "-Language"),
            new KeyValuePair<string, string>(EngineOptionNames.SpeechmaticsLanguage, "-Language"),
            new KeyValuePair<string, string>(EngineOptionNames.DeepgramProviderOptions, "-ProviderOption"),
            new KeyValuePair<string, string>(EngineOptionNames.DeepgramInterimResults, "-InterimResults"),
            new KeyValuePair<string, string>(EngineOptionNames.DeepgramKeyterms, "-Keyterm"),
            new KeyValuePair<string, string>(EngineOptionNames.SpeechmaticsAdditionalVocab, "-AdditionalVocab"),
            new KeyValuePair<string, string>(EngineOptionNames.SpeechmaticsDiarization, "-Diarization"),
        };

        /// <summary>The text with every engine option name replaced by its cmdlet parameter.</summary>
        public static string? Translate(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            string result = text!;
            foreach (KeyValuePair<string, string> entry in ParameterOf)
            {
                if (result.IndexOf(entry.Key, StringComparison.Ordinal) >= 0) result = result.Replace(entry.Key, entry.Value);
            }
            return result;
        }

        /// <summary>The exception as a cmdlet's user should read it: the same error with parameter names in its message and hint.</summary>
        public static SttException InCmdletTerms(SttException exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            string message = Translate(exception.Message)!;
            string? action = Translate(exception.RecommendedAction);
            if (ReferenceEquals(message, exception.Message) && ReferenceEquals(action, exception.RecommendedAction)) return exception;
            return new SttException(exception.Kind, message, exception.Target, exception.InnerException)
            {
                ProviderCode = exception.ProviderCode,
                ProviderReason = exception.ProviderReason,
                ResponseHeaders = exception.ResponseHeaders,
                RecommendedAction = action,
            };
        }
    }
}
