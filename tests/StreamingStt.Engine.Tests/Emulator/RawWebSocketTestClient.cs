// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>
/// The provider-neutral part of the raw emulator test clients: a bare <see cref="ClientWebSocket"/> that sends text
/// and binary frames, reads whole JSON text messages, answers the server's close and closes on dispose.
/// </summary>
internal abstract class RawWebSocketTestClient : IAsyncDisposable
{
    protected static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    protected RawWebSocketTestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>Whether <see cref="DisposeAsync"/> still has to close the socket.</summary>
    protected virtual bool ClosesOnDispose => Socket.State == WebSocketState.Open;

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBytesAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await Socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>Completes the closing handshake the server started, as a well-behaved client does.</summary>
    public async Task AnswerCloseAsync()
    {
        if (Socket.State == WebSocketState.CloseReceived)
        {
            using var cts = new CancellationTokenSource(DefaultTimeout);
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ClosesOnDispose)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The test is over; a server that went away is fine here.
            }
        }

        Socket.Dispose();
    }

    /// <summary>The next whole text message, parsed, or null once the server has closed.</summary>
    protected async Task<JsonObject?> ReceiveJsonAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (JsonObject)JsonNode.Parse(message.ToArray())!;
            }
        }
    }
}
