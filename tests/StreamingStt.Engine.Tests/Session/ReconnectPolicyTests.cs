// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Session.Reconnect;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>Which provider failures a reconnect may cure, from each protocol's own reading of its close codes and errors.</summary>
public sealed class ReconnectPolicyTests
{
    public static TheoryData<string, SttException, bool> Failures() => new()
    {
        { "no close frame", new SttException(SttErrorKind.ProviderConnectionLost, "lost"), true },
        { "stall", new SttException(SttErrorKind.ProviderStalled, "stalled"), true },
        { "AssemblyAI 1011", AssemblyAIProtocol.DescribeCode(1011, "Internal error")!, true },
        { "AssemblyAI 1013", AssemblyAIProtocol.DescribeCode(1013, "Try again later")!, true },
        { "AssemblyAI 3005", AssemblyAIProtocol.DescribeCode(3005, "Session Cancelled: An error occurred")!, true },
        { "AssemblyAI 3008 (limit before a rollover)", AssemblyAIProtocol.DescribeCode(3008, "Session Expired: Maximum session duration exceeded")!, true },
        { "AssemblyAI 1008 auth", AssemblyAIProtocol.DescribeCode(1008, "Unauthorized Connection: Missing Authorization header")!, false },
        { "AssemblyAI 3006 message", AssemblyAIProtocol.DescribeCode(3006, "Invalid Message Type: x")!, false },
        { "AssemblyAI 3007 rate", AssemblyAIProtocol.DescribeCode(3007, "Audio Transmission Rate Exceeded: Received 20 sec. audio in 10 sec")!, false },
        { "AssemblyAI 3009 concurrency", AssemblyAIProtocol.DescribeCode(3009, "Unauthorized Connection: Too many concurrent sessions")!, false },
        { "AssemblyAI 4002 funds", AssemblyAIProtocol.DescribeCode(4002, "Insufficient funds")!, false },
        { "Deepgram 1011 NET-0001", DeepgramProtocol.DescribeCode(1011, "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001"), true },
        { "Deepgram 1011 NET-0000", DeepgramProtocol.DescribeCode(1011, "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000"), true },
        { "Deepgram 1012", DeepgramProtocol.DescribeCode(1012, "restart"), true },
        { "Deepgram 1008 DATA-0000", DeepgramProtocol.DescribeCode(1008, "DATA-0000"), false },
        { "Speechmatics 1011", SpeechmaticsErrors.FromCloseCode(1011, "internal_error")!, true },
        { "Speechmatics job_error", SpeechmaticsErrors.FromErrorType("job_error", "failed"), true },
        { "Speechmatics not_authorised", SpeechmaticsErrors.FromErrorType("not_authorised", "bad key"), false },
        { "Speechmatics quota_exceeded", SpeechmaticsErrors.FromErrorType("quota_exceeded", "too many"), false },
        { "Speechmatics invalid_config", SpeechmaticsErrors.FromErrorType("invalid_config", "bad"), false },
        { "refused upgrade 401", new SttException(SttErrorKind.ProviderAuthenticationFailed, "401") { ProviderCode = 401 }, false },
        { "refused upgrade 503", new SttException(SttErrorKind.ProviderConnectionFailed, "503") { ProviderCode = 503 }, true },
        { "refused upgrade 404", new SttException(SttErrorKind.ProviderConnectionFailed, "404") { ProviderCode = 404 }, false },
        { "DNS or refused connection", new SttException(SttErrorKind.ProviderConnectionFailed, "refused"), true },
        { "bad option", new SttException(SttErrorKind.OptionInvalid, "bad"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void TransientOnlyWhenANewConnectionCanCureIt(string what, SttException error, bool transient)
    {
        Assert.True(ReconnectPolicy.IsTransient(error) == transient, $"{what}: {error.ErrorId} {error.ProviderCode}");
    }

    [Fact]
    public void BackoffDoublesWithJitterUpToThirtySeconds()
    {
        for (int attempt = 1; attempt <= 12; attempt++)
        {
            double ceiling = Math.Min(30, 0.5 * Math.Pow(2, attempt - 1));
            var delays = Enumerable.Range(0, 50).Select(_ => ReconnectPolicy.DelayBefore(attempt).TotalSeconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 1, "jitter");
        }
    }

    [Fact]
    public void ReplayBufferKeepsOnlyTheAudioSinceTheLastEndOfTurnAndIsBounded()
    {
        var buffer = new ReplayBuffer(TimeSpan.FromSeconds(2));
        var frame = new byte[1600];
        for (int i = 0; i < 100; i++) buffer.Add(frame, frame.Length, TimeSpan.FromMilliseconds(50 * i), TimeSpan.FromMilliseconds(50 * (i + 1)));
        Assert.InRange(buffer.Held.TotalSeconds, 1.95, 2.0);

        buffer.MarkTurnEnded(TimeSpan.FromSeconds(4.42));
        List<ReplayFrame> frames = buffer.Snapshot(out bool truncated);
        Assert.False(truncated);
        Assert.Equal(TimeSpan.FromSeconds(4.4), frames[0].Start); // the frame holding the turn's end is heard again
        Assert.Equal(TimeSpan.FromSeconds(5), frames[^1].End);
    }
}
