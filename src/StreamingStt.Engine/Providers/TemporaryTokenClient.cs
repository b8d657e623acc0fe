// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers.AssemblyAI;
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
        /// <summary>
        /// Token service override: a base URL (https://host[:port][/prefix]), to which the provider's token path
        /// is appended, or the full token URL (…/v3/token, …/v1/auth/grant, …/v1/api_keys), used as it is.
        /// </summary>
        public Uri? Endpoint { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>
    /// Mints temporary streaming tokens over HTTPS: one small class per provider builds the request
    /// and reads the answer (e.g. <see cref="AssemblyAITokenClient"/>); this class sends it and
    /// turns transport failures and HTTP statuses into typed errors.
    /// </summary>
    public static class TemporaryTokenClient
    {
        // One client for the process: sockets are reused and not exhausted by scripts that loop. Redirects are
        // never followed (the key would go with a 307's repeated request on some runtimes, the body on all):
        // SendAsync reports them instead.
        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(() =>
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

        public static Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            switch (request.Provider)
            {
                case SttProvider.AssemblyAI:
                    return AssemblyAITokenClient.RequestAsync(request, cancellationToken);
                case SttProvider.Deepgram:
                    return Deepgram.DeepgramTokenClient.RequestAsync(request, cancellationToken);
                case SttProvider.Speechmatics:
                    return Speechmatics.SpeechmaticsTokenClient.RequestAsync(request, cancellationToken);
                default:
                    throw new SttException(SttErrorKind.OptionInvalid,
                        $"Temporary tokens for '{request.Provider}' are not available in this version of StreamingStt.", "Provider");
            }
        }

        private static readonly Uri ExampleEndpoint = new Uri("https://stt-proxy.example.com");

        /// <summary>Each provider's token path, and the query its token request always has (Speechmatics: type=rt).</summary>
        private static readonly (SttProvider Provider, string Path, string FixedQuery)[] TokenPaths =
        {
            (SttProvider.AssemblyAI, "/v3/token", string.Empty),
            (SttProvider.Deepgram, "/v1/auth/grant", string.Empty),
            (SttProvider.Speechmatics, "/v1/api_keys", "type=rt"),
        };

        /// <summary>
        /// The address a token request goes to, with <paramref name="query"/>: the provider's token path on
        /// <paramref name="defaultBase"/>, or on <paramref name="endpoint"/> (-Endpoint), which may be a base URL
        /// (https://host[:port][/prefix]: the token path is appended) or the full token URL, which a user copies
        /// from the provider's documentation (used as it is, never doubled into /v3/token/v3/token). Throws
        /// SttException OptionInvalid, before anything is sent, for an endpoint with a query or fragment (the
        /// request's own parameters go there) or with another provider's token path.
        /// </summary>
        internal static Uri TokenAddress(SttProvider provider, Uri? endpoint, Uri defaultBase, string query)
        {
            if (defaultBase is null) throw new ArgumentNullException(nameof(defaultBase));
            string path = endpoint is null ? TokenPathOf(provider).Path : EndpointTokenPath(endpoint, provider);
            return new UriBuilder(endpoint ?? defaultBase) { Path = path, Query = query, Fragment = string.Empty }.Uri;
        }

        /// <summary>The path a token request to <paramref name="endpoint"/> uses; see <see cref="TokenAddress"/>.</summary>
        internal static string EndpointTokenPath(Uri endpoint, SttProvider provider)
        {
            var (_, tokenPath, fixedQuery) = TokenPathOf(provider);
            string shown = EndpointRedactor.WithoutQuery(endpoint);
            // scheme://host[:port] without any user information, for the addresses the messages suggest.
            string origin = new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri.GetLeftPart(UriPartial.Authority);
            string path = endpoint.AbsolutePath.TrimEnd('/');
            bool isTokenUrl = path.EndsWith(tokenPath, StringComparison.OrdinalIgnoreCase);
            string basePath = isTokenUrl ? path.Substring(0, path.Length - tokenPath.Length) : path;
            string fullExample = origin + basePath + tokenPath;
            string whatToPass = $"pass the base URL '{origin + basePath}' or the token URL '{fullExample}' without one";

            // The query is where the request's own parameters go; the endpoint's is never shown (it may hold a secret).
            string query = endpoint.Query.TrimStart('?');
            bool queryAllowed = query.Length == 0 || (isTokenUrl && string.Equals(query, fixedQuery, StringComparison.OrdinalIgnoreCase));
            if (!queryAllowed || endpoint.Fragment.Length > 0)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The token endpoint '{shown}' has a {(queryAllowed ? "fragment (#…)" : "query (?…)")}; StreamingStt adds the token request's own parameters: {whatToPass}.",
                    "Endpoint")
                { RecommendedAction = $"Pass {EngineOptionNames.TokenRequestEndpoint} '{fullExample}' (or its base URL)." };
            }

            foreach (var (other, otherPath, _) in TokenPaths)
            {
                if (other == provider || !path.EndsWith(otherPath, StringComparison.OrdinalIgnoreCase)) continue;
                string otherBasePath = path.Substring(0, path.Length - otherPath.Length);
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The token endpoint '{shown}' is {other}'s token address ({otherPath}), but the provider is {provider}: pass {EngineOptionNames.TokenRequestProvider} {other}, or {provider}'s base URL or token URL (…{tokenPath}).",
                    "Endpoint")
                { RecommendedAction = $"Pass {EngineOptionNames.TokenRequestProvider} {other}, or {EngineOptionNames.TokenRequestEndpoint} '{origin}{otherBasePath}{tokenPath}'." };
            }
            return isTokenUrl ? path : path + tokenPath;
        }

        private static (SttProvider Provider, string Path, string FixedQuery) TokenPathOf(SttProvider provider)
        {
            foreach (var entry in TokenPaths)
            {
                if (entry.Provider == provider) return entry;
            }
            throw new SttException(SttErrorKind.OptionInvalid,
                $"Temporary tokens for '{provider}' are not available in this version of StreamingStt.", "Provider");
        }

        /// <summary>The API key that mints the token: the request's, else the provider's environment variable.</summary>
        internal static SttCredential ResolveKey(TemporaryTokenRequest request)
        {
            // The address is checked first: a bad -Endpoint is reported before a missing key, and before the
            // token path is appended to it.
            if (request.Endpoint is not null)
            {
                EndpointPolicy.RequireHttpEndpoint(request.Endpoint, ExampleEndpoint);
                EndpointTokenPath(request.Endpoint, request.Provider);
            }
            SttCredential credential = request.Credential ?? SttCredential.FromEnvironment(request.Provider)
                ?? throw new SttException(SttErrorKind.ApiKeyMissing,
                    $"No {request.Provider} API key to mint a token with: pass {EngineOptionNames.TokenRequestCredential} or set {SttCredential.EnvironmentVariableFor(request.Provider)}.",
                    SttCredential.EnvironmentVariableFor(request.Provider))
                { RecommendedAction = $"Set $env:{SttCredential.EnvironmentVariableFor(request.Provider)} or pass {EngineOptionNames.TokenRequestCredential}." };
            if (credential.IsTemporaryToken)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "A temporary token cannot mint another token; use an API key.", "ApiKey");
            }
            return credential;
        }

        /// <summary>
        /// POSTs a JSON body with the given Authorization header value and returns the body of a 2xx
        /// answer; failures are thrown as by <see cref="SendAsync"/>.
        /// </summary>
        internal static async Task<string> PostJsonAsync(Uri uri, string json, string authorization, TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
            return await SendAsync(message, request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Sends the request and returns the body of a 2xx answer. Throws SttException: ProviderTimeout,
        /// TokenRequestFailed (unreachable), or the kind the HTTP status means (401 → authentication…).
        /// </summary>
        internal static async Task<string> SendAsync(HttpRequestMessage message, TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            EndpointPolicy.RequireHttpEndpoint(message.RequestUri!, ExampleEndpoint);
            string endpoint = EndpointRedactor.WithoutQuery(message.RequestUri!);
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent.Value);

            using var timeout = new CancellationTokenSource(request.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using HttpResponseMessage response = await SharedClient.Value.SendAsync(message, linked.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (EndpointPolicy.IsRedirect(status))
                {
                    Uri? location = response.Headers.Location;
                    throw EndpointPolicy.Redirected(SttErrorKind.TokenRequestFailed, "token request", message.RequestUri!, status,
                        location is null ? null : location.OriginalString);
                }
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw DescribeTokenFailure(request.Provider, response.StatusCode, ReadError(body), endpoint);
                }
                return body;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SttException(SttErrorKind.ProviderTimeout, $"'{endpoint}' did not answer the token request within {request.Timeout.TotalSeconds:0.#} s.", endpoint);
            }
            catch (HttpRequestException ex)
            {
                throw new SttException(SttErrorKind.TokenRequestFailed, $"Could not reach '{endpoint}' for a temporary token: {ex.GetBaseException().Message}", endpoint, ex);
            }
        }

        /// <summary>The error text of a failed answer: the JSON "error", "err_msg" or "detail" field, else the start of the body.</summary>
        private static string ReadError(string body)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (string name in new[] { "error", "err_msg", "detail", "message" })
                    {
                        if (document.RootElement.TryGetProperty(name, out JsonElement error) && error.ValueKind == JsonValueKind.String)
                        {
                            return error.GetString() ?? string.Empty;
                        }
                    }
                }
            }
            catch (JsonException)
            {
            }
            return body.Length > 200 ? body.Substring(0, 200) + "…" : body;
        }

        internal static SttException DescribeTokenFailure(SttProvider provider, HttpStatusCode status, string error, string endpoint)
        {
            int code = (int)status;
            string detail = string.IsNullOrWhiteSpace(error) ? string.Empty : ": " + error;
            SttErrorKind kind = ProviderHttpStatus.ClassifyTokenRequest(code);
            string? action = kind switch
            {
                SttErrorKind.ProviderAuthenticationFailed => $"Check {EngineOptionNames.TokenRequestCredential} or $env:{SttCredential.EnvironmentVariableFor(provider)}.",
                SttErrorKind.ProviderConcurrencyLimitExceeded => "Wait and retry.",
                _ => null,
            };
            return new SttException(kind, $"The token request to '{endpoint}' failed with HTTP {code}{detail}", endpoint)
            {
                ProviderCode = code,
                ProviderReason = string.IsNullOrWhiteSpace(error) ? null : error,
                RecommendedAction = action,
            };
        }

        /// <summary>Throws OptionInvalid when the requested lifetime is outside what the provider issues.</summary>
        internal static void CheckLifetime(TemporaryTokenRequest request, int minSeconds, int maxSeconds, string forWhom)
        {
            if (request.ExpiresInSeconds < minSeconds || request.ExpiresInSeconds > maxSeconds)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"ExpiresInSeconds must be {minSeconds}–{maxSeconds} for {forWhom}; got {request.ExpiresInSeconds}.", "ExpiresInSeconds");
            }
        }

        /// <summary>
        /// The token read from a 2xx answer by <paramref name="readToken"/>; an answer that is not JSON, or not the
        /// shape it expects, is TokenRequestFailed naming the address (without its query).
        /// </summary>
        internal static SttToken ReadToken(string body, Uri uri, Func<JsonElement, SttToken> readToken)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                return readToken(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException)
            {
                throw NotAToken(EndpointRedactor.WithoutQuery(uri), ex);
            }
        }

        /// <summary>A parse failure of a 2xx answer.</summary>
        internal static SttException NotAToken(string endpoint, Exception ex) =>
            new SttException(SttErrorKind.TokenRequestFailed, $"'{endpoint}' answered the token request with something that is not a token ({ex.Message}).", endpoint, ex);
    }
}
