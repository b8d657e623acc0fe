// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator;

/// <summary>
/// A fault that answers an endpoint with an HTTP redirect (301, 302, 303, 307 or 308 and a <c>Location</c>) instead of
/// serving it, as a hijacked proxy or a misconfigured load balancer would; a client must not follow it. Set on an
/// emulator's <c>StreamingRedirect</c> (the WebSocket upgrade) or <c>TokenRedirect</c> (the token endpoint).
/// </summary>
public sealed class EmulatorRedirect
{
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    public EmulatorRedirect(int statusCode, Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        StatusCode = Array.IndexOf(RedirectStatuses, statusCode) >= 0
            ? statusCode
            : throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A redirect status is 301, 302, 303, 307 or 308.");
        Location = location;
    }

    /// <summary>The redirect status sent.</summary>
    public int StatusCode { get; }

    /// <summary>Where the redirect points: absolute, or relative to the request (sent as written).</summary>
    public Uri Location { get; }

    /// <summary>Parses the command line form <c>STATUS=URL</c>, e.g. <c>307=ws://127.0.0.1:9/v3/ws</c> or <c>302=/moved</c>.</summary>
    internal static EmulatorRedirect Parse(string text, string optionName)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0
            && int.TryParse(text.AsSpan(0, equals), NumberStyles.None, CultureInfo.InvariantCulture, out int status)
            && Array.IndexOf(RedirectStatuses, status) >= 0
            && Uri.TryCreate(text[(equals + 1)..], text[equals + 1] == '/' ? UriKind.Relative : UriKind.Absolute, out Uri? location))
        {
            return new EmulatorRedirect(status, location);
        }

        throw new FormatException($"{optionName} needs STATUS=URL with a status of 301, 302, 303, 307 or 308 and an absolute URL or a path");
    }

    /// <summary>
    /// <paramref name="serve"/>, or with a redirect set, a handler that only counts the request in
    /// <paramref name="log"/> and answers with the redirect (no body, nothing else served).
    /// </summary>
    internal static RequestDelegate Wrap(EmulatorRedirect? redirect, RedirectLog log, RequestDelegate serve)
    {
        if (redirect is null)
        {
            return serve;
        }

        return context =>
        {
            log.Served();
            context.Response.StatusCode = redirect.StatusCode;
            context.Response.Headers.Location = redirect.Location.IsAbsoluteUri ? redirect.Location.AbsoluteUri : redirect.Location.OriginalString;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        };
    }
}

/// <summary>How many requests an emulator answered with an <see cref="EmulatorRedirect"/>.</summary>
internal sealed class RedirectLog
{
    private int _served;

    public int Count => Volatile.Read(ref _served);

    public void Served() => Interlocked.Increment(ref _served);
}
