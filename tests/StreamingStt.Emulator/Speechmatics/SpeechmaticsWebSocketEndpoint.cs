// Copyright (c) StreamingStt contributors. MIT License.

using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// <c>/v2</c>, <c>/v2/</c> and <c>/v2/&lt;language&gt;</c>: records the upgrade, refuses bad credentials with HTTP 401
/// before upgrading (protocols.md §3.2), then hands the socket to a <see cref="SpeechmaticsStreamingSession"/>.
/// </summary>
internal sealed class SpeechmaticsWebSocketEndpoint(
    SpeechmaticsEmulatorOptions options,
    SpeechmaticsAuthenticator authenticator,
    SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> registry,
    CancellationToken serverStopping)
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrencyGate _concurrency = new(ConcurrencyGate.Validate(options.MaxConcurrentSessions, nameof(options.MaxConcurrentSessions)));

    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(
            q => q.Key,
            q => q.Key == "jwt" ? "***" : q.Value.ToString(),
            StringComparer.Ordinal);
        var recorder = registry.Add(index => new SpeechmaticsSessionRecorder(index, context.Request.Path.Value ?? string.Empty, query, context.Request.Headers.Keys.ToArray()));
        WebSocket? socket = null;
        bool counted = false;
        try
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                await WritePlainAsync(context, StatusCodes.Status400BadRequest, "Bad Request: WebSocket upgrade required").ConfigureAwait(false);
                return;
            }

            var (method, accepted) = authenticator.Authenticate(context.Request.Headers.Authorization, context.Request.Query["jwt"]);
            recorder.Authenticated(method, accepted);
            if (!accepted)
            {
                // UNCONFIRMED body text; the status is the documented "401 Unauthorized - when the API key is not valid".
                await WritePlainAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized").ConfigureAwait(false);
                return;
            }

            string? pathLanguage = context.Request.RouteValues.TryGetValue("language", out var language) ? language as string : null;
            // The service upgrades first and refuses a session over the account's limit at its StartRecognition.
            counted = _concurrency.TryEnter();
            socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var session = new SpeechmaticsStreamingSession(context, socket, options, recorder, pathLanguage, serverStopping, overQuota: !counted);
            await session.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            recorder.ConnectionDropped();
        }
        catch (Exception e)
        {
            // An emulator bug must not take the server down; report it the way the real service reports its own.
            recorder.InternalError(e.ToString());
            await TryCloseAfterInternalErrorAsync(context, socket, recorder).ConfigureAwait(false);
        }
        finally
        {
            if (counted) _concurrency.Exit();
            socket?.Dispose();
            recorder.End();
            NotifySessionEnded(recorder);
        }
    }

    private void NotifySessionEnded(SpeechmaticsSessionRecorder recorder)
    {
        try
        {
            options.SessionEnded?.Invoke(recorder.Snapshot());
        }
        catch (Exception)
        {
            // An observer's failure is not the session's.
        }
    }

    private static async Task WritePlainAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task TryCloseAfterInternalErrorAsync(HttpContext context, WebSocket? socket, SpeechmaticsSessionRecorder recorder)
    {
        try
        {
            if (socket?.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                recorder.ServerClosed((int)WebSocketCloseStatus.InternalServerError, "internal_error");
                await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "internal_error", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            // Best effort only.
        }

        context.Abort();
    }
}
