// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>AssemblyAI temporary streaming tokens: GET /v3/token (protocols.md §1.2).</summary>
    internal static class AssemblyAITokenClient
    {
        public static readonly Uri DefaultBase = new Uri("https://streaming.assemblyai.com");
        public static readonly Uri UsBase = new Uri("https://streaming.us.assemblyai.com");
        public static readonly Uri EuBase = new Uri("https://streaming.eu.assemblyai.com");

        /// <summary>The GET /v3/token address for a request (no secrets in it); -Endpoint may be a base or the full token URL.</summary>
        public static Uri TokenUri(TemporaryTokenRequest request)
        {
            Uri regionBase = request.Region == AssemblyAIRegion.US ? UsBase : request.Region == AssemblyAIRegion.EU ? EuBase : DefaultBase;
            string query = "expires_in_seconds=" + request.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture);
            if (request.MaxSessionDurationSeconds.HasValue)
            {
                query += "&max_session_duration_seconds=" + request.MaxSessionDurationSeconds.Value.ToString(CultureInfo.InvariantCulture);
            }
            return TemporaryTokenClient.TokenAddress(SttProvider.AssemblyAI, request.Endpoint, regionBase, query);
        }

        public static async Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            TemporaryTokenClient.CheckLifetime(request, 1, 600, "AssemblyAI");
            if (request.MaxSessionDurationSeconds.HasValue && (request.MaxSessionDurationSeconds < 60 || request.MaxSessionDurationSeconds > 10800))
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"MaxSessionDurationSeconds must be 60–10800 for AssemblyAI; got {request.MaxSessionDurationSeconds}.", "MaxSessionDurationSeconds");
            }
            SttCredential credential = TemporaryTokenClient.ResolveKey(request);
            Uri uri = TokenUri(request);
            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            message.Headers.TryAddWithoutValidation("Authorization", credential.Secret);
            string body = await TemporaryTokenClient.SendAsync(message, request, cancellationToken).ConfigureAwait(false);

            return TemporaryTokenClient.ReadToken(body, uri, root =>
            {
                string? token = JsonFields.GetString(root, "token");
                if (string.IsNullOrEmpty(token)) throw new JsonException("no token in the response");
                int expires = root.TryGetProperty("expires_in_seconds", out JsonElement e) && e.ValueKind == JsonValueKind.Number
                    ? e.GetInt32() : request.ExpiresInSeconds;
                return new SttToken(SttProvider.AssemblyAI, token!, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(expires),
                    request.MaxSessionDurationSeconds.HasValue ? TimeSpan.FromSeconds(request.MaxSessionDurationSeconds.Value) : (TimeSpan?)null);
            });
        }
    }
}
