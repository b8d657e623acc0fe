// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Providers
{
    /// <summary>
    /// What an HTTP status from a provider means, in one place: the common meaning, and beside it each
    /// place's documented differences (protocols.md §1–§3). A refused WebSocket upgrade and a failed token
    /// request read their status here; the provider's own classes only word the message.
    /// </summary>
    internal static class ProviderHttpStatus
    {
        /// <summary>The meaning every provider gives the status; null when there is no common one.</summary>
        public static SttErrorKind? Classify(int? status)
        {
            switch (status)
            {
                case 400:
                    return SttErrorKind.ProviderRejectedRequest;
                case 401:
                case 403:
                    return SttErrorKind.ProviderAuthenticationFailed;
                case 402:
                    return SttErrorKind.ProviderQuotaExceeded;
                case 429:
                    return SttErrorKind.ProviderConcurrencyLimitExceeded;
                default:
                    return null;
            }
        }

        /// <summary>AssemblyAI's refused upgrade: the common meanings only.</summary>
        public static SttErrorKind? ClassifyAssemblyAIUpgrade(int? status) => Classify(status);

        /// <summary>Deepgram's refused upgrade: the common meanings, and any 5xx is the service being unavailable.</summary>
        public static SttErrorKind? ClassifyDeepgramUpgrade(int? status) =>
            status >= 500 && status <= 599 ? SttErrorKind.ProviderServerError : Classify(status);

        /// <summary>
        /// Speechmatics' refused upgrade: 404 and 405 are a wrong endpoint (a refused request); 402 is not
        /// documented there, so it keeps the transport's meaning.
        /// </summary>
        public static SttErrorKind? ClassifySpeechmaticsUpgrade(int? status)
        {
            switch (status)
            {
                case 404:
                case 405:
                    return SttErrorKind.ProviderRejectedRequest;
                case 402:
                    return null;
                default:
                    return Classify(status);
            }
        }

        /// <summary>A failed token request (every provider): 422 is a refused request body; any other unknown status a failed request.</summary>
        public static SttErrorKind ClassifyTokenRequest(int status) =>
            status == 422 ? SttErrorKind.ProviderRejectedRequest : Classify(status) ?? SttErrorKind.TokenRequestFailed;
    }
}
