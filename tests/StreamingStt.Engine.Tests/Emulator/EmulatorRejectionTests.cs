// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>What the real service refuses, the emulator refuses, with the same close codes.</summary>
public sealed class EmulatorRejectionTests
{
    private static Task<AssemblyAIEmulator> StartAsync(TimeSpan? lead = null, TimeSpan? maxSession = null) =>
        AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            RealTimeLead = lead ?? TimeSpan.FromSeconds(10),
            MaxSessionDuration = maxSession ?? TimeSpan.FromHours(3),
        });

    private static async Task<(List<JsonObject> Messages, int? Code, string? Reason)> CloseAfterAsync(RawAssemblyAIClient client, Func<Task>? act = null)
    {
        if (act is not null)
        {
            await act();
        }

        var messages = await client.ReceiveUntilClosedAsync();
        return (messages, client.CloseFrame.Code, client.CloseFrame.Reason);
    }

    [Theory]
    [InlineData(null, "Unauthorized Connection: Missing Authorization header")]
    [InlineData("wrong-key", "Unauthorized Connection: Invalid API key")]
    [InlineData("Bearer test-key", "Unauthorized Connection: Invalid API key")]
    public async Task BadOrMissingKeyIsClosedWith1008AfterTheUpgrade(string? key, string reason)
    {
        await using var emulator = await StartAsync();
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"), key);

        var (messages, code, actualReason) = await CloseAfterAsync(client);

        Assert.Empty(messages); // no Begin
        Assert.Equal(1008, code);
        Assert.Equal(reason, actualReason);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.False(record.Authenticated);
        Assert.Null(record.SessionId);
        Assert.Equal(key is null ? EmulatorAuthMethod.None : EmulatorAuthMethod.ApiKeyHeader, record.AuthMethod);
        Assert.Equal(key is not null, record.HeaderNames.Contains("Authorization"));
    }

    [Theory]
    [InlineData("sample_rate=16000&encoding=pcm_s16le", "speech_model is required")]
    [InlineData("sample_rate=16000&speech_model=nano", "speech_model")]
    [InlineData("encoding=pcm_s16le&speech_model=u3-rt-pro", "sample_rate")]
    [InlineData("sample_rate=0&speech_model=u3-rt-pro", "sample_rate")]
    [InlineData("sample_rate=16k&speech_model=u3-rt-pro", "sample_rate")]
    [InlineData("sample_rate=16000&encoding=flac&speech_model=u3-rt-pro", "encoding")]
    [InlineData("sample_rate=16000&speech_model=universal-streaming-english&format_turns=yes", "format_turns")]
    [InlineData("sample_rate=16000&speech_model=universal-streaming-english&end_of_turn_confidence_threshold=1.5", "end_of_turn_confidence_threshold")]
    [InlineData("sample_rate=16000&speech_model=u3-rt-pro&vad_threshold=-0.1", "vad_threshold")]
    [InlineData("sample_rate=16000&speech_model=u3-rt-pro&speaker_labels=true&max_speakers=11", "max_speakers")]
    [InlineData("sample_rate=16000&speech_model=u3-rt-pro&inactivity_timeout=4", "inactivity_timeout")]
    [InlineData("sample_rate=16000&speech_model=u3-rt-pro&min_turn_silence=-1", "min_turn_silence")]
    [InlineData("sample_rate=16000&speech_model=u3-rt-pro&keyterms_prompt=AssemblyAI", "keyterms_prompt")]
    public async Task InvalidQueryIsClosedWith3006AfterAnErrorMessage(string query, string reasonMentions)
    {
        await using var emulator = await StartAsync();
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, query);

        var (messages, code, reason) = await CloseAfterAsync(client);

        Assert.Equal(3006, code);
        Assert.Contains(reasonMentions, reason);
        JsonObject error = Assert.Single(messages);
        Assert.Equal("Error", (string?)error["type"]);
        Assert.Equal(3006, (int)error["error_code"]!);
    }

    [Fact]
    public async Task MoreThanAHundredKeytermsIsRefusedButLongTermsAndUnknownParametersAreAccepted()
    {
        await using var emulator = await StartAsync();
        string hundredAndOne = Uri.EscapeDataString(new JsonArray(Enumerable.Range(0, 101).Select(i => (JsonNode)JsonValue.Create($"term{i}")!).ToArray()).ToJsonString());
        await using (var tooMany = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro", "keyterms_prompt=" + hundredAndOne)))
        {
            var (_, code, reason) = await CloseAfterAsync(tooMany);
            Assert.Equal(3006, code);
            Assert.Contains("100", reason);
        }

        string fine = Uri.EscapeDataString("[\"AssemblyAI\",\"" + new string('x', 80) + "\"]");
        await using var accepted = await RawAssemblyAIClient.ConnectAsync(
            emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro", $"keyterms_prompt={fine}&session_heartbeat=false&domain=medical-v1&whatever=1"));
        await accepted.ExpectAsync("Begin");
    }

    [Theory]
    [InlineData("{not json", "Invalid JSON: {not json")]
    [InlineData("[]", "Invalid Message: []")]
    [InlineData("{\"kind\":\"Terminate\"}", "Invalid Message: {\"kind\":\"Terminate\"}")]
    [InlineData("{\"type\":\"Finalize\"}", "Invalid Message Type: Finalize")]
    [InlineData("{\"type\":\"UpdateConfiguration\",\"min_turn_silence\":\"soon\"}", "Invalid Message: {\"type\":\"UpdateConfiguration\",\"min_turn_silence\":\"soon\"}")]
    [InlineData("{\"type\":\"UpdateConfiguration\",\"end_of_turn_confidence_threshold\":2}", "Invalid Message: {\"type\":\"UpdateConfiguration\",\"end_of_turn_confidence_threshold\":2}")]
    public async Task InvalidClientMessagesAreClosedWith3006(string text, string reason)
    {
        await using var emulator = await StartAsync();
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        var (messages, code, actualReason) = await CloseAfterAsync(client, () => client.SendTextAsync(text));

        Assert.Equal(3006, code);
        Assert.Equal(reason, actualReason);
        Assert.Equal(reason, (string?)Assert.Single(messages)["error"]);
    }

    [Fact]
    public async Task AnOverlongInvalidMessageIsCutToTheCloseReasonLimit()
    {
        await using var emulator = await StartAsync();
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        var (_, code, reason) = await CloseAfterAsync(client, () => client.SendTextAsync("{\"type\":\"" + new string('é', 200) + "\"}"));

        Assert.Equal(3006, code);
        Assert.StartsWith("Invalid Message Type: éé", reason);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(reason!), 100, 123);
    }

    [Theory]
    [InlineData(20, "Input duration violation: 20.0 ms. Expected between 50 and 1000 ms")]
    [InlineData(1100, "Input duration violation: 1100.0 ms. Expected between 50 and 1000 ms")]
    [InlineData(0, "Input duration violation: 0.0 ms. Expected between 50 and 1000 ms")]
    public async Task FramesOutsideFiftyToAThousandMillisecondsAreClosedWith3007(int milliseconds, string reason)
    {
        await using var emulator = await StartAsync();
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));
        await client.ExpectAsync("Begin");

        var (messages, code, actualReason) = await CloseAfterAsync(client, async () =>
        {
            await client.SendAudioAsync(100);
            await client.SendAudioAsync(milliseconds);
        });

        Assert.Equal(3007, code);
        Assert.Equal(reason, actualReason);
        JsonObject error = Assert.Single(messages);
        Assert.Equal(3007, (int)error["error_code"]!);
        Assert.StartsWith("Input Duration Error: Input Duration Violation: ", (string?)error["error"]);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { 100.0, milliseconds }, record.FrameDurations.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task SendingFasterThanRealTimeBeyondTheLeadIsClosedWith3007()
    {
        await using var emulator = await StartAsync(lead: TimeSpan.FromSeconds(1));
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        var (messages, code, reason) = await CloseAfterAsync(client, async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                await client.SendAudioAsync(1000);
            }
        });

        Assert.Equal(3007, code);
        Assert.Matches(@"^Audio Transmission Rate Exceeded: Received 2\.0 sec\. audio in \d+\.\d{6} sec$", reason);
        Assert.Equal(new[] { "SpeechStarted@500", "Error" }, MessageDigest.Of(messages)); // the default script's first utterance
        Assert.Equal("Input Duration Error: " + reason, (string?)messages[^1]["error"]);
    }

    [Fact]
    public async Task TheSessionExpiresWith3008AtTheMaximumDuration()
    {
        await using var emulator = await StartAsync(maxSession: TimeSpan.FromSeconds(1));
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        JsonObject begin = await client.ExpectAsync("Begin");
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)begin["expires_at"]!, now, now + 2);

        var started = DateTime.UtcNow;
        var (messages, code, reason) = await CloseAfterAsync(client);

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3));
        Assert.Equal(3008, code);
        Assert.Equal("Session Expired: Maximum session duration exceeded", reason);
        Assert.Equal(3008, (int)Assert.Single(messages)["error_code"]!);
    }
}
