// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>Deepgram temporary tokens: POST /v1/auth/grant (protocols.md §2.2). The JWT it returns opens sessions as Bearer.</summary>
    internal static class DeepgramTokenClient
    {
        public static readonly Uri DefaultBase = new Uri("https://api.deepgram.com");
        public const int MinTtlSeconds = 1;
        public const int MaxTtlSeconds = 3600;

        /// <summary>The grant address: {base}/v1/auth/grant, base https://api.deepgram.com or the request's Endpoint (a base or the full grant URL).</summary>
        public static Uri GrantUri(TemporaryTokenRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            return TemporaryTokenClient.TokenAddress(SttProvider.Deepgram, request.Endpoint, DefaultBase, string.Empty);
        }

        /// <summary>The request body: the token's lifetime in seconds.</summary>
        public static string GrantBody(int ttlSeconds) =>
            "{\"ttl_seconds\":" + ttlSeconds.ToString(CultureInfo.InvariantCulture) + "}";

        public static async Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            TemporaryTokenClient.CheckLifetime(request, MinTtlSeconds, MaxTtlSeconds, "Deepgram");
            if (request.MaxSessionDurationSeconds.HasValue)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    "Deepgram tokens cannot cap the session length; leave out MaxSessionDurationSeconds.", "MaxSessionDurationSeconds");
            }
            SttCredential credential = TemporaryTokenClient.ResolveKey(request);
            Uri uri = GrantUri(request);
            string body = await TemporaryTokenClient.PostJsonAsync(uri, GrantBody(request.ExpiresInSeconds), "Token " + credential.Secret, request, cancellationToken)
                .ConfigureAwait(false);

            return TemporaryTokenClient.ReadToken(body, uri, root =>
            {
                string? token = DeepgramJson.GetString(root, "access_token");
                if (string.IsNullOrEmpty(token)) throw new JsonException("no access_token in the response");
                double expiresIn = DeepgramJson.GetDouble(root, "expires_in") ?? request.ExpiresInSeconds;
                return new SttToken(SttProvider.Deepgram, token!, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(expiresIn), maxSessionDuration: null);
            });
        }
    }
}
