// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>
/// A bare <see cref="ClientWebSocket"/> speaking AssemblyAI v3 by hand, so the emulator is tested independently of
/// the product client.
/// </summary>
internal sealed class RawAssemblyAIClient : RawTypedMessageTestClient
{
    public const string PcmQuery = "sample_rate=16000&encoding=pcm_s16le";

    private RawAssemblyAIClient(ClientWebSocket socket)
        : base(socket)
    {
    }

    public static async Task<RawAssemblyAIClient> ConnectAsync(Uri webSocketUri, string query, string? apiKey = "test-key", Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("Authorization", apiKey);
        }

        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(new UriBuilder(webSocketUri) { Query = query }.Uri, timeout.Token);
        return new RawAssemblyAIClient(socket);
    }

    public static string Query(string speechModel, string extra = "") =>
        $"{PcmQuery}&speech_model={speechModel}" + (extra.Length > 0 ? "&" + extra : string.Empty);
}
