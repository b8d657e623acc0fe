// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Transport;

/// <summary>Every -Endpoint that cannot work is refused before connecting, with the documented id and what to pass instead.</summary>
public sealed class EndpointPolicyTests : IDisposable
{
    private readonly string _wav = TestWav.WriteTone(TimeSpan.FromSeconds(1), 16000, 1);

    public void Dispose() => File.Delete(_wav);

    private static SttSessionOptions Options(SttProvider provider, Uri endpoint)
    {
        var options = new SttSessionOptions { Provider = provider, Credential = SttCredential.FromApiKey("test-key") };
        switch (provider)
        {
            case SttProvider.Deepgram: options.Deepgram.Endpoint = endpoint; break;
            case SttProvider.Speechmatics: options.Speechmatics.Endpoint = endpoint; break;
            default: options.AssemblyAI.Endpoint = endpoint; break;
        }
        return options;
    }

    private SttException Refusal(SttProvider provider, Uri endpoint)
    {
        using IAudioSource source = WaveFileAudioSource.Open(_wav);
        return Assert.Throws<SttException>(() => new SttSession(source, Options(provider, endpoint)).Dispose());
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, "https://stt.example.com/v3/ws?token=secret-1", "wss://stt.example.com/v3/ws")]
    [InlineData(SttProvider.Deepgram, "http://127.0.0.1:5080/v1/listen", "ws://127.0.0.1:5080/v1/listen")]
    [InlineData(SttProvider.Speechmatics, "http://stt.example.com:8080/v2", "wss://stt.example.com:8080/v2")]
    [InlineData(SttProvider.AssemblyAI, "https://stt.example.com:443/v3/ws", "wss://stt.example.com/v3/ws")]
    public void AnHttpStreamingEndpointIsRefusedUpFrontNamingTheWebSocketAddressToPass(SttProvider provider, string endpoint, string suggested)
    {
        SttException ex = Refusal(provider, new Uri(endpoint));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal("Endpoint", ex.Target);
        Assert.Contains($"pass '{suggested}'", ex.Message);
        Assert.DoesNotContain("secret-1", ex.Message);
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, "ftp://stt.example.com/v3/ws")]
    [InlineData(SttProvider.Deepgram, "file:///tmp/socket")]
    [InlineData(SttProvider.Speechmatics, "mailto:someone@example.com")]
    public void AnEndpointWithAnotherSchemeIsRefusedUpFront(SttProvider provider, string endpoint)
    {
        SttException ex = Refusal(provider, new Uri(endpoint));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains("wss://", ex.Message);
    }

    [Theory]
    [InlineData(SttProvider.AssemblyAI, "streaming.assemblyai.com/v3/ws?token=secret-2")]
    [InlineData(SttProvider.Deepgram, "/v1/listen")]
    [InlineData(SttProvider.Speechmatics, "eu2.rt.speechmatics.com")]
    public void ARelativeEndpointIsAnOptionErrorNotAnInvalidOperation(SttProvider provider, string endpoint)
    {
        SttException ex = Refusal(provider, new Uri(endpoint, UriKind.Relative));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains("not an absolute address", ex.Message);
        Assert.Contains("wss://", ex.Message);
        Assert.DoesNotContain("secret-2", ex.Message);
    }

    [Fact]
    public void PlainWebSocketsElsewhereStayInsecure()
    {
        Assert.Equal(SttErrorKind.TransportEndpointInsecure, Refusal(SttProvider.Deepgram, new Uri("ws://stt.example.com/v1/listen")).Kind);
    }

    [Theory]
    [InlineData("wss://127.0.0.1:5080", "https://127.0.0.1:5080", SttErrorKind.OptionInvalid)]
    [InlineData("ws://127.0.0.1:5080", "http://127.0.0.1:5080", SttErrorKind.OptionInvalid)]
    [InlineData("wss://tokens.example.com", "https://tokens.example.com", SttErrorKind.OptionInvalid)]
    [InlineData("ftp://tokens.example.com", "https://", SttErrorKind.OptionInvalid)]
    [InlineData("tokens.example.com", "https://", SttErrorKind.OptionInvalid)]
    [InlineData("http://tokens.example.com", "https://", SttErrorKind.TransportEndpointInsecure)]
    public async Task ATokenEndpointThatCannotWorkIsRefusedBeforeAnyRequest(string endpoint, string named, SttErrorKind kind)
    {
        foreach (SttProvider provider in new[] { SttProvider.AssemblyAI, SttProvider.Deepgram, SttProvider.Speechmatics })
        {
            var request = new TemporaryTokenRequest
            {
                Provider = provider,
                Credential = SttCredential.FromApiKey("test-key"),
                ExpiresInSeconds = 60,
                Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute),
            };
            var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
            Assert.Equal(kind, ex.Kind);
            Assert.Contains(named, ex.Message);
        }
    }
}
