// Copyright (c) StreamingStt contributors. MIT License.

using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator;

/// <summary>The provider-neutral WebSocket sending and closing steps every emulator session performs the same way.</summary>
internal static class WebSocketSessionIo
{
    /// <summary>How long one server message may take to send.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the client has to answer the server's close frame.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the client has to answer the server's close frame while the emulator is stopping.</summary>
    public static readonly TimeSpan ShutdownCloseTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The exceptions that mean "the client's connection is gone", as opposed to an emulator bug.</summary>
    public static bool IsConnectionFailure(Exception e) =>
        e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException;

    /// <summary>
    /// Answers a client-initiated close by echoing its code, as RFC 6455 suggests. Returns the code sent, or null when
    /// the close handshake was not the client's to start (nothing to echo).
    /// </summary>
    public static async Task<int?> EchoClientCloseAsync(WebSocket socket, int status)
    {
        if (socket.State != WebSocketState.CloseReceived) return null;
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        await socket.CloseOutputAsync((WebSocketCloseStatus)status, string.Empty, timeout.Token).ConfigureAwait(false);
        return status;
    }

    /// <summary>UNCONFIRMED (no provider documents it): the 1001 reason every emulator sends live sessions when it is disposed.</summary>
    public const string ServerShuttingDown = "Server shutting down";

    /// <summary>
    /// The emulator is being disposed: say so briefly with 1001, then drop the connection so shutdown stays prompt.
    /// <paramref name="serverClosed"/> and <paramref name="aborted"/> record what happened.
    /// </summary>
    public static async Task ShutDownAsync(HttpContext context, WebSocket socket, Action<int, string> serverClosed, Action aborted)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                serverClosed((int)WebSocketCloseStatus.EndpointUnavailable, ServerShuttingDown);
                using var timeout = new CancellationTokenSource(ShutdownCloseTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, ServerShuttingDown, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // The client may already be gone; the abort below ends the session either way.
        }

        aborted();
        context.Abort();
    }

    /// <summary>Sends <paramref name="json"/> as one text frame, giving up after <see cref="SendTimeout"/> or when the emulator stops.</summary>
    public static async Task SendTextAsync(WebSocket socket, string json, CancellationToken serverStopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        timeout.CancelAfter(SendTimeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// After the session loop ends, waits for the receive pump to see the client's close frame; aborts the connection
    /// (and reports <paramref name="connectionDropped"/>) when the client never answers.
    /// </summary>
    public static async Task FinishCloseHandshakeAsync(HttpContext context, WebSocket socket, Task pump, CancellationToken serverStopping, Action connectionDropped)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived && !context.RequestAborted.IsCancellationRequested)
        {
            // The loop ended without a close (the client vanished): nothing left to wait for.
            context.Abort();
        }

        var timeout = serverStopping.IsCancellationRequested ? ShutdownCloseTimeout : CloseHandshakeTimeout;
        if (await Task.WhenAny(pump, Task.Delay(timeout)).ConfigureAwait(false) != pump)
        {
            // The client never answered our close frame.
            connectionDropped();
            context.Abort();
            await pump.ConfigureAwait(false);
        }
    }
}
