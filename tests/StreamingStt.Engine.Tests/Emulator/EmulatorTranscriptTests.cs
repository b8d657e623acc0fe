// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>Scripted transcripts: Begin first, both turn behaviours, format_turns, Terminate/ForceEndpoint flushing.</summary>
public sealed class EmulatorTranscriptTests
{
    private static readonly EmulatorScript TwoSentences = new(new[]
    {
        new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)),   // hello 500–800, world 800–1100
        new ScriptedUtterance("How are you?", TimeSpan.FromSeconds(2)),     // 2000–2900
    });

    private static Task<AssemblyAIEmulator> StartAsync(EmulatorScript script) =>
        AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Script = script });

    /// <summary>Sends <paramref name="audio"/> at once, then Terminate, and returns everything after Begin.</summary>
    private static async Task<List<JsonObject>> StreamAndTerminateAsync(RawAssemblyAIClient client, TimeSpan audio)
    {
        await client.ExpectAsync("Begin");
        await client.SendAudioBurstAsync(audio);
        await client.SendTextAsync("{\"type\":\"Terminate\"}");
        return await client.ReceiveUntilClosedAsync();
    }

    [Fact]
    public async Task BeginComesFirstWithASessionIdAndExpiry()
    {
        await using var emulator = await StartAsync(TwoSentences);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));

        JsonObject begin = await client.ExpectAsync("Begin");

        Assert.True(Guid.TryParse((string?)begin["id"], out _));
        long expectedExpiry = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds();
        Assert.InRange((long)begin["expires_at"]!, expectedExpiry - 5, expectedExpiry + 5);
        Assert.Equal((string?)begin["id"], emulator.Sessions[0].SessionId);
    }

    [Fact]
    public async Task UniversalStreamingSendsWordByWordPartialsThenAnUnformattedEndOfTurn()
    {
        await using var emulator = await StartAsync(TwoSentences);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));

        var messages = await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(3.5));

        Assert.Equal(new[]
        {
            "Turn0 partial '' [hello~]",
            "Turn0 partial 'hello' [hello world~]",
            "Turn0 EOT 'hello world' [hello world]",       // at 1100 + min_turn_silence 400
            "Turn1 partial '' [how~]",
            "Turn1 partial 'how' [how are~]",
            "Turn1 partial 'how are' [how are you~]",
            "Turn1 EOT 'how are you' [how are you]",       // at 3300
            "Termination",
        }, MessageDigest.Of(messages));

        JsonObject endOfTurn = messages[2];
        Assert.Equal("hello world", (string?)endOfTurn["utterance"]);
        Assert.Equal("", (string?)messages[1]["utterance"]);
        Assert.InRange((double)endOfTurn["end_of_turn_confidence"]!, 0.41, 1);
        var world = endOfTurn["words"]![1]!;
        Assert.Equal(800, (long)world["start"]!);
        Assert.Equal(1100, (long)world["end"]!);
        Assert.InRange((double)world["confidence"]!, 0.5, 1);
        Assert.Null(endOfTurn["speaker_label"]);
        Assert.Null(endOfTurn["language_code"]);
        Assert.Equal(4, (long)messages[^1]["audio_duration_seconds"]!);
        Assert.Equal((1000, ""), client.CloseFrame);
    }

    [Fact]
    public async Task FormatTurnsAddsAFormattedCopyOfEachEndOfTurnWithTheSameTurnOrder()
    {
        await using var emulator = await StartAsync(TwoSentences);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english", "format_turns=true"));

        var endsOfTurn = MessageDigest.Of(await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(3.5))).Where(d => d.Contains("EOT")).ToList();

        Assert.Equal(new[]
        {
            "Turn0 EOT 'hello world' [hello world]",
            "Turn0 EOT F 'Hello world.' [Hello world.]",
            "Turn1 EOT 'how are you' [how are you]",
            "Turn1 EOT F 'How are you?' [How are you?]",
        }, endsOfTurn);
    }

    [Fact]
    public async Task UniversalThreeProSpeaksOnlyInSilenceWithOnePartialWhenTheSentenceIsOpen()
    {
        var script = new EmulatorScript(new[]
        {
            new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)),   // 500–1100 → final at 1200
            new ScriptedUtterance("My name is", TimeSpan.FromSeconds(2)),       // 2000–2900 → partial at 3000
            new ScriptedUtterance("Sonny.", TimeSpan.FromSeconds(3.5)),         // 3500–3800, same turn → final at 3900
        });
        await using var emulator = await StartAsync(script);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));

        var messages = await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(4.5));

        Assert.Equal(new[]
        {
            "SpeechStarted@500",
            "Turn0 EOT F 'Hello world.' [Hello world.]",
            "SpeechStarted@2000",
            "Turn1 partial 'My name is—' [My~ name~ is~]",
            "SpeechStarted@3500",
            "Turn1 EOT F 'My name is Sonny.' [My name is Sonny.]",
            "Termination",
        }, MessageDigest.Of(messages));
        Assert.Equal(1.0, (double)messages[1]["end_of_turn_confidence"]!);
        Assert.Equal("Hello world.", (string?)messages[1]["utterance"]);
        Assert.Equal(0.0, (double)messages[3]["end_of_turn_confidence"]!);
        Assert.Equal("", (string?)messages[3]["utterance"]);
        Assert.Equal(0.98, (double)messages[0]["confidence"]!);
    }

    [Fact]
    public async Task UniversalThreeProEndsAnOpenSentenceAtMaxTurnSilenceWithSpeakerAndLanguage()
    {
        var script = new EmulatorScript(new[] { new ScriptedUtterance("this is not finished yet", TimeSpan.FromSeconds(0.5)) { Speaker = "B" } }); // 500–2000
        await using var emulator = await StartAsync(script);
        await using var client = await RawAssemblyAIClient.ConnectAsync(
            emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro", "speaker_labels=true&language_detection=true"));

        var messages = await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(3.2));

        Assert.Equal(new[]
        {
            "SpeechStarted@500",
            "Turn0 partial 'this is not finished yet—' [this~ is~ not~ finished~ yet~]",   // at 2100
            "Turn0 EOT F 'this is not finished yet' [this is not finished yet]",           // at 3000
            "Termination",
        }, MessageDigest.Of(messages));
        Assert.All(messages.Skip(1).Take(2), m => Assert.Equal("B", (string?)m["speaker_label"]));
        Assert.All(messages[2]["words"]!.AsArray(), w => Assert.Equal("B", (string?)w!["speaker"]));
        Assert.Null(messages[1]["language_code"]);
        Assert.Equal("en", (string?)messages[2]["language_code"]);
        Assert.NotNull(messages[2]["language_confidence"]);
    }

    [Theory]
    [InlineData("universal-streaming-multilingual", "en")]
    [InlineData("universal-streaming-english", null)] // documented: language detection is for the multilingual model
    public async Task LanguageDetectionAddsTheLanguageToEndOfTurnsOfTheMultilingualModel(string model, string? language)
    {
        await using var emulator = await StartAsync(TwoSentences);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query(model, "language_detection=true"));

        var turns = (await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(1.6))).Where(m => (string?)m["type"] == "Turn").ToList();

        Assert.Equal(language, (string?)turns.Single(t => (bool)t["end_of_turn"]!)["language_code"]);
        Assert.All(turns.Where(t => !(bool)t["end_of_turn"]!), t => Assert.Null(t["language_code"]));
    }

    [Fact]
    public async Task TerminateFinishesTheHeardWordsAndDropsTheRest()
    {
        var script = new EmulatorScript(new[] { new ScriptedUtterance("one two three four", TimeSpan.FromSeconds(0.5)) });
        await using var emulator = await StartAsync(script);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));

        var messages = await StreamAndTerminateAsync(client, TimeSpan.FromSeconds(1)); // "two" ends at 1100: not heard

        Assert.Equal(new[] { "Turn0 partial '' [one~]", "Turn0 EOT 'one' [one]", "Termination" }, MessageDigest.Of(messages));
        Assert.Equal((1000, ""), client.CloseFrame);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.True(record.TerminateReceived);
        Assert.Equal(new[] { "Terminate" }, record.ClientMessageTypes);
        Assert.Equal(new[] { "Begin", "Turn", "Turn", "Termination" }, record.ServerMessageTypes);
        Assert.Equal(1000, record.CloseStatus);
        Assert.Equal(10, record.AudioFramesReceived);
        Assert.Equal(32000, record.AudioBytesReceived);
        Assert.Equal(1.0, record.AudioSecondsReceived, 6);
        Assert.All(record.FrameDurations, d => Assert.Equal(100, d.TotalMilliseconds, 6));
        Assert.Equal(EmulatorAuthMethod.ApiKeyHeader, record.AuthMethod);
        Assert.DoesNotContain("test-key", string.Join(' ', record.QueryParameters.Values));
    }

    [Fact]
    public async Task ForceEndpointEndsTheTurnNowAndLaterWordsStartTheNextTurn()
    {
        var script = new EmulatorScript(new[] { new ScriptedUtterance("Keep talking please.", TimeSpan.FromSeconds(0.5)) }); // 500–1400
        await using var emulator = await StartAsync(script);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(1));
        await client.SendTextAsync("{\"type\":\"ForceEndpoint\"}");
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(0.2));
        await client.SendTextAsync("{\"type\":\"KeepAlive\"}");
        await client.SendTextAsync("{\"type\":\"Terminate\"}");
        var messages = await client.ReceiveUntilClosedAsync();

        Assert.Equal(new[]
        {
            "SpeechStarted@500",
            "Turn0 EOT F 'Keep' [Keep]",
            "Turn1 EOT F 'talking' [talking]",
            "Termination",
        }, MessageDigest.Of(messages));
    }

    [Fact]
    public async Task UpdateConfigurationTakesEffectMidStream()
    {
        var script = new EmulatorScript(new[]
        {
            new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)), // ends 1100
            new ScriptedUtterance("Again.", TimeSpan.FromSeconds(1.8)),       // 1800–2100
        });
        await using var emulator = await StartAsync(script);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));
        await client.ExpectAsync("Begin");

        // With 1000 ms of required silence the 700 ms pause no longer ends the turn.
        await client.SendTextAsync("{\"type\":\"UpdateConfiguration\",\"min_turn_silence\":1000,\"max_turn_silence\":2000}");
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(3.5));
        await client.SendTextAsync("{\"type\":\"Terminate\"}");
        var endsOfTurn = MessageDigest.Of(await client.ReceiveUntilClosedAsync()).Where(d => d.Contains("EOT"));

        Assert.Equal(new[] { "Turn0 EOT 'hello world again' [hello world again]" }, endsOfTurn);
    }

    [Fact]
    public async Task MulawAudioIsMeasuredAtOneBytePerSample()
    {
        await using var emulator = await StartAsync(TwoSentences);
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, "sample_rate=8000&encoding=pcm_mulaw&speech_model=u3-rt-pro");
        await client.ExpectAsync("Begin");

        await client.SendAudioAsync(100, sampleRate: 8000, bytesPerSample: 1);
        await client.SendTextAsync("{\"type\":\"Terminate\"}");
        await client.ReceiveUntilClosedAsync();

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), record.FrameDurations.Single());
        Assert.Equal(1000, record.CloseStatus);
    }
}
