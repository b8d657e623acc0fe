// Copyright (c) StreamingStt contributors. MIT License.

using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// <c>POST /v1/api_keys?type=rt</c> with <c>Authorization: Bearer &lt;api key&gt;</c> and <c>{"ttl": N}</c>, N 60–86400
/// (protocols.md §3.2) → 201 <c>{"apikey_id": null, "key_value": "…"}</c>. Errors are <c>{"code": N, "error": "…"}</c>
/// as in mp.yaml's ErrorResponse (wording and the 400 for a bad ttl UNCONFIRMED).
/// </summary>
internal sealed class SpeechmaticsApiKeysEndpoint(SpeechmaticsAuthenticator authenticator, SpeechmaticsTemporaryKeyStore keys, TimeSpan? lifetimeOverride)
{
    private const int MinTtl = 60;
    private const int MaxTtl = 86400;
    private const int MaxBodyBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (!authenticator.IsApiKeyHeader(context.Request.Headers.Authorization))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Permission denied: a valid API key is required (Authorization: Bearer <key>)").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(context.Request.Query["type"], "rt", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The emulator issues only real-time keys: use ?type=rt").ConfigureAwait(false);
            return;
        }

        if (await ReadTtlAsync(context).ConfigureAwait(false) is not { } ttl)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"ttl must be an integer from {MinTtl} to {MaxTtl}").ConfigureAwait(false);
            return;
        }

        string key = keys.Issue(lifetimeOverride ?? TimeSpan.FromSeconds(ttl));
        await WriteAsync(context, StatusCodes.Status201Created, w =>
        {
            w.WriteNull("apikey_id");
            w.WriteString("key_value", key);
        }).ConfigureAwait(false);
    }

    private static async Task<int?> ReadTtlAsync(HttpContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            if (buffer.Length is 0 or > MaxBodyBytes)
            {
                return null;
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ttl", out var ttl)
                && ttl.ValueKind == JsonValueKind.Number
                && ttl.TryGetInt32(out int seconds)
                && seconds is >= MinTtl and <= MaxTtl
                    ? seconds
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, w =>
        {
            w.WriteNumber("code", status);
            w.WriteString("error", error);
        });

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
