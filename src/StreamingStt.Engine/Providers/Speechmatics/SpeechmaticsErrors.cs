// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// What Speechmatics' Error types and close codes mean for the user (protocols.md §3.5, §3.8).
    /// The close payload is the error type, so a close reason that names a type is read as that type.
    /// </summary>
    internal static class SpeechmaticsErrors
    {
        private const string Target = "Speechmatics";
        private const string CheckKey = "Check " + EngineOptionNames.SessionCredential + " or $env:SPEECHMATICS_API_KEY; a temporary key works only until its TTL ends.";
        private const string RetryLater = "Retry in 5–10 seconds.";

        /// <summary>The error for an in-band <c>{"message":"Error","type":…}</c>; unknown types are ProviderError.</summary>
        public static SttException FromErrorType(string? type, string? reason)
        {
            string text = string.IsNullOrWhiteSpace(reason) ? string.Empty : reason!.Trim();
            string name = string.IsNullOrWhiteSpace(type) ? "unknown" : type!.Trim();
            SttException Make(SttErrorKind kind, string what, string? action = null) =>
                new SttException(kind, text.Length == 0 ? $"Speechmatics: {what} ({name})." : $"Speechmatics: {what} ({name}): {text}", Target)
                {
                    ProviderReason = text.Length == 0 ? name : text,
                    RecommendedAction = action,
                };

            switch (name)
            {
                case "not_authorised":
                    return Make(SttErrorKind.ProviderAuthenticationFailed, "the API key or temporary key was refused", CheckKey);
                case "quota_exceeded":
                    return Make(SttErrorKind.ProviderConcurrencyLimitExceeded, "too many concurrent sessions", "Wait and retry, or raise the account's session limit.");
                case "timelimit_exceeded":
                    return Make(SttErrorKind.ProviderQuotaExceeded, "the account's usage quota is used up");
                case "invalid_model":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the model cannot be used for this language or account", "Check " + EngineOptionNames.SpeechmaticsLanguage + " and the model.");
                case "invalid_language":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the language is not supported", "Check " + EngineOptionNames.SpeechmaticsLanguage + ".");
                case "invalid_config":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the service refused the transcription settings");
                case "invalid_audio_type":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the service refused the audio format");
                case "invalid_output_format":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the service refused the output format");
                case "not_allowed":
                    return Make(SttErrorKind.ProviderRejectedRequest, "the account may not use this feature");
                case "invalid_message":
                    return Make(SttErrorKind.ProviderInvalidMessage, "the service could not understand a client message");
                case "protocol_error":
                    return Make(SttErrorKind.ProviderInvalidMessage, "the service refused a client message (wrong order or content)");
                case "idle_timeout":
                    return Make(SttErrorKind.ProviderTimeout, "the session was idle too long", "Send audio continuously; Speechmatics ends sessions without audio for an hour.");
                case "session_timeout":
                    return Make(SttErrorKind.ProviderSessionExpired, "the session reached its maximum duration", "Split long audio into several sessions.");
                case "job_error":
                    return Make(SttErrorKind.ProviderServerError, "the service could not process the session", RetryLater);
                case "unknown_error":
                    return Make(SttErrorKind.ProviderServerError, "the service reported an unexpected error", RetryLater);
                case "internal_error":
                    // The payload of close 1011 (protocols.md §3.8), sent as an Error type too.
                    return Make(SttErrorKind.ProviderServerError, "the service failed internally", RetryLater);
                default:
                    return Make(SttErrorKind.ProviderError, "the service reported an error");
            }
        }

        /// <summary>True for the error types the real-time API documents.</summary>
        public static bool IsKnownErrorType(string? type)
        {
            switch (type)
            {
                case "invalid_message":
                case "invalid_model":
                case "invalid_language":
                case "invalid_config":
                case "invalid_audio_type":
                case "invalid_output_format":
                case "not_authorised":
                case "not_allowed":
                case "job_error":
                case "protocol_error":
                case "quota_exceeded":
                case "timelimit_exceeded":
                case "idle_timeout":
                case "session_timeout":
                case "unknown_error":
                case "internal_error":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The error for a close frame with no Error message before it, or null when the code is not one
        /// Speechmatics documents (the caller then reports a generic ProviderError).
        /// </summary>
        public static SttException? FromCloseCode(int code, string? reason)
        {
            string text = reason?.Trim() ?? string.Empty;
            SttException? error;
            if (IsKnownErrorType(text))
            {
                error = FromErrorType(text, null);
            }
            else
            {
                switch (code)
                {
                    case 1003:
                        error = FromErrorType("protocol_error", text);
                        break;
                    case 1008:
                        // policy_violation also follows idle_timeout / session_timeout; without their Error message it is a refusal.
                        error = new SttException(SttErrorKind.ProviderRejectedRequest,
                            $"Speechmatics closed the session for a policy violation (code 1008){(text.Length == 0 ? "." : ": " + text)}", Target);
                        break;
                    case 1011:
                        error = new SttException(SttErrorKind.ProviderServerError,
                            $"Speechmatics closed the session after an internal error (code 1011){(text.Length == 0 ? "." : ": " + text)}", Target)
                        { RecommendedAction = RetryLater };
                        break;
                    case 4001:
                        error = FromErrorType("not_authorised", text);
                        break;
                    case 4003:
                        error = FromErrorType("not_allowed", text);
                        break;
                    case 4004:
                        error = FromErrorType("invalid_model", text);
                        break;
                    case 4005:
                        error = FromErrorType("quota_exceeded", text);
                        break;
                    case 4006:
                        error = FromErrorType("timelimit_exceeded", text);
                        break;
                    case 4013:
                        error = FromErrorType("job_error", text);
                        break;
                    default:
                        return null;
                }
            }
            error.ProviderCode = code;
            error.ProviderReason = text.Length == 0 ? error.ProviderReason : text;
            return error;
        }

        /// <summary>A refused upgrade (HTTP status in ProviderCode) in Speechmatics' terms (protocols.md §3.2).</summary>
        public static SttException FromConnectFailure(SttException failure)
        {
            if (failure is null) throw new ArgumentNullException(nameof(failure));
            switch (ProviderHttpStatus.ClassifySpeechmaticsUpgrade(failure.ProviderCode))
            {
                case SttErrorKind.ProviderAuthenticationFailed:
                    return new SttException(SttErrorKind.ProviderAuthenticationFailed,
                        $"Speechmatics refused the API key or temporary key (HTTP {failure.ProviderCode}).", failure.Target, failure)
                    { ProviderCode = failure.ProviderCode, RecommendedAction = CheckKey };
                case SttErrorKind.ProviderRejectedRequest:
                    return new SttException(SttErrorKind.ProviderRejectedRequest,
                        $"Speechmatics refused the connection request (HTTP {failure.ProviderCode}); check the endpoint.", failure.Target, failure)
                    { ProviderCode = failure.ProviderCode };
                case SttErrorKind.ProviderConcurrencyLimitExceeded:
                    return new SttException(SttErrorKind.ProviderConcurrencyLimitExceeded,
                        $"Speechmatics refused the session: too many sessions (HTTP {failure.ProviderCode}).", failure.Target, failure)
                    { ProviderCode = failure.ProviderCode, RecommendedAction = "Wait and retry." };
                default:
                    return failure;
            }
        }
    }
}
