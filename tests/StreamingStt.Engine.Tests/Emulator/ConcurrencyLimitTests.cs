// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.Emulator.Deepgram;
using StreamingStt.Engine.Tests.Emulator.Speechmatics;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>
/// The emulators' MaxConcurrentSessions refuses one session too many as the service does (AssemblyAI close 3009 after the
/// upgrade, Deepgram HTTP 429, Speechmatics Error quota_exceeded and close 4005 at StartRecognition), the engine reads that as ProviderConcurrencyLimitExceeded without reconnecting, and a
/// place freed is a place the next session gets (what Start-SttSession -ThrottleLimit's retry relies on).
/// </summary>
public sealed class ConcurrencyLimitTests : IDisposable
{
    private readonly string _wav = TestWav.WriteTone(TimeSpan.FromSeconds(1), 16000, 1);

    public void Dispose() => File.Delete(_wav);

    [Fact]
    public async Task AssemblyAIClosesTheSessionOverTheLimitWith3009AndTheNextOneAfterAPlaceIsFreedIsAccepted()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { MaxConcurrentSessions = 1 });

        await using (var holder = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"), "test-key"))
        {
            Assert.Equal("Begin", (string?)(await holder.ReceiveAsync())?["type"]);
            await using var refused = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"), "test-key");
            var messages = await refused.ReceiveUntilClosedAsync();

            Assert.Empty(messages); // no Begin
            Assert.Equal(3009, refused.CloseFrame.Code);
            Assert.Equal("Unauthorized Connection: Too many concurrent sessions", refused.CloseFrame.Reason);
            var record = await emulator.WaitForSessionEndAsync(1, TimeSpan.FromSeconds(5));
            Assert.True(record.Authenticated);
            Assert.Equal(3009, record.CloseStatus);

            // The engine, over the limit: the provider's refusal, not a connection it retries on its own.
            SessionRun run = Run(AssemblyAIOptions(emulator, maxReconnectAttempts: 3));
            Assert.Equal(SttErrorKind.ProviderConcurrencyLimitExceeded, run.Fault?.Kind);
            Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
            Assert.Empty(run.Turns);
        }

        await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        SessionRun admitted = Run(AssemblyAIOptions(emulator, maxReconnectAttempts: 0));
        Assert.Null(admitted.Fault);
        Assert.NotEmpty(admitted.Turns);
    }

    [Fact]
    public async Task DeepgramRefusesTheUpgradeOverTheLimitWith429AndTheEngineSaysConcurrency()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { MaxConcurrentSessions = 1 });

        await using (var holder = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery))
        {
            var (status, headers) = await RawDeepgramClient.RefusedAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
            Assert.Equal(429, status);
            Assert.Equal("Too many requests. Please try again later.", headers["dg-error"].Single());

            var options = new SttSessionOptions { Provider = SttProvider.Deepgram, Credential = SttCredential.FromApiKey("test-key") };
            options.Deepgram.Endpoint = emulator.WebSocketUri;
            SessionRun run = Run(options);
            Assert.Equal(SttErrorKind.ProviderConcurrencyLimitExceeded, run.Fault?.Kind);
            Assert.Equal(429, run.Fault?.ProviderCode);
        }

        await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        await using var admitted = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
    }

    [Fact]
    public async Task SpeechmaticsAnswersStartRecognitionOverTheLimitWithQuotaExceededAnd4005AndTheEngineSaysConcurrency()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { MaxConcurrentSessions = 1 });

        var (holder, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (holder)
        {
            // The service upgrades and says Info as usual; the refusal is its answer to StartRecognition.
            await using (var refused = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri))
            {
                await refused.ExpectAsync("Info");
                await refused.ExpectAsync("Info");
                await refused.SendTextAsync(RawSpeechmaticsClient.PcmStart);
                Assert.Equal(("quota_exceeded", 4005, "quota_exceeded"), await refused.ExpectErrorAndCloseAsync());
            }

            // The engine, over the limit: the provider's refusal, not a connection it retries on its own.
            var options = new SttSessionOptions { Provider = SttProvider.Speechmatics, Credential = SttCredential.FromApiKey("test-key"), MaxReconnectAttempts = 3 };
            options.Speechmatics.Endpoint = emulator.WebSocketUri;
            SessionRun run = Run(options);
            Assert.Equal(SttErrorKind.ProviderConcurrencyLimitExceeded, run.Fault?.Kind);
            Assert.Equal(SessionEndReason.Failed, run.Summary.EndReason);
            Assert.Equal(0, run.Summary.Reconnects);
            Assert.Empty(run.Turns);
        }

        // The holder's place is free again once its session has ended: the next session is heard.
        await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        var again = new SttSessionOptions { Provider = SttProvider.Speechmatics, Credential = SttCredential.FromApiKey("test-key"), MaxReconnectAttempts = 0 };
        again.Speechmatics.Endpoint = emulator.WebSocketUri;
        SessionRun admitted = Run(again);
        Assert.Null(admitted.Fault);
        Assert.Equal(SessionEndReason.Completed, admitted.Summary.EndReason);
    }

    private static SttSessionOptions AssemblyAIOptions(AssemblyAIEmulator emulator, int maxReconnectAttempts)
    {
        var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key"), MaxReconnectAttempts = maxReconnectAttempts };
        options.AssemblyAI.Endpoint = emulator.WebSocketUri;
        return options;
    }

    private SessionRun Run(SttSessionOptions options)
    {
        using var session = new SttSession(WaveFileAudioSource.Open(_wav), options);
        session.Start();
        return SessionRun.Drain(session, TimeSpan.FromSeconds(30));
    }
}
