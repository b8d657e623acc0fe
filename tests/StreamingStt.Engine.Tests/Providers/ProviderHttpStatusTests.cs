// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>
/// Every HTTP status the engine gives a meaning to, for each place that reads one: a refused WebSocket upgrade of
/// each provider, and a failed token request. A status no rule names keeps the transport's kind
/// (ProviderConnectionFailed) or, for tokens, becomes TokenRequestFailed.
/// </summary>
public sealed class ProviderHttpStatusTests
{
    private const SttErrorKind Unmapped = SttErrorKind.ProviderConnectionFailed;

    private static readonly int[] Statuses = { 400, 401, 402, 403, 404, 405, 408, 418, 422, 429, 499, 500, 501, 502, 503, 504, 599, 600 };

    private static readonly Dictionary<int, SttErrorKind> AssemblyAIUpgrade = new()
    {
        [400] = SttErrorKind.ProviderRejectedRequest,
        [401] = SttErrorKind.ProviderAuthenticationFailed,
        [402] = SttErrorKind.ProviderQuotaExceeded,
        [403] = SttErrorKind.ProviderAuthenticationFailed,
        [429] = SttErrorKind.ProviderConcurrencyLimitExceeded,
    };

    // Deepgram: every 5xx is the service being unavailable.
    private static readonly Dictionary<int, SttErrorKind> DeepgramUpgrade = new()
    {
        [400] = SttErrorKind.ProviderRejectedRequest,
        [401] = SttErrorKind.ProviderAuthenticationFailed,
        [402] = SttErrorKind.ProviderQuotaExceeded,
        [403] = SttErrorKind.ProviderAuthenticationFailed,
        [429] = SttErrorKind.ProviderConcurrencyLimitExceeded,
        [500] = SttErrorKind.ProviderServerError,
        [501] = SttErrorKind.ProviderServerError,
        [502] = SttErrorKind.ProviderServerError,
        [503] = SttErrorKind.ProviderServerError,
        [504] = SttErrorKind.ProviderServerError,
        [599] = SttErrorKind.ProviderServerError,
    };

    // Speechmatics: 404/405 are a wrong endpoint; 402 is not documented for the upgrade.
    private static readonly Dictionary<int, SttErrorKind> SpeechmaticsUpgrade = new()
    {
        [400] = SttErrorKind.ProviderRejectedRequest,
        [401] = SttErrorKind.ProviderAuthenticationFailed,
        [403] = SttErrorKind.ProviderAuthenticationFailed,
        [404] = SttErrorKind.ProviderRejectedRequest,
        [405] = SttErrorKind.ProviderRejectedRequest,
        [429] = SttErrorKind.ProviderConcurrencyLimitExceeded,
    };

    // Token requests (all providers): 422 is a refused request body.
    private static readonly Dictionary<int, SttErrorKind> TokenRequest = new()
    {
        [400] = SttErrorKind.ProviderRejectedRequest,
        [401] = SttErrorKind.ProviderAuthenticationFailed,
        [402] = SttErrorKind.ProviderQuotaExceeded,
        [403] = SttErrorKind.ProviderAuthenticationFailed,
        [422] = SttErrorKind.ProviderRejectedRequest,
        [429] = SttErrorKind.ProviderConcurrencyLimitExceeded,
    };

    public static TheoryData<SttProvider, int> UpgradeCases()
    {
        var data = new TheoryData<SttProvider, int>();
        foreach (SttProvider provider in new[] { SttProvider.AssemblyAI, SttProvider.Deepgram, SttProvider.Speechmatics })
        {
            foreach (int status in Statuses) data.Add(provider, status);
        }
        return data;
    }

    public static TheoryData<SttProvider, int> TokenCases() => UpgradeCases();

    [Theory]
    [MemberData(nameof(UpgradeCases))]
    public void ARefusedUpgradeHasTheKindItsProviderGivesTheStatus(SttProvider provider, int status)
    {
        (ISttProtocol protocol, Dictionary<int, SttErrorKind> expected) = provider switch
        {
            SttProvider.AssemblyAI => ((ISttProtocol)new AssemblyAIProtocol(new AssemblyAIOptions(), 16000, OutputEncoding.PcmS16le), AssemblyAIUpgrade),
            SttProvider.Deepgram => (new DeepgramProtocol(new DeepgramOptions(), 16000, OutputEncoding.PcmS16le), DeepgramUpgrade),
            _ => (new SpeechmaticsProtocol(new SpeechmaticsOptions(), 16000, OutputEncoding.PcmS16le), SpeechmaticsUpgrade),
        };
        var failure = new SttException(SttErrorKind.ProviderConnectionFailed, $"refused with HTTP {status}", "wss://stt.example.com") { ProviderCode = status };

        SttException described = protocol.DescribeConnectFailure(failure);

        Assert.Equal(expected.TryGetValue(status, out SttErrorKind kind) ? kind : Unmapped, described.Kind);
        Assert.Equal(status, described.ProviderCode);
        Assert.Equal("wss://stt.example.com", described.Target);
    }

    [Theory]
    [MemberData(nameof(TokenCases))]
    public void AFailedTokenRequestHasTheKindItsStatusMeans(SttProvider provider, int status)
    {
        SttException described = TemporaryTokenClient.DescribeTokenFailure(provider, (HttpStatusCode)status, "refused", "https://stt.example.com/token");

        Assert.Equal(TokenRequest.TryGetValue(status, out SttErrorKind kind) ? kind : SttErrorKind.TokenRequestFailed, described.Kind);
        Assert.Equal(status, described.ProviderCode);
        Assert.Equal("refused", described.ProviderReason);
    }
}
