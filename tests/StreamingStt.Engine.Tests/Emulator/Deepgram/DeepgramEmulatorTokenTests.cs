// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StreamingStt.Emulator.Deepgram;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Deepgram;

/// <summary>POST /v1/auth/grant and the Bearer tokens it issues.</summary>
public sealed class DeepgramEmulatorTokenTests
{
    private static readonly HttpClient Http = new();

    private static async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> GrantAsync(DeepgramEmulator emulator, string? authorization, string? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.HttpBaseUri, "/v1/auth/grant"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        var json = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, json, response);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("{}", 30)]
    [InlineData("{\"ttl_seconds\":1}", 1)]
    [InlineData("{\"ttl_seconds\":3600}", 3600)]
    public async Task AGrantReturnsAJwtAndItsLifetime(string? body, int expiresIn)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var (status, json, response) = await GrantAsync(emulator, "Token test-key", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, ((string)json["access_token"]!).Split('.').Length);
        Assert.Equal(expiresIn, (int)json["expires_in"]!);
        Assert.True(response.Headers.Contains("dg-request-id"));
    }

    [Theory]
    [InlineData("{\"ttl_seconds\":0}")]
    [InlineData("{\"ttl_seconds\":3601}")]
    [InlineData("{\"ttl_seconds\":\"60\"}")]
    [InlineData("not json")]
    public async Task ABadTtlIs400(string body)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var (status, json, _) = await GrantAsync(emulator, "Token test-key", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ttl_seconds", (string?)json["err_msg"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Token wrong")]
    [InlineData("test-key")]
    public async Task OnlyAnApiKeyMayMintATokenOtherwise401(string? authorization)
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var (status, json, _) = await GrantAsync(emulator, authorization, null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("INVALID_AUTH", (string?)json["err_code"]);

        var (_, minted, _) = await GrantAsync(emulator, "Token test-key", null);
        var (again, _, _) = await GrantAsync(emulator, "Bearer " + (string)minted["access_token"]!, null);
        Assert.Equal(HttpStatusCode.Unauthorized, again);
    }

    [Fact]
    public async Task AGrantedTokenOpensSessionsAsBearerOrSubprotocolUntilItExpires()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { TokenTtl = TimeSpan.FromMilliseconds(800) });
        var (_, json, _) = await GrantAsync(emulator, "Token test-key", "{\"ttl_seconds\":60}");
        string token = (string)json["access_token"]!;

        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery, "Bearer " + token))
        {
            await client.SendTextAsync("{\"type\":\"CloseStream\"}");
            await client.ReceiveUntilClosedAsync();
        }

        await using (var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery, null, o =>
        {
            o.AddSubProtocol("bearer");
            o.AddSubProtocol(token);
        }))
        {
            Assert.Equal("bearer", client.Socket.SubProtocol);
        }

        Assert.Equal(DeepgramAuthMethod.BearerHeader, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).AuthMethod);
        Assert.Equal(DeepgramAuthMethod.BearerSubprotocol, (await emulator.WaitForSessionEndAsync(1, TimeSpan.FromSeconds(5))).AuthMethod);

        await Task.Delay(900);
        var (status, headers) = await RawDeepgramClient.RefusedAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery, "Bearer " + token);
        Assert.Equal(401, status);
        Assert.Contains("expired", headers["dg-error"].Single());
    }
}
