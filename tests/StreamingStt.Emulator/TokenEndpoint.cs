// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator;

/// <summary>
/// <c>GET /v3/token?expires_in_seconds=N[&amp;max_session_duration_seconds=M]</c> with <c>Authorization: &lt;api key&gt;</c>
/// (spec streaming-token.yml): N 1–600 required, M 60–10800 optional (default 10800).
/// </summary>
internal sealed class TokenEndpoint(SessionAuthenticator authenticator, TemporaryTokenStore tokens, TimeSpan? tokenTtlOverride)
{
    private const int DefaultMaxSessionSeconds = 10800;

    public async Task HandleAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        if (!authenticator.IsApiKey(authorization))
        {
            // UNCONFIRMED wording; the spec only fixes the {"error": …} shape.
            await WriteAsync(context, StatusCodes.Status401Unauthorized, w => w.WriteString("error", string.IsNullOrEmpty(authorization)
                ? "Missing Authorization header"
                : "Invalid API key")).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        if (ParseRange(query["expires_in_seconds"], 1, 600, required: true) is not { } expiresIn)
        {
            await BadRequestAsync(context, "expires_in_seconds is required and must be an integer from 1 to 600").ConfigureAwait(false);
            return;
        }

        if (ParseRange(query["max_session_duration_seconds"], 60, 10800, required: false) is not { } maxSession)
        {
            await BadRequestAsync(context, "max_session_duration_seconds must be an integer from 60 to 10800").ConfigureAwait(false);
            return;
        }

        string token = tokens.Issue(tokenTtlOverride ?? TimeSpan.FromSeconds(expiresIn), TimeSpan.FromSeconds(maxSession));
        await WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteString("token", token);
            w.WriteNumber("expires_in_seconds", expiresIn);
        }).ConfigureAwait(false);
    }

    /// <summary>Returns the value, the default for an absent optional value, or null when invalid.</summary>
    private static int? ParseRange(string? text, int min, int max, bool required)
    {
        if (string.IsNullOrEmpty(text))
        {
            return required ? null : DefaultMaxSessionSeconds;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : null;
    }

    private static Task BadRequestAsync(HttpContext context, string error) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, w => w.WriteString("error", error));

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
