// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>AssemblyAI's close codes, error messages and refused upgrades in SttErrorKind terms.</summary>
    internal static class AssemblyAIErrors
    {
        /// <summary>Every documented close / error code and what it means for the user.</summary>
        public static SttException? FromCode(int? code, string? reason)
        {
            string text = string.IsNullOrWhiteSpace(reason) ? string.Empty : reason!.Trim();
            string Message(string what) => text.Length == 0 ? $"AssemblyAI: {what} (code {code})." : $"AssemblyAI: {what} (code {code}): {text}";
            SttException Make(SttErrorKind kind, string what, string? action = null) =>
                new SttException(kind, Message(what), "AssemblyAI") { ProviderCode = code, ProviderReason = text.Length == 0 ? null : text, RecommendedAction = action };

            switch (code)
            {
                case 1008:
                    return text.IndexOf("concurrent", StringComparison.OrdinalIgnoreCase) >= 0
                        ? Make(SttErrorKind.ProviderConcurrencyLimitExceeded, "too many concurrent sessions", "Wait and retry, or raise the account's session limit.")
                        : Make(SttErrorKind.ProviderAuthenticationFailed, "the API key or token was refused",
                            "Check " + EngineOptionNames.SessionCredential + " or $env:ASSEMBLYAI_API_KEY; a temporary token works for one session only.");
                case 1011:
                case 3005:
                    return Make(SttErrorKind.ProviderServerError, "the session was cancelled by a server error", "Retry the session.");
                case 3006:
                    return Make(SttErrorKind.ProviderInvalidMessage, "the service refused a client message");
                case 3007:
                    return text.IndexOf("rate", StringComparison.OrdinalIgnoreCase) >= 0
                        ? Make(SttErrorKind.ProviderAudioRateExceeded, "audio was sent faster than real time", "Do not set " + EngineOptionNames.SessionPacingOff + " against the real service.")
                        : Make(SttErrorKind.ProviderAudioDurationInvalid, "an audio frame was shorter than 50 ms or longer than 1000 ms", "Use " + EngineOptionNames.SessionChunkMilliseconds + " between 50 and 1000.");
                case 3008:
                    return Make(SttErrorKind.ProviderSessionExpired, "the session reached its maximum duration", "Split long audio into several sessions, or mint a token with a longer " + EngineOptionNames.TokenRequestMaxSessionDuration + ".");
                case 3009:
                    return Make(SttErrorKind.ProviderConcurrencyLimitExceeded, "too many concurrent sessions", "Wait and retry, or raise the account's session limit.");
                case 4000:
                case 4101:
                    return Make(SttErrorKind.ProviderRejectedRequest, "the service refused the session parameters");
                case 4001:
                    return Make(SttErrorKind.ProviderAuthenticationFailed, "not authorized", "Check " + EngineOptionNames.SessionCredential + " or $env:ASSEMBLYAI_API_KEY.");
                case 4002:
                    return Make(SttErrorKind.ProviderQuotaExceeded, "insufficient account balance");
                case 4003:
                    return Make(SttErrorKind.ProviderQuotaExceeded, "this feature needs a paid plan");
                case 4008:
                    return Make(SttErrorKind.ProviderSessionExpired, "the session expired");
                case 4029:
                    return Make(SttErrorKind.ProviderAudioRateExceeded, "audio was sent too fast");
                case 4031:
                    return Make(SttErrorKind.ProviderTimeout, "the session was idle too long", "Send audio continuously or raise " + EngineOptionNames.AssemblyAIInactivityTimeout + ".");
                case 4032:
                case 4033:
                    return Make(SttErrorKind.ProviderAudioDurationInvalid, "an audio frame had the wrong duration", "Use " + EngineOptionNames.SessionChunkMilliseconds + " between 50 and 1000.");
                case 4100:
                    return Make(SttErrorKind.ProviderInvalidMessage, "the service could not parse a client message");
                case 4102:
                    return Make(SttErrorKind.ProviderConcurrencyLimitExceeded, "too many streams");
                case 1013:
                    return Make(SttErrorKind.ProviderServerError, "the service is temporarily unavailable", "Retry in a moment.");
                default:
                    return null;
            }
        }

        /// <summary>A refused upgrade (HTTP status in ProviderCode) in AssemblyAI's terms.</summary>
        public static SttException FromConnectFailure(SttException failure)
        {
            if (failure is null) throw new ArgumentNullException(nameof(failure));
            int? status = failure.ProviderCode;
            switch (ProviderHttpStatus.ClassifyAssemblyAIUpgrade(status))
            {
                case SttErrorKind.ProviderAuthenticationFailed:
                    return new SttException(SttErrorKind.ProviderAuthenticationFailed,
                        $"AssemblyAI refused the API key or token (HTTP {status}).", failure.Target, failure)
                    { ProviderCode = status, RecommendedAction = "Check " + EngineOptionNames.SessionCredential + " or $env:ASSEMBLYAI_API_KEY." };
                case SttErrorKind.ProviderQuotaExceeded:
                    return new SttException(SttErrorKind.ProviderQuotaExceeded, $"AssemblyAI refused the session: insufficient balance (HTTP {status}).", failure.Target, failure) { ProviderCode = status };
                case SttErrorKind.ProviderConcurrencyLimitExceeded:
                    return new SttException(SttErrorKind.ProviderConcurrencyLimitExceeded, $"AssemblyAI refused the session: too many sessions (HTTP {status}).", failure.Target, failure)
                    { ProviderCode = status, RecommendedAction = "Wait and retry." };
                case SttErrorKind.ProviderRejectedRequest:
                    return new SttException(SttErrorKind.ProviderRejectedRequest, $"AssemblyAI refused the session parameters (HTTP {status}).", failure.Target, failure) { ProviderCode = status };
                default:
                    return failure;
            }
        }
    }
}
