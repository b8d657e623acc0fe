// Copyright (c) StreamingStt contributors. MIT License.

using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// <c>/v1/listen</c>: records the upgrade, then refuses it over HTTP the way Deepgram does (401 for credentials, 400 for
/// query values, or the configured status), each refusal with <c>dg-error</c>, <c>dg-request-id</c> and a JSON body;
/// otherwise accepts it (echoing the auth subprotocol, with <c>dg-request-id</c> on the 101) and hands over to a
/// <see cref="DeepgramStreamingSession"/>.
/// </summary>
internal sealed class DeepgramListenEndpoint(
    DeepgramEmulatorOptions options,
    DeepgramAuthenticator authenticator,
    SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> registry,
    CancellationToken serverStopping)
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrencyGate _concurrency = new(ConcurrencyGate.Validate(options.MaxConcurrentSessions, nameof(options.MaxConcurrentSessions)));

    public async Task HandleAsync(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString();
        var query = context.Request.Query
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)))
            .ToArray();
        var recorder = registry.Add(index => new DeepgramSessionRecorder(index, requestId, query, context.Request.Headers.Keys.ToArray()));
        WebSocket? socket = null;
        bool counted = false;
        try
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                // UNCONFIRMED: a plain GET on the streaming path; the emulator serves WebSockets only.
                await RefuseAsync(context, recorder, StatusCodes.Status426UpgradeRequired, "Bad Request", "A WebSocket upgrade is required.").ConfigureAwait(false);
                return;
            }

            if (options.RefuseUpgradesWith is { } forced)
            {
                var (code, message) = DeepgramErrors.ForStatus(forced);
                await RefuseAsync(context, recorder, forced, code, message).ConfigureAwait(false);
                return;
            }

            var auth = authenticator.Authenticate(context.Request.Headers.Authorization, context.WebSockets.WebSocketRequestedProtocols.ToArray());
            recorder.Authenticated(auth.Method, auth.Accepted);
            if (!auth.Accepted)
            {
                await RefuseAsync(context, recorder, StatusCodes.Status401Unauthorized, "INVALID_AUTH", auth.FailureReason!).ConfigureAwait(false);
                return;
            }

            counted = _concurrency.TryEnter();
            if (!counted)
            {
                var (code, message) = DeepgramErrors.ForStatus(StatusCodes.Status429TooManyRequests);
                await RefuseAsync(context, recorder, StatusCodes.Status429TooManyRequests, code, message).ConfigureAwait(false);
                return;
            }

            DeepgramListenSettings settings;
            try
            {
                settings = DeepgramListenSettings.Parse(query);
            }
            catch (DeepgramQueryException e)
            {
                // UNCONFIRMED err_code; the JS SDK uses INVALID_QUERY_PARAMETER for the same kind of check.
                await RefuseAsync(context, recorder, StatusCodes.Status400BadRequest, "INVALID_QUERY_PARAMETER", e.Message).ConfigureAwait(false);
                return;
            }

            context.Response.Headers[DeepgramHttpResponses.RequestIdHeader] = requestId;
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = auth.SubProtocol }).ConfigureAwait(false);
            recorder.Upgraded(auth.SubProtocol);
            var session = new DeepgramStreamingSession(context, socket, settings, options, recorder, serverStopping);
            await session.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            recorder.ConnectionDropped();
        }
        catch (Exception e)
        {
            // An emulator bug must not take the server down; report it the way the service reports its own.
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

    private static async Task RefuseAsync(HttpContext context, DeepgramSessionRecorder recorder, int status, string errorCode, string message)
    {
        recorder.Refused(status, message);
        await DeepgramHttpResponses.WriteErrorAsync(context, status, errorCode, message, recorder.RequestId).ConfigureAwait(false);
    }

    private void NotifySessionEnded(DeepgramSessionRecorder recorder)
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

    private static async Task TryCloseAfterInternalErrorAsync(HttpContext context, WebSocket? socket, DeepgramSessionRecorder recorder)
    {
        try
        {
            if (socket?.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                recorder.ServerClosed(DeepgramErrors.InternalError, "internal emulator error");
                await socket.CloseOutputAsync((WebSocketCloseStatus)DeepgramErrors.InternalError, "internal emulator error", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            // Best effort only.
        }

        context.Abort();
    }
}
