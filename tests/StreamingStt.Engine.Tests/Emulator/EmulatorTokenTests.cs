// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>GET /v3/token and sessions opened with the tokens it mints.</summary>
public sealed class EmulatorTokenTests
{
    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetTokenAsync(AssemblyAIEmulator emulator, string query, string? key = "test-key")
    {
        using var http = new HttpClient { BaseAddress = emulator.HttpBaseUri, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/token" + query);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", key);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(new MediaTypeHeaderValue("application/json"), response.Content.Headers.ContentType);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<string> MintAsync(AssemblyAIEmulator emulator, string query = "?expires_in_seconds=60")
    {
        var (status, body) = await GetTokenAsync(emulator, query);
        Assert.Equal(HttpStatusCode.OK, status);
        return (string)body["token"]!;
    }

    [Fact]
    public async Task AValidRequestMintsAnOpaqueToken()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());

        var (status, body) = await GetTokenAsync(emulator, "?expires_in_seconds=60&max_session_duration_seconds=600");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(60, (int)body["expires_in_seconds"]!);
        Assert.True(((string?)body["token"])?.Length >= 32);
        Assert.DoesNotContain("test-key", (string?)body["token"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?expires_in_seconds=0")]
    [InlineData("?expires_in_seconds=601")]
    [InlineData("?expires_in_seconds=soon")]
    [InlineData("?expires_in_seconds=60&max_session_duration_seconds=59")]
    [InlineData("?expires_in_seconds=60&max_session_duration_seconds=10801")]
    public async Task OutOfRangeParametersAre400(string query)
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());

        var (status, body) = await GetTokenAsync(emulator, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]));
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData(null)]
    public async Task ABadOrMissingKeyIs401(string? key)
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());

        var (status, body) = await GetTokenAsync(emulator, "?expires_in_seconds=60", key);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]));
    }

    [Fact]
    public async Task ATokenInTheQueryAuthenticatesExactlyOnce()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        string token = await MintAsync(emulator, "?expires_in_seconds=60&max_session_duration_seconds=60");
        string query = RawAssemblyAIClient.Query("u3-rt-pro", "token=" + Uri.EscapeDataString(token));

        await using (var first = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, query, apiKey: null))
        {
            JsonObject begin = await first.ExpectAsync("Begin");
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.InRange((long)begin["expires_at"]!, now + 55, now + 61); // capped by max_session_duration_seconds
        }

        await using var second = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, query, apiKey: null);
        Assert.Empty(await second.ReceiveUntilClosedAsync());
        Assert.Equal((1008, "Unauthorized Connection: Invalid temporary token"), second.CloseFrame);

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(EmulatorAuthMethod.TemporaryToken, record.AuthMethod);
        Assert.True(record.Authenticated);
        Assert.Equal("***", record.QueryParameters["token"]);
        Assert.DoesNotContain("Authorization", record.HeaderNames);
    }

    [Fact]
    public async Task ATokenInTheAuthorizationHeaderAuthenticatesLikeThePythonSdk()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        string token = await MintAsync(emulator);

        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"), apiKey: token);

        await client.ExpectAsync("Begin");
        await client.DisposeAsync();
        Assert.Equal(EmulatorAuthMethod.TemporaryTokenHeader, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).AuthMethod);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWith1008()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { TokenTtl = TimeSpan.FromMilliseconds(100) });
        string token = await MintAsync(emulator);
        await Task.Delay(300);

        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro", "token=" + token), apiKey: null);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal((1008, "Unauthorized Connection: Temporary token expired"), client.CloseFrame);
    }
}
