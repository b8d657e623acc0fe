// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Sdk;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>
/// A raw test client for protocols whose server messages name themselves in a <c>type</c> field (AssemblyAI v3,
/// Deepgram /v1/listen): silence frames, every received message kept in order, and reads up to the server's close.
/// </summary>
internal abstract class RawTypedMessageTestClient : RawWebSocketTestClient
{
    protected RawTypedMessageTestClient(ClientWebSocket socket)
        : base(socket)
    {
    }

    /// <summary>Every text message received so far, parsed, in order.</summary>
    public List<JsonObject> Received { get; } = new();

    /// <summary>Sends silence as one binary message of <paramref name="milliseconds"/> of 16 kHz 16-bit PCM.</summary>
    public Task SendAudioAsync(double milliseconds, int sampleRate = 16000, int bytesPerSample = 2) =>
        SendBytesAsync(new byte[(int)Math.Round(milliseconds * sampleRate / 1000.0) * bytesPerSample]);

    /// <summary>Sends <paramref name="total"/> of audio as back-to-back 100 ms frames (faster than real time).</summary>
    public async Task SendAudioBurstAsync(TimeSpan total, int frameMs = 100)
    {
        for (double sent = 0; sent < total.TotalMilliseconds - 0.5; sent += frameMs)
        {
            await SendAudioAsync(frameMs);
        }
    }

    /// <summary>The next text message, or null once the server has closed.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var json = await ReceiveJsonAsync(cts.Token);
        if (json is not null)
        {
            Received.Add(json);
        }

        return json;
    }

    /// <summary>The next message, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonObject> ExpectAsync(string type)
    {
        var message = await ReceiveAsync() ?? throw new XunitException($"Expected {type}, the server closed ({Socket.CloseStatus} {Socket.CloseStatusDescription}).");
        Assert.Equal(type, (string?)message["type"]);
        return message;
    }

    /// <summary>Reads until the server's close frame, answers it, and returns every message read meanwhile.</summary>
    public async Task<List<JsonObject>> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        var messages = new List<JsonObject>();
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (await ReceiveAsync(deadline - DateTime.UtcNow) is { } message)
        {
            messages.Add(message);
        }

        await AnswerCloseAsync();
        return messages;
    }

    /// <summary>The close code and reason the server sent.</summary>
    public (int? Code, string? Reason) CloseFrame => ((int?)Socket.CloseStatus, Socket.CloseStatusDescription);
}
