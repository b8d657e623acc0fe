// Copyright (c) StreamingStt contributors. MIT License.

using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator;

/// <summary>
/// <c>/v3/ws</c>: records the upgrade, accepts it, then checks credentials (1008) and the query (3006) before a
/// <see cref="StreamingSession"/> takes over. Failures close after the upgrade, as AssemblyAI documents, so the
/// client sees a close code rather than an HTTP status.
/// </summary>
internal sealed class WebSocketEndpoint(
    AssemblyAIEmulatorOptions options,
    SessionAuthenticator authenticator,
    SessionRegistry<SessionRecorder, EmulatorSessionRecord> registry,
    CancellationToken serverStopping)
{
    private const string SessionCancelled = "Session Cancelled: An error occurred";
    private const int ServerError = 3005;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrencyGate _concurrency = new(ConcurrencyGate.Validate(options.MaxConcurrentSessions, nameof(options.MaxConcurrentSessions)));

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"WebSocket upgrade required\"}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query.ToDictionary(
            q => q.Key,
            q => q.Key == "token" ? "***" : q.Value.ToString(),
            StringComparer.Ordinal);
        var recorder = registry.Add(index => new SessionRecorder(index, query, context.Request.Headers.Keys.ToArray()));
        WebSocket? socket = null;
        bool counted = false;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var auth = authenticator.Authenticate(context.Request.Headers.Authorization, context.Request.Query["token"]);
            recorder.Authenticated(auth.Method, auth.Accepted);
            if (!auth.Accepted)
            {
                await RejectAsync(socket, recorder, AssemblyAIErrors.Unauthorized, auth.FailureReason!, sendError: false).ConfigureAwait(false);
                return;
            }

            counted = _concurrency.TryEnter();
            if (!counted)
            {
                await RejectAsync(socket, recorder, AssemblyAIErrors.TooManyConcurrentSessions, AssemblyAIErrors.TooManyConcurrentSessionsReason, sendError: false).ConfigureAwait(false);
                return;
            }

            SessionConfiguration configuration;
            try
            {
                configuration = SessionConfiguration.Parse(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
            }
            catch (SessionConfigurationException e)
            {
                // UNCONFIRMED: the real service's wording and whether it answers with an Error message first.
                await RejectAsync(socket, recorder, AssemblyAIErrors.InvalidInput, AssemblyAIErrors.InvalidParameter(e.Message), sendError: true).ConfigureAwait(false);
                return;
            }

            var maxDuration = auth.MaxSessionDuration is { } cap && cap < options.MaxSessionDuration ? cap : options.MaxSessionDuration;
            var session = new StreamingSession(context, socket, configuration, options, maxDuration, recorder, serverStopping);
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

    private void NotifySessionEnded(SessionRecorder recorder)
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

    private async Task RejectAsync(WebSocket socket, SessionRecorder recorder, int code, string reason, bool sendError)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        timeout.CancelAfter(CloseHandshakeTimeout);
        if (sendError)
        {
            var error = ServerMessageWriter.Error(code, reason);
            recorder.ServerMessage(error.Type, error.Json);
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(error.Json), WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
        }

        string fitted = CloseReasonText.Fit(reason);
        recorder.ServerClosed(code, fitted);
        await socket.CloseOutputAsync((WebSocketCloseStatus)code, fitted, timeout.Token).ConfigureAwait(false);

        // Drain until the client's close frame so the handshake completes cleanly.
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                recorder.ClientClosed((int?)socket.CloseStatus);
                return;
            }
        }
    }

    private static async Task TryCloseAfterInternalErrorAsync(HttpContext context, WebSocket? socket, SessionRecorder recorder)
    {
        try
        {
            if (socket?.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                recorder.ServerClosed(ServerError, SessionCancelled);
                await socket.CloseOutputAsync((WebSocketCloseStatus)ServerError, SessionCancelled, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (WebSocketSessionIo.IsConnectionFailure(e))
        {
            // Best effort only.
        }

        context.Abort();
    }
}
