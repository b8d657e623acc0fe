// Copyright (c) StreamingStt contributors. MIT License.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Deepgram;

/// <summary>What the Deepgram emulator says, and when, for the audio it receives (raw WebSocket client).</summary>
public sealed class DeepgramEmulatorTranscriptTests
{
    private static readonly EmulatorScript LongUtterance = new([new ScriptedUtterance("One two three four five six seven eight.", TimeSpan.FromSeconds(0.2))]);

    private static string Summary(IEnumerable<JsonObject> messages) => string.Join(" | ", messages.Select(m => (string?)m["type"] switch
    {
        "Results" => $"{((bool)m["is_final"]! ? ((bool)m["speech_final"]! ? "SF" : (bool)m["from_finalize"]! ? "FF" : "F") : "I")}:{Transcript(m)}",
        "UtteranceEnd" => $"UE:{(double)m["last_word_end"]!}",
        "SpeechStarted" => $"SS:{(double)m["timestamp"]!}",
        var other => other!,
    }));

    private static string Transcript(JsonObject results) => (string)results["channel"]!["alternatives"]![0]!["transcript"]!;

    private static async Task<List<JsonObject>> StreamAsync(DeepgramEmulator emulator, string query, TimeSpan audio)
    {
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, query);
        await client.SendAudioBurstAsync(audio);
        await client.SendTextAsync("{\"type\":\"CloseStream\"}");
        var messages = await client.ReceiveUntilClosedAsync();
        Assert.Equal((1000, ""), client.CloseFrame);
        return messages;
    }

    [Fact]
    public async Task InterimsWordByWordThenSpeechFinalThenUtteranceEndAndMetadataLast()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var messages = await StreamAsync(emulator, RawDeepgramClient.PcmQuery + "&interim_results=true&punctuate=true&vad_events=true&utterance_end_ms=1000", TimeSpan.FromSeconds(6));

        Assert.Equal(
            "SS:0.5 | I:Hello | I:Hello world. | SF:Hello world. | UE:1.1 | SS:3 | I:How | I:How are | I:How are you | I:How are you today? | SF:How are you today? | UE:4.2 | Metadata",
            Summary(messages));

        // Finals are consecutive windows of the audio; words carry both spellings with punctuate.
        var finals = messages.Where(m => (bool?)m["is_final"] == true).ToList();
        Assert.Equal(0.0, (double)finals[0]["start"]!);
        Assert.Equal(1.11, (double)finals[0]["duration"]!, 6);
        Assert.Equal(1.11, (double)finals[1]["start"]!, 6);
        var word = finals[0]["channel"]!["alternatives"]![0]!["words"]![1]!;
        Assert.Equal("world", (string?)word["word"]);
        Assert.Equal("world.", (string?)word["punctuated_word"]);
        Assert.Equal(0.8, (double)word["start"]!);
        Assert.Equal(1.1, (double)word["end"]!);
        Assert.Null(word["speaker"]);

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        var metadata = messages[^1];
        Assert.Equal(record.RequestId, (string?)metadata["request_id"]);
        Assert.All(messages.Where(m => (string?)m["type"] == "Results"), m => Assert.Equal(record.RequestId, (string?)m["metadata"]!["request_id"]));
        Assert.Equal(6.0, (double)metadata["duration"]!);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(new byte[16000 * 2 * 6])).ToLowerInvariant(), (string?)metadata["sha256"]);
        Assert.Equal("deprecated", (string?)metadata["transaction_key"]);
        Assert.Equal(1, (int)metadata["channels"]!);
        Assert.Equal(new[] { "CloseStream" }, record.ClientMessageTypes);
        Assert.Empty(record.ClientFaults);
        Assert.Equal(60, record.AudioFramesReceived);
        Assert.True(record.CloseStreamReceived);
    }

    [Fact]
    public async Task WithoutOptionsOnlyUnformattedFinalsArriveAndDiarizeNumbersSpeakers()
    {
        var script = new EmulatorScript([
            new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)) { Speaker = "A" },
            new ScriptedUtterance("Hi there.", TimeSpan.FromSeconds(2)) { Speaker = "B" },
        ]);
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = script });
        var messages = await StreamAsync(emulator, RawDeepgramClient.PcmQuery + "&diarize=true", TimeSpan.FromSeconds(3));

        Assert.Equal("SF:hello world | SF:hi there | Metadata", Summary(messages));
        var words = messages[1]["channel"]!["alternatives"]![0]!["words"]!.AsArray();
        Assert.All(words, w => Assert.Equal(1, (int)w!["speaker"]!));
        Assert.All(words, w => Assert.Null(w!["punctuated_word"]));
        Assert.Equal(0, (int)messages[0]["channel"]!["alternatives"]![0]!["words"]![0]!["speaker"]!);
    }

    [Fact]
    public async Task ContinuousSpeechIsFinalizedAboutEverySecondAndTheTurnEndsAtThePause()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = LongUtterance });
        var messages = await StreamAsync(emulator, RawDeepgramClient.PcmQuery + "&smart_format=true", TimeSpan.FromSeconds(3));

        Assert.Equal("F:One two three four | SF:five six seven eight. | Metadata", Summary(messages));
        Assert.Equal(1.4, (double)messages[1]["start"]!, 6);
    }

    [Fact]
    public async Task EndpointingFalseGivesFinalsWithoutSpeechFinalAndUtteranceEndMarksTheGap()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var messages = await StreamAsync(emulator, RawDeepgramClient.PcmQuery + "&interim_results=true&endpointing=false&utterance_end_ms=1000", TimeSpan.FromSeconds(2.5));

        Assert.Equal("I:hello | I:hello world | F:hello world | UE:1.1 | Metadata", Summary(messages));
    }

    [Fact]
    public async Task FinalizeFlushesWhatWasHeardAsFromFinalizeAndCloseStreamFlushesTheRest()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions { Script = LongUtterance });
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(1));
        await client.SendTextAsync("{\"type\":\"Finalize\"}");
        var flushed = await client.ExpectAsync("Results");
        Assert.Equal("FF:one two", Summary([flushed]));
        Assert.Equal(1.0, (double)flushed["duration"]!, 6);

        // The stream ends mid-sentence: what the audio reached is finalized; later words are never heard.
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(1));
        await client.SendTextAsync("{\"type\":\"CloseStream\"}");
        var rest = await client.ReceiveUntilClosedAsync();
        Assert.Equal("F:three four five six | Metadata", Summary(rest));
        Assert.Equal((1000, ""), client.CloseFrame);
    }

    [Fact]
    public async Task AnEmptyBinaryFrameEndsTheStreamAsTheDeprecatedCloseAndIsRecordedAsAClientFault()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(2));
        await client.SendBytesAsync([]);
        var messages = await client.ReceiveUntilClosedAsync();

        Assert.Equal("SF:hello world | Metadata", Summary(messages));
        Assert.Equal(1000, client.CloseFrame.Code);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Contains(record.ClientFaults, f => f.Contains("empty binary frame"));
        Assert.False(record.CloseStreamReceived);
    }

    [Fact]
    public async Task KeepAliveSentAsBinaryIsAudioAndRecordedAsAClientFaultUnknownTextIsIgnored()
    {
        await using var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        await using var client = await RawDeepgramClient.ConnectAsync(emulator.WebSocketUri, RawDeepgramClient.PcmQuery);
        await client.SendBytesAsync("{\"type\":\"KeepAlive\"}"u8.ToArray());
        await client.SendTextAsync("{\"type\":\"Close\"}");
        await client.SendTextAsync("{\"type\":\"KeepAlive\"}");
        await client.SendTextAsync("{\"type\":\"CloseStream\"}");
        await client.ReceiveUntilClosedAsync();

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(1, record.AudioFramesReceived);
        Assert.Equal(20, record.AudioBytesReceived);
        Assert.Equal(new[] { "Close", "KeepAlive", "CloseStream" }, record.ClientMessageTypes);
        Assert.Equal(2, record.ClientFaults.Count);
        Assert.Contains("binary", record.ClientFaults[0]);
        Assert.Contains("'Close'", record.ClientFaults[1]);
        Assert.Equal(1000, record.CloseStatus);
    }
}
