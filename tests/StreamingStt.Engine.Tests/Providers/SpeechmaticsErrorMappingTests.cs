// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>Every Speechmatics Error type, close code and refused upgrade → the error kind the user sees (protocols.md §3.5, §3.8).</summary>
public sealed class SpeechmaticsErrorMappingTests
{
    public static TheoryData<string, SttErrorKind> ErrorTypes() => new()
    {
        { "not_authorised", SttErrorKind.ProviderAuthenticationFailed },
        { "quota_exceeded", SttErrorKind.ProviderConcurrencyLimitExceeded },
        { "timelimit_exceeded", SttErrorKind.ProviderQuotaExceeded },
        { "invalid_model", SttErrorKind.ProviderRejectedRequest },
        { "invalid_language", SttErrorKind.ProviderRejectedRequest },
        { "invalid_config", SttErrorKind.ProviderRejectedRequest },
        { "invalid_audio_type", SttErrorKind.ProviderRejectedRequest },
        { "invalid_output_format", SttErrorKind.ProviderRejectedRequest },
        { "not_allowed", SttErrorKind.ProviderRejectedRequest },
        { "invalid_message", SttErrorKind.ProviderInvalidMessage },
        { "protocol_error", SttErrorKind.ProviderInvalidMessage },
        { "idle_timeout", SttErrorKind.ProviderTimeout },
        { "session_timeout", SttErrorKind.ProviderSessionExpired },
        { "job_error", SttErrorKind.ProviderServerError },
        { "unknown_error", SttErrorKind.ProviderServerError },
        { "internal_error", SttErrorKind.ProviderServerError },
    };

    [Theory]
    [MemberData(nameof(ErrorTypes))]
    public void EachErrorTypeIsAFatalErrorOfItsKind(string type, SttErrorKind expected)
    {
        var output = new List<ProviderMessage>();
        SpeechmaticsProtocolTests.NewProtocol().Parse($$"""{"message":"Error","type":"{{type}}","reason":"Reason text"}""", DateTimeOffset.UtcNow, output);

        var error = Assert.IsType<ProviderError>(Assert.Single(output));
        Assert.True(error.IsFatal);
        Assert.Equal(expected, error.Error.Kind);
        Assert.Contains($"({type}): Reason text", error.Error.Message);
        Assert.Equal("Speechmatics", error.Error.Target);
    }

    public static TheoryData<int, string, SttErrorKind> CloseCodes() => new()
    {
        { 1003, "protocol_error", SttErrorKind.ProviderInvalidMessage },
        { 1008, "policy_violation", SttErrorKind.ProviderRejectedRequest },
        { 1011, "internal_error", SttErrorKind.ProviderServerError },
        { 4001, "not_authorised", SttErrorKind.ProviderAuthenticationFailed },
        { 4003, "not_allowed", SttErrorKind.ProviderRejectedRequest },
        { 4004, "invalid_model", SttErrorKind.ProviderRejectedRequest },
        { 4005, "quota_exceeded", SttErrorKind.ProviderConcurrencyLimitExceeded },
        { 4006, "timelimit_exceeded", SttErrorKind.ProviderQuotaExceeded },
        { 4013, "job_error", SttErrorKind.ProviderServerError },
        // The payload is the error type: it wins over the code where the two disagree.
        { 1003, "invalid_config", SttErrorKind.ProviderRejectedRequest },
        { 1008, "idle_timeout", SttErrorKind.ProviderTimeout },
        { 4005, "", SttErrorKind.ProviderConcurrencyLimitExceeded },
        { 4999, "something new", SttErrorKind.ProviderError },
    };

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public void EachCloseCodeWithoutAnErrorMessageIsAnErrorOfItsKind(int code, string reason, SttErrorKind expected)
    {
        SttException? error = SpeechmaticsProtocolTests.NewProtocol().DescribeClose(code, reason, stopRequested: false);
        Assert.NotNull(error);
        Assert.Equal(expected, error!.Kind);
        Assert.Equal(code, error.ProviderCode);
    }

