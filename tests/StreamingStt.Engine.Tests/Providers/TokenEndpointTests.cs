// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>
/// New-SttToken -Endpoint takes a base URL or the full token URL (as copied from the provider's documentation):
/// never /v3/token/v3/token. What cannot be meant is refused before any request, saying what to pass.
/// </summary>
public sealed class TokenEndpointTests
{
    private static Uri Address(SttProvider provider, string endpoint)
    {
        var request = new TemporaryTokenRequest { Provider = provider, Endpoint = new Uri(endpoint) };
        return provider switch
        {
            SttProvider.AssemblyAI => AssemblyAITokenClient.TokenUri(request),
            SttProvider.Deepgram => DeepgramTokenClient.GrantUri(request),
            _ => SpeechmaticsTokenClient.TokenUri(request),
        };
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, "https://proxy.example.com", "https://proxy.example.com/v3/token?expires_in_seconds=60")]
    [InlineData(SttProvider.AssemblyAI, "https://proxy.example.com/stt/", "https://proxy.example.com/stt/v3/token?expires_in_seconds=60")]
    [InlineData(SttProvider.AssemblyAI, "https://streaming.assemblyai.com/v3/token", "https://streaming.assemblyai.com/v3/token?expires_in_seconds=60")]
    [InlineData(SttProvider.AssemblyAI, "https://proxy.example.com/stt/v3/token/", "https://proxy.example.com/stt/v3/token?expires_in_seconds=60")]
    [InlineData(SttProvider.Deepgram, "https://api.deepgram.com", "https://api.deepgram.com/v1/auth/grant")]
    [InlineData(SttProvider.Deepgram, "https://api.deepgram.com/v1/auth/grant", "https://api.deepgram.com/v1/auth/grant")]
    [InlineData(SttProvider.Speechmatics, "https://mp.speechmatics.com", "https://mp.speechmatics.com/v1/api_keys?type=rt")]
    [InlineData(SttProvider.Speechmatics, "https://mp.speechmatics.com/v1/api_keys", "https://mp.speechmatics.com/v1/api_keys?type=rt")]
    [InlineData(SttProvider.Speechmatics, "https://mp.speechmatics.com/v1/api_keys?type=rt", "https://mp.speechmatics.com/v1/api_keys?type=rt")]
    public void ABaseOrTheFullTokenUrlGivesTheTokenAddress(SttProvider provider, string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), Address(provider, endpoint));
    }

    [Fact]
    public void AQueryIsRefusedNamingWhatToPassWithoutShowingIt()
    {
        var ex = Assert.Throws<SttException>(() => Address(SttProvider.AssemblyAI, "https://proxy.example.com/stt/v3/token?code=s3cr3t"));

        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal("Endpoint", ex.Target);
        Assert.Contains("'https://proxy.example.com/stt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'https://proxy.example.com/stt/v3/token'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.Message + ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherProvidersTokenUrlIsRefusedNamingTheProvider()
    {
        var ex = Assert.Throws<SttException>(() => Address(SttProvider.AssemblyAI, "https://api.deepgram.com/v1/auth/grant"));

        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains("Deepgram's token address", ex.Message, StringComparison.Ordinal);
        // The engine's own option names; New-SttToken shows them as -Provider and -Endpoint.
        Assert.Equal("Pass TemporaryTokenRequest.Provider Deepgram, or TemporaryTokenRequest.Endpoint 'https://api.deepgram.com/v3/token'.", ex.RecommendedAction);
    }

    [Fact]
    public async Task TheRefusalComesBeforeTheKeyIsLookedFor()
    {
        // No key anywhere: the endpoint is still what is reported, because it is checked first.
        var request = new TemporaryTokenRequest { Provider = SttProvider.Deepgram, Credential = null, Endpoint = new Uri("http://127.0.0.1:1/v1/auth/grant#x") };

        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));

        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains("fragment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFullTokenUrlMintsATokenFromTheEmulator()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var request = new TemporaryTokenRequest
        {
            Credential = SttCredential.FromApiKey("test-key"),
            Endpoint = new Uri(emulator.HttpBaseUri, "/v3/token"),
        };

        SttToken token = await TemporaryTokenClient.RequestAsync(request, CancellationToken.None);

        Assert.Equal(SttProvider.AssemblyAI, token.Provider);
        Assert.False(string.IsNullOrEmpty(token.Token));
    }
}
