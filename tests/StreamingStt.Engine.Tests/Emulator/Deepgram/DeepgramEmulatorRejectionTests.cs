// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Deepgram;

/// <summary>What the real service refuses, the Deepgram emulator refuses: HTTP statuses at the upgrade, close codes after it.</summary>
public sealed class DeepgramEmulatorRejectionTests
{
    [Theory]
    [InlineData(null, DeepgramAuthMethod.None)]
    [InlineData("Token wrong-key", DeepgramAuthMethod.TokenHeader)]
    [InlineData("test-key", DeepgramAuthMethod.Malformed)]
    [InlineData("Bearer not-a-granted-token", DeepgramAuthMethod.BearerHeader)]
    public async Task BadCredentialsAreRefusedWith401CarryingDgErrorRequestIdAndAJsonBody(string? authorization, DeepgramAuthMethod method)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());

        var (status, headers) = await RawDeepgramClient.RefusedAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery, authorization);
        Assert.Equal(401, status);
        Assert.Equal("Invalid credentials.", headers["dg-error"].Single());
        string requestId = headers["dg-request-id"].Single();

        var raw = await RawHttpExchange.UpgradeAsync(emulator.HttpBaseUri, "/v1/listen?" + RawDeepgramClient.PcmQuery, authorization);
        Assert.Equal(401, raw.Status);
        var body = (JsonObject)JsonNode.Parse(raw.Body)!;
        Assert.Equal("INVALID_AUTH", (string?)body["err_code"]);
        Assert.Equal("Invalid credentials.", (string?)body["err_msg"]);
        Assert.Equal(raw.Headers["dg-request-id"], (string?)body["request_id"]);

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(401, record.UpgradeStatus);
        Assert.Equal(requestId, record.RequestId);
        Assert.Equal(method, record.AuthMethod);
        Assert.False(record.Authenticated);
    }

    [Theory]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&utterance_end_ms=1000", "utterance_end_ms requires interim_results=true")]
    [InlineData("encoding=linear16&sample_rate=16000", "model is required")]
    [InlineData("model=nova-9&encoding=linear16&sample_rate=16000", "No such model")]
    [InlineData("model=nova-3&encoding=pcm_s16le&sample_rate=16000", "encoding")]
    [InlineData("model=nova-3&encoding=linear16", "sample_rate is required")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=0", "sample_rate")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&interim_results=yes", "interim_results")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&endpointing=soon", "endpointing")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&redact=emails", "redact")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&keywords=Contoso:2", "keyterm")]
    [InlineData("model=nova-2&encoding=linear16&sample_rate=16000&keywords=Contoso:loud", "keywords")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&replace=colour", "replace")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&extra=team", "extra")]
    [InlineData("model=nova-3&encoding=linear16&sample_rate=16000&language=English!", "language")]
    public async Task BadQueryValuesAreRefusedWith400(string query, string expected)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var (status, headers) = await RawDeepgramClient.RefusedAsync(emulator.WebSocketUri, query);
        Assert.Equal(400, status);
        Assert.Contains(expected, headers["dg-error"].Single());
        Assert.Single(headers["dg-request-id"]);
    }

    [Fact]
    public async Task RepeatableParametersAndTheirValuesAreAcceptedAndRecordedInOrder()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri,
            RawDeepgramClient.PcmQuery + "&keyterm=Contoso&keyterm=Fabrikam&redact=pci&redact=ssn&replace=colour:color&extra=team:sales&endpointing=300&some_new_flag=1"))
        {
            await client.SendTextAsync("{\"type\":\"CloseStream\"}");
            await client.ReceiveUntilClosedAsync();
        }

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(101, record.UpgradeStatus);
        Assert.Equal(new[] { "Contoso", "Fabrikam" }, record.QueryValues("keyterm"));
        Assert.Equal(new[] { "pci", "ssn" }, record.QueryValues("redact"));
        Assert.Equal("nova-3", record.Model);
    }

    [Fact]
    public async Task EveryUpgradeCarriesDgRequestIdTheSameIdAsInTheMessages()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        Assert.Equal(101, (int)client.Socket.HttpStatusCode);
        string requestId = client.Socket.HttpResponseHeaders!["dg-request-id"].Single();
        await client.SendTextAsync("{\"type\":\"CloseStream\"}");
        var messages = await client.ReceiveUntilClosedAsync();
        Assert.Equal(requestId, (string?)messages.Single()["request_id"]);
    }

    [Theory]
    [InlineData("token", "test-key", DeepgramAuthMethod.TokenSubprotocol)]
    [InlineData("Token", "test-key", DeepgramAuthMethod.TokenSubprotocol)]
    public async Task BrowsersMayAuthenticateWithTheTokenSubprotocolWhichIsEchoed(string scheme, string key, DeepgramAuthMethod method)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery, authorization: null, configure: o =>
        {
            o.AddSubProtocol(scheme);
            o.AddSubProtocol(key);
        }))
        {
            Assert.Equal(scheme, client.Socket.SubProtocol);
            await client.SendTextAsync("{\"type\":\"CloseStream\"}");
            await client.ReceiveUntilClosedAsync();
        }

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(method, record.AuthMethod);
        Assert.Equal(scheme, record.SubProtocol);
    }

    [Fact]
    public async Task NoAudioAndNoKeepAliveWithinTheIdleTimeoutClosesWith1011Net0001()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { IdleTimeout = TimeSpan.FromMilliseconds(400) });
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        var messages = await client.ReceiveUntilClosedAsync();
        Assert.Empty(messages);
        Assert.Equal(1011, client.CloseFrame.Code);
        Assert.Contains("net0001", client.CloseFrame.Reason);
    }

    [Fact]
    public async Task TextKeepAliveResetsTheIdleTimerButOtherTextDoesNot()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { IdleTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        for (int i = 0; i < 5; i++)
        {
            await Task.Delay(250);
            await client.SendTextAsync("{\"type\":\"KeepAlive\"}");
        }

        Assert.Equal(WebSocketState.Open, client.Socket.State);
        await client.SendTextAsync("{\"type\":\"Finalize\"}");
        var messages = await client.ReceiveUntilClosedAsync();
        Assert.Equal(1011, client.CloseFrame.Code);
        // Finalize was answered (an empty from_finalize result) but did not keep the session alive.
        Assert.True((bool)messages.Single()["from_finalize"]!);
    }

    [Theory]
    [InlineData(3, "model=nova-3&encoding=linear16&sample_rate=16000")]
    [InlineData(6, "model=nova-3&encoding=linear16&sample_rate=16000&channels=4")]
    [InlineData(3200, "model=nova-3")]
    public async Task AudioThatIsNotWholeSamplesOrHasNoDeclaredEncodingClosesWith1008Data0000(int bytes, string query)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, query);
        await client.SendBytesAsync(new byte[bytes]);
        await client.ReceiveUntilClosedAsync();
        Assert.Equal(1008, client.CloseFrame.Code);
        Assert.StartsWith("DATA-0000", client.CloseFrame.Reason);
    }

    [Fact]
    public async Task MulawAndCompressedEncodingsAreAcceptedCompressedOnesAreNotTranscribed()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, "model=nova-3&encoding=mulaw&sample_rate=8000"))
        {
            await client.SendBytesAsync(new byte[8000 * 2]);
            await client.SendTextAsync("{\"type\":\"CloseStream\"}");
            var messages = await client.ReceiveUntilClosedAsync();
            Assert.Equal("hello world", (string?)messages[0]["channel"]!["alternatives"]![0]!["transcript"]);
            Assert.Equal(2.0, (double)messages[^1]["duration"]!);
        }

        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, "model=nova-3&encoding=opus&sample_rate=48000"))
        {
            await client.SendBytesAsync(new byte[333]);
            await client.SendTextAsync("{\"type\":\"CloseStream\"}");
            var messages = await client.ReceiveUntilClosedAsync();
            Assert.Equal("Metadata", (string?)messages.Single()["type"]);
        }
    }

    [Theory]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(429)]
    [InlineData(503)]
    public async Task AForcedRefusalAnswersEveryUpgradeWithThatStatus(int status)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { RefuseUpgradesWith = status });
        var (actual, headers) = await RawDeepgramClient.RefusedAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        Assert.Equal(status, actual);
        Assert.False(string.IsNullOrEmpty(headers["dg-error"].Single()));
    }

    [Fact]
    public async Task AnInjectedFaultClosesWithItsCodeAfterTheResultsAlreadySent()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions
        {
            Fault = EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(2), 1011, "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000"),
        });
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(3));
        var messages = await client.ReceiveUntilClosedAsync();
        Assert.Equal("Results", (string?)messages.Single()["type"]);
        Assert.Equal(1011, client.CloseFrame.Code);
        Assert.EndsWith("net0000", client.CloseFrame.Reason);
    }
}
