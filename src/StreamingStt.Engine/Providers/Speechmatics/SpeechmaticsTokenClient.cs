// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// Speechmatics temporary real-time keys: POST /v1/api_keys?type=rt with {"ttl": N} (protocols.md §3.2).
    /// The key is used as ?jwt= and opens any number of sessions until its TTL ends, on every region.
    /// </summary>
    internal static class SpeechmaticsTokenClient
    {
        public static readonly Uri DefaultBase = new Uri("https://mp.speechmatics.com");
        public const int MinTtlSeconds = 60;
        public const int MaxTtlSeconds = 86400;

        /// <summary>The POST address for a request (no secrets in it); -Endpoint may be a base or the full token URL.</summary>
        public static Uri TokenUri(TemporaryTokenRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            return TemporaryTokenClient.TokenAddress(SttProvider.Speechmatics, request.Endpoint, DefaultBase, "type=rt");
        }

        /// <summary>The request body: {"ttl": N}.</summary>
        public static string CreateBody(int ttlSeconds) => "{\"ttl\":" + ttlSeconds.ToString(CultureInfo.InvariantCulture) + "}";

        public static async Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            TemporaryTokenClient.CheckLifetime(request, MinTtlSeconds, MaxTtlSeconds, "Speechmatics (the key's ttl)");
            if (request.MaxSessionDurationSeconds.HasValue)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    "Speechmatics temporary keys have no session cap; leave out MaxSessionDurationSeconds.", "MaxSessionDurationSeconds");
            }
            SttCredential credential = TemporaryTokenClient.ResolveKey(request);
            Uri uri = TokenUri(request);
            string body = await TemporaryTokenClient.PostJsonAsync(uri, CreateBody(request.ExpiresInSeconds), "Bearer " + credential.Secret, request, cancellationToken)
                .ConfigureAwait(false);

            return TemporaryTokenClient.ReadToken(body, uri, root =>
            {
                string? key = root.ValueKind == JsonValueKind.Object ? JsonFields.GetString(root, "key_value") : null;
                if (string.IsNullOrEmpty(key)) throw new JsonException("no key_value in the response");
                return new SttToken(SttProvider.Speechmatics, key!, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(request.ExpiresInSeconds), null);
            });
        }
    }
}
