// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>Temporary real-time keys: the request (protocols.md §3.2) and the limits checked before sending it.</summary>
public sealed class SpeechmaticsTokenClientTests
{
    [Fact]
    public void TheRequestGoesToTheManagementPlatformOrUnderTheGivenBase()
    {
        var request = new TemporaryTokenRequest { Provider = SttProvider.Speechmatics };
        Assert.Equal(new Uri("https://mp.speechmatics.com/v1/api_keys?type=rt"), SpeechmaticsTokenClient.TokenUri(request));

        request.Endpoint = new Uri("http://127.0.0.1:9000/proxy/");
        Assert.Equal(new Uri("http://127.0.0.1:9000/proxy/v1/api_keys?type=rt"), SpeechmaticsTokenClient.TokenUri(request));
        Assert.Equal("{\"ttl\":3600}", SpeechmaticsTokenClient.CreateBody(3600));
    }

    [Theory]
    [InlineData(59, null, "ExpiresInSeconds")]
    [InlineData(86401, null, "ExpiresInSeconds")]
    [InlineData(60, 600, "MaxSessionDurationSeconds")]
    public async Task LimitsAreCheckedBeforeAnyRequest(int ttl, int? maxSession, string target)
    {
        var request = new TemporaryTokenRequest
        {
            Provider = SttProvider.Speechmatics,
            Credential = SttCredential.FromApiKey("k"),
            ExpiresInSeconds = ttl,
            MaxSessionDurationSeconds = maxSession,
            Endpoint = new Uri("http://127.0.0.1:1"),
        };
        var ex = await Assert.ThrowsAsync<SttException>(() => TemporaryTokenClient.RequestAsync(request, CancellationToken.None));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal(target, ex.Target);
    }
}
