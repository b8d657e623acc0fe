// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Deepgram;

/// <summary>
/// A bare <see cref="ClientWebSocket"/> speaking Deepgram /v1/listen by hand, so the emulator is tested independently
/// of the product client.
/// </summary>
internal sealed class RawDeepgramClient : RawTypedMessageTestClient
{
    public const string PcmQuery = "model=nova-3&encoding=linear16&sample_rate=16000";

    private RawDeepgramClient(ClientWebSocket socket)
        : base(socket)
    {
    }

    /// <summary>Connects with <c>Authorization: Token &lt;key&gt;</c> unless <paramref name="authorization"/> says otherwise (null: none).</summary>
    public static async Task<RawDeepgramClient> ConnectAsync(Uri webSocketUri, string query, string? authorization = "Token test-key", Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(new UriBuilder(webSocketUri) { Query = query }.Uri, timeout.Token);
        return new RawDeepgramClient(socket);
    }

    /// <summary>Tries to connect and returns the refused upgrade's status and headers (the upgrade must fail).</summary>
    public static async Task<(int Status, IReadOnlyDictionary<string, IEnumerable<string>> Headers)> RefusedAsync(Uri webSocketUri, string query, string? authorization = "Token test-key")
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new UriBuilder(webSocketUri) { Query = query }.Uri, timeout.Token));
        return ((int)socket.HttpStatusCode, socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>());
    }
}
