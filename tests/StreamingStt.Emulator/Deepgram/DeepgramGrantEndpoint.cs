// Copyright (c) StreamingStt contributors. MIT License.

using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// <c>POST /v1/auth/grant</c> with <c>Authorization: Token &lt;key&gt;</c> and an optional JSON body
/// <c>{"ttl_seconds": N}</c> (1–3600, default 30) → 200 <c>{"access_token": "&lt;jwt&gt;", "expires_in": N}</c>.
/// </summary>
internal sealed class DeepgramGrantEndpoint(DeepgramAuthenticator authenticator, DeepgramTokenStore tokens, TimeSpan? tokenTtlOverride)
{
    public const int DefaultTtlSeconds = 30;
    public const int MinTtlSeconds = 1;
    public const int MaxTtlSeconds = 3600;
    private const int MaxBodyBytes = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString();
        if (!authenticator.IsApiKeyHeader(context.Request.Headers.Authorization))
        {
            await DeepgramHttpResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "INVALID_AUTH", DeepgramErrors.InvalidCredentials, requestId).ConfigureAwait(false);
            return;
        }

        int? ttl = await ReadTtlAsync(context).ConfigureAwait(false);
        if (ttl is null)
        {
            // UNCONFIRMED err_code; the message names the limits the Python SDK checks.
            await DeepgramHttpResponses.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST_BODY",
                $"ttl_seconds must be a number from {MinTtlSeconds} to {MaxTtlSeconds}.", requestId).ConfigureAwait(false);
            return;
        }

        string token = tokens.Issue(tokenTtlOverride ?? TimeSpan.FromSeconds(ttl.Value));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[DeepgramHttpResponses.RequestIdHeader] = requestId;
        await DeepgramHttpResponses.WriteJsonAsync(context, w =>
        {
            w.WriteString("access_token", token);
            w.WriteNumber("expires_in", ttl.Value);
        }).ConfigureAwait(false);
    }

    /// <summary>The requested lifetime; the default for an empty body; null for a bad body or value.</summary>
    private static async Task<int?> ReadTtlAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return DefaultTtlSeconds;
        }

        if (body.Length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!document.RootElement.TryGetProperty("ttl_seconds", out var ttl))
            {
                return DefaultTtlSeconds;
            }

            return ttl.ValueKind == JsonValueKind.Number && ttl.TryGetDouble(out double seconds)
                && seconds >= MinTtlSeconds && seconds <= MaxTtlSeconds && seconds == Math.Floor(seconds)
                ? (int)seconds
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
