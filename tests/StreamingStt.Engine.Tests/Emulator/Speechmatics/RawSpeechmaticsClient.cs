// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Sdk;

namespace StreamingStt.Engine.Tests.Emulator.Speechmatics;

/// <summary>
/// A bare <see cref="ClientWebSocket"/> speaking Speechmatics v2 by hand, so the emulator is tested independently of
/// the product client.
/// </summary>
internal sealed class RawSpeechmaticsClient : RawWebSocketTestClient
{
    public const string PcmStart = """{"message":"StartRecognition","audio_format":{"type":"raw","encoding":"pcm_s16le","sample_rate":16000},"transcription_config":{"language":"en"}}""";

    private RawSpeechmaticsClient(ClientWebSocket socket)
        : base(socket)
    {
    }

    /// <summary>AudioAdded messages skipped by <see cref="ReceiveAsync"/> (they are counted, not returned).</summary>
    public List<long> AcknowledgedSeqNos { get; } = new();

    public static async Task<RawSpeechmaticsClient> ConnectAsync(Uri webSocketUri, string? bearer = "test-key", string? jwt = null, string? path = null)
    {
        var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        var uri = new UriBuilder(webSocketUri);
        if (path is not null) uri.Path = path;
        if (jwt is not null) uri.Query = "jwt=" + Uri.EscapeDataString(jwt);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri.Uri, timeout.Token);
        return new RawSpeechmaticsClient(socket);
    }

    /// <summary>The HTTP status of a refused upgrade.</summary>
    public static async Task<HttpStatusCode> RefusedStatusAsync(Uri webSocketUri, Action<ClientWebSocketOptions> configure, string? query = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new UriBuilder(webSocketUri) { Query = query ?? string.Empty }.Uri, timeout.Token));
        return socket.HttpStatusCode;
    }

    /// <summary>Connects with a Bearer key, reads both Info messages, starts recognition and returns RecognitionStarted.</summary>
    public static async Task<(RawSpeechmaticsClient Client, JsonObject Started)> StartAsync(Uri webSocketUri, string startRecognition = PcmStart)
    {
        var client = await ConnectAsync(webSocketUri);
        await client.ExpectAsync("Info");
        await client.ExpectAsync("Info");
        await client.SendTextAsync(startRecognition);
        return (client, await client.ExpectAsync("RecognitionStarted"));
    }

    public static string StartWith(string transcriptionConfig) =>
        $$"""{"message":"StartRecognition","audio_format":{"type":"raw","encoding":"pcm_s16le","sample_rate":16000},"transcription_config":{{transcriptionConfig}}}""";

    /// <summary>Sends <paramref name="total"/> of 16 kHz pcm_s16le silence as back-to-back frames (faster than real time).</summary>
    public async Task SendAudioAsync(TimeSpan total, int frameMs = 100)
    {
        for (double sent = 0; sent < total.TotalMilliseconds - 0.5; sent += frameMs)
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await Socket.SendAsync(new byte[frameMs * 32], WebSocketMessageType.Binary, true, timeout.Token);
        }
    }

    /// <summary>The next text message other than AudioAdded, or null once the server has closed.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (await ReceiveJsonAsync(cts.Token) is { } json)
        {
            if ((string?)json["message"] == "AudioAdded")
            {
                AcknowledgedSeqNos.Add((long)json["seq_no"]!);
                continue;
            }

            return json;
        }

        return null;
    }

    /// <summary>The next message (AudioAdded aside), which must be <paramref name="message"/>.</summary>
    public async Task<JsonObject> ExpectAsync(string message)
    {
        var received = await ReceiveAsync() ?? throw new XunitException($"Expected {message}, the server closed ({Socket.CloseStatus} {Socket.CloseStatusDescription}).");
        Assert.True((string?)received["message"] == message, $"Expected {message}, got {received.ToJsonString()}");
        return received;
    }

    /// <summary>Reads until <paramref name="last"/> (inclusive) and returns everything but AudioAdded.</summary>
    public async Task<List<JsonObject>> ReceiveThroughAsync(string last)
    {
        var messages = new List<JsonObject>();
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new XunitException($"The server closed before {last} ({Socket.CloseStatus}); got {string.Join(",", messages.Select(m => m["message"]))}.");
            messages.Add(message);
            if ((string?)message["message"] == last) return messages;
        }
    }

    /// <summary>Reads the Error that must come next and the close after it; returns (type, close code, close reason).</summary>
    public async Task<(string Type, int Code, string Reason)> ExpectErrorAndCloseAsync()
    {
        var error = await ExpectAsync("Error");
        Assert.Null(await ReceiveAsync());
        await AnswerCloseAsync();
        return ((string?)error["type"] ?? "(none)", (int?)Socket.CloseStatus ?? -1, Socket.CloseStatusDescription ?? string.Empty);
    }

    protected override bool ClosesOnDispose => Socket.State is WebSocketState.Open or WebSocketState.CloseReceived;
}