    [Fact]
    public void TheErrorMessageBeforeACloseKeepsItsKindAndTextAndTakesTheCloseCode()
    {
        SpeechmaticsProtocol protocol = SpeechmaticsProtocolTests.NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("""{"message":"Error","type":"idle_timeout","reason":"Idle duration limit was reached"}""", DateTimeOffset.UtcNow, output);
        SttException reported = ((ProviderError)output[0]).Error;

        SttException? closed = protocol.DescribeClose(1008, "policy_violation", stopRequested: false);
        Assert.Same(reported, closed);
        Assert.Equal(SttErrorKind.ProviderTimeout, closed!.Kind);
        Assert.Equal(1008, closed.ProviderCode);
        Assert.Contains("Idle duration limit was reached", closed.Message);
    }

    [Theory]
    [InlineData(1011, "internal_error", SttErrorKind.ProviderServerError)]
    [InlineData(4005, "quota_exceeded", SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(4999, "something new", SttErrorKind.ProviderError)]
    public void AnErrorOfAnUnknownTypeTakesItsKindFromTheCloseCodeAndKeepsItsText(int code, string reason, SttErrorKind expected)
    {
        SpeechmaticsProtocol protocol = SpeechmaticsProtocolTests.NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("""{"message":"Error","type":"service_overloaded","reason":"Try again soon"}""", DateTimeOffset.UtcNow, output);
        Assert.DoesNotContain(output, m => m is ProviderError);

        SttException? closed = protocol.DescribeClose(code, reason, stopRequested: false);
        Assert.Equal(expected, closed!.Kind);
        Assert.Equal(code, closed.ProviderCode);
        Assert.Contains("(service_overloaded): Try again soon", closed.Message);
    }

    [Fact]
    public void AnErrorOfAnUnknownTypeBeforeANormalCloseIsStillAnError()
    {
        SpeechmaticsProtocol protocol = SpeechmaticsProtocolTests.NewProtocol();
        protocol.Parse("""{"message":"Error","type":"insufficient_funds","reason":"Top up"}""", DateTimeOffset.UtcNow, new List<ProviderMessage>());
        SttException? closed = protocol.DescribeClose(1000, string.Empty, stopRequested: false);
        Assert.Equal(SttErrorKind.ProviderError, closed!.Kind);
        Assert.Contains("Top up", closed.Message);
    }

    [Fact]
    public void ANormalCloseIsNoErrorAndAMissingStatusIsALostConnection()
    {
        Assert.Null(SpeechmaticsProtocolTests.NewProtocol().DescribeClose(1000, string.Empty, stopRequested: false));
        Assert.Null(SpeechmaticsProtocolTests.NewProtocol().DescribeClose(1001, "going away", stopRequested: true));
        Assert.Equal(SttErrorKind.ProviderConnectionLost, SpeechmaticsProtocolTests.NewProtocol().DescribeClose(null, null, stopRequested: false)!.Kind);
    }

    [Theory]
    [InlineData(401, SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(403, SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(400, SttErrorKind.ProviderRejectedRequest)]
    [InlineData(404, SttErrorKind.ProviderRejectedRequest)]
    [InlineData(429, SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(502, SttErrorKind.ProviderConnectionFailed)]
    public void ARefusedUpgradeIsDescribedByItsStatus(int status, SttErrorKind expected)
    {
        var failure = new SttException(SttErrorKind.ProviderConnectionFailed, $"HTTP {status}", "wss://eu.rt.speechmatics.com/v2") { ProviderCode = status };
        SttException described = SpeechmaticsProtocolTests.NewProtocol().DescribeConnectFailure(failure);
        Assert.Equal(expected, described.Kind);
        Assert.Equal(status, described.ProviderCode);
        Assert.Equal("wss://eu.rt.speechmatics.com/v2", described.Target);
    }
}
