// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers
{
    /// <summary>What New-SttToken asks for.</summary>
    public sealed class TemporaryTokenRequest
    {
        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;
        /// <summary>The long-lived key that mints the token; when null the provider's environment variable is used.</summary>
        public SttCredential? Credential { get; set; }
        /// <summary>How long the token may be used to open a session (AssemblyAI: 1–600 s).</summary>
        public int ExpiresInSeconds { get; set; } = 60;
        /// <summary>Cap on the session the token opens (AssemblyAI: 60–10800 s).</summary>
        public int? MaxSessionDurationSeconds { get; set; }
        /// <summary>Region of the token endpoint.</summary>
        public AssemblyAIRegion Region { get; set; }
        /// <summary>Base URL override (https://host[:port]); the token path is appended.</summary>
        public Uri? Endpoint { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>Mints temporary streaming tokens over HTTPS.</summary>
    public static class TemporaryTokenClient
    {
        public static readonly Uri AssemblyAIDefaultBase = new Uri("https://streaming.assemblyai.com");
        public static readonly Uri AssemblyAIUsBase = new Uri("https://streaming.us.assemblyai.com");
        public static readonly Uri AssemblyAIEuBase = new Uri("https://streaming.eu.assemblyai.com");

        // One client for the process: sockets are reused and not exhausted by scripts that loop.
        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(() =>
            new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

        public static Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            switch (request.Provider)
            {
                case SttProvider.AssemblyAI:
                    return RequestAssemblyAIAsync(request, cancellationToken);
                default:
                    throw new SttException(SttErrorKind.OptionInvalid,
                        $"Temporary tokens for '{request.Provider}' are not available in this version of StreamingStt.", "Provider");
            }
        }

        /// <summary>The GET /v3/token address for a request (no secrets in it).</summary>
        public static Uri AssemblyAITokenUri(TemporaryTokenRequest request)
        {
            Uri baseUri = request.Endpoint
                ?? (request.Region == AssemblyAIRegion.US ? AssemblyAIUsBase : request.Region == AssemblyAIRegion.EU ? AssemblyAIEuBase : AssemblyAIDefaultBase);
            string query = "expires_in_seconds=" + request.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture);
            if (request.MaxSessionDurationSeconds.HasValue)
            {
                query += "&max_session_duration_seconds=" + request.MaxSessionDurationSeconds.Value.ToString(CultureInfo.InvariantCulture);
            }
            var builder = new UriBuilder(baseUri) { Path = baseUri.AbsolutePath.TrimEnd('/') + "/v3/token", Query = query };
            return builder.Uri;
        }

        private static async Task<SttToken> RequestAssemblyAIAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            if (request.ExpiresInSeconds < 1 || request.ExpiresInSeconds > 600)
            {
                throw new SttException(SttErrorKind.OptionInvalid, $"ExpiresInSeconds must be 1–600 for AssemblyAI; got {request.ExpiresInSeconds}.", "ExpiresInSeconds");
            }
            if (request.MaxSessionDurationSeconds.HasValue && (request.MaxSessionDurationSeconds < 60 || request.MaxSessionDurationSeconds > 10800))
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"MaxSessionDurationSeconds must be 60–10800 for AssemblyAI; got {request.MaxSessionDurationSeconds}.", "MaxSessionDurationSeconds");
            }
            SttCredential credential = request.Credential ?? SttCredential.FromEnvironment(SttProvider.AssemblyAI)
                ?? throw new SttException(SttErrorKind.ApiKeyMissing,
                    "No AssemblyAI API key to mint a token with: pass -ApiKey or set ASSEMBLYAI_API_KEY.", "ASSEMBLYAI_API_KEY")
                { RecommendedAction = "Set $env:ASSEMBLYAI_API_KEY or pass -ApiKey." };
            if (credential.IsTemporaryToken)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "A temporary token cannot mint another token; use an API key.", "ApiKey");
            }

            Uri uri = AssemblyAITokenUri(request);
            WebSocketTransport.RequireSecureOrLoopback(uri);
            string endpoint = EndpointRedactor.WithoutQuery(uri);

            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            message.Headers.TryAddWithoutValidation("Authorization", credential.Secret);
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent.Value);

            using var timeout = new CancellationTokenSource(request.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            HttpResponseMessage response;
            string body;
            try
            {
                response = await SharedClient.Value.SendAsync(message, linked.Token).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SttException(SttErrorKind.ProviderTimeout, $"'{endpoint}' did not answer the token request within {request.Timeout.TotalSeconds:0.#} s.", endpoint);
            }
            catch (HttpRequestException ex)
            {
                throw new SttException(SttErrorKind.TokenRequestFailed, $"Could not reach '{endpoint}' for a temporary token: {ex.GetBaseException().Message}", endpoint, ex);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw DescribeTokenFailure(response.StatusCode, ReadError(body), endpoint);
                }
                try
                {
                    using JsonDocument document = JsonDocument.Parse(body);
                    JsonElement root = document.RootElement;
                    string? token = root.TryGetProperty("token", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    if (string.IsNullOrEmpty(token)) throw new JsonException("no token in the response");
                    int expires = root.TryGetProperty("expires_in_seconds", out JsonElement e) && e.ValueKind == JsonValueKind.Number
                        ? e.GetInt32() : request.ExpiresInSeconds;
                    return new SttToken(SttProvider.AssemblyAI, token!, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(expires),
                        request.MaxSessionDurationSeconds.HasValue ? TimeSpan.FromSeconds(request.MaxSessionDurationSeconds.Value) : (TimeSpan?)null);
                }
                catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException)
                {
                    throw new SttException(SttErrorKind.TokenRequestFailed, $"'{endpoint}' answered the token request with something that is not a token ({ex.Message}).", endpoint, ex);
                }
            }
        }

        private static string ReadError(string body)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString() ?? string.Empty;
                }
            }
            catch (JsonException)
            {
            }
            return body.Length > 200 ? body.Substring(0, 200) + "…" : body;
        }

        private static SttException DescribeTokenFailure(HttpStatusCode status, string error, string endpoint)
        {
            int code = (int)status;
            string detail = string.IsNullOrWhiteSpace(error) ? string.Empty : ": " + error;
            SttErrorKind kind;
            string? action = null;
            switch (code)
            {
                case 401:
                case 403:
                    kind = SttErrorKind.ProviderAuthenticationFailed;
                    action = "Check -ApiKey or $env:ASSEMBLYAI_API_KEY.";
                    break;
                case 400:
                case 422:
                    kind = SttErrorKind.ProviderRejectedRequest;
                    break;
                case 402:
                    kind = SttErrorKind.ProviderQuotaExceeded;
                    break;
                case 429:
                    kind = SttErrorKind.ProviderConcurrencyLimitExceeded;
                    action = "Wait and retry.";
                    break;
                default:
                    kind = SttErrorKind.TokenRequestFailed;
                    break;
            }
            return new SttException(kind, $"The token request to '{endpoint}' failed with HTTP {code}{detail}", endpoint)
            {
                ProviderCode = code,
                ProviderReason = string.IsNullOrWhiteSpace(error) ? null : error,
                RecommendedAction = action,
            };
        }
    }
}
