// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Speechmatics;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Speechmatics;

/// <summary>What the Speechmatics emulator sends for audio received, driven by a raw WebSocket client.</summary>
public sealed class SpeechmaticsEmulatorTranscriptTests
{
    private const string PartialsAndEndOfUtterance = """{"language":"en","enable_partials":true,"conversation_config":{"end_of_utterance_silence_trigger":0.5}}""";

    [Fact]
    public async Task InfoThenRecognitionStartedThenOneAcknowledgementPerFrameAndTranscriptsByAudioTime()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri);
        await using (client)
        {
            JsonObject quality = await client.ExpectAsync("Info");
            Assert.Equal("recognition_quality", (string?)quality["type"]);
            JsonObject usage = await client.ExpectAsync("Info");
            Assert.Equal("concurrent_session_usage", (string?)usage["type"]);
            Assert.NotNull(usage["quota"]);

            await client.SendTextAsync(RawSpeechmaticsClient.StartWith(PartialsAndEndOfUtterance));
            JsonObject started = await client.ExpectAsync("RecognitionStarted");
            Assert.True(Guid.TryParse((string?)started["id"], out _));
            Assert.Equal(" ", (string?)started["language_pack_info"]!["word_delimiter"]);

            await client.SendAudioAsync(TimeSpan.FromSeconds(6));
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":60}""");
            List<JsonObject> messages = await client.ReceiveThroughAsync("EndOfTranscript");

            Assert.Equal(new[]
            {
                "Partial 'Hello'", "Partial 'Hello world.'",
                "Final 'Hello world.'", "EOU@1.6", "Partial ''",
                "Partial 'How'", "Partial 'How are'", "Partial 'How are you'", "Partial 'How are you today?'",
                "Final 'How are you today?'", "EOU@4.7", "Partial ''",
                "EndOfTranscript",
            }, SpeechmaticsDigest.Of(messages));
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), client.AcknowledgedSeqNos);

            // Results: word times in seconds, punctuation attached to the previous word and ending the sentence.
            JsonArray results = messages.First(m => SpeechmaticsDigest.Of(m) == "Final 'Hello world.'")["results"]!.AsArray();
            Assert.Equal(3, results.Count);
            Assert.Equal(0.5, (double)results[0]!["start_time"]!);
            Assert.Equal(1.1, (double)results[1]!["end_time"]!);
            Assert.Equal("en", (string?)results[0]!["alternatives"]![0]!["language"]);
            Assert.Null(results[0]!["alternatives"]![0]!["speaker"]);
            Assert.Equal(("punctuation", "previous", true), ((string?)results[2]!["type"], (string?)results[2]!["attaches_to"], (bool)results[2]!["is_eos"]!));
            await client.Socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
        }

        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.Equal(SpeechmaticsAuthMethod.ApiKeyHeader, record.AuthMethod);
        Assert.Equal(60, record.AudioFramesReceived);
        Assert.Equal(60, record.AudioAddedSent);
        Assert.Equal(60, record.LastSeqNo);
        Assert.Equal(6.0, record.AudioSecondsReceived, 6);
        Assert.Equal(new[] { "StartRecognition", "EndOfStream" }, record.ClientMessageTypes);
        Assert.Contains("end_of_utterance_silence_trigger", record.StartRecognition);
        Assert.True(record.ClientClosedFirst);
        Assert.Equal(1000, record.CloseStatus);
        Assert.False(record.ConnectionDropped);
        Assert.Null(record.InternalError);
    }

    [Fact]
    public async Task WithoutEndOfUtteranceFinalsComeMaxDelayAfterEachWordAndEndOfStreamFinalisesTheRest()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri, RawSpeechmaticsClient.StartWith("""{"language":"en","max_delay":1}"""));
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(4.5));
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":45}""");
            List<string> digest = SpeechmaticsDigest.Of(await client.ReceiveThroughAsync("EndOfTranscript"));

            // Hello ends at 0.8 → final at 1.8; world. at 1.1 → 2.1; How at 3.3 → 4.3; the rest only at EndOfStream.
            Assert.Equal(new[] { "Final 'Hello'", "Final 'world.'", "Final 'How'", "Final 'are you today?'", "EndOfTranscript" }, digest);
        }
    }

    [Fact]
    public async Task SpeakerDiarizationLabelsScriptSpeakersS1S2InOrderOfAppearance()
    {
        var script = new EmulatorScript(new[]
        {
            new ScriptedUtterance("Hi there.", TimeSpan.FromSeconds(0.2)) { Speaker = "Bob" },
            new ScriptedUtterance("Hello.", TimeSpan.FromSeconds(1.5)) { Speaker = "Ann" },
        });
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Script = script });
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri, RawSpeechmaticsClient.StartWith("""{"language":"en","diarization":"speaker"}"""));
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(2));
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":20}""");
            JsonObject final = (await client.ReceiveThroughAsync("EndOfTranscript")).Single(m => (string?)m["message"] == "AddTranscript");
            var speakers = final["results"]!.AsArray().Select(r => (string?)r!["alternatives"]![0]!["speaker"]).Distinct();
            Assert.Equal(new[] { "S1", "S2" }, speakers);
        }
    }

    [Fact]
    public async Task ForceEndOfUtteranceFinalisesWhatWasHeardAtOnce()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(1.2));
            await client.SendTextAsync("""{"message":"ForceEndOfUtterance","timestamp":1.2}""");
            Assert.Equal(new[] { "Final 'Hello world.' forced", "EOU@1.2 forced" }, SpeechmaticsDigest.Of(await client.ReceiveThroughAsync("EndOfUtterance")));

            // Nothing pending: still an (empty) forced final and EndOfUtterance.
            await client.SendTextAsync("""{"message":"ForceEndOfUtterance"}""");
            Assert.Equal(new[] { "Final '' forced", "EOU@1.2 forced" }, SpeechmaticsDigest.Of(await client.ReceiveThroughAsync("EndOfUtterance")));
        }
    }

    [Fact]
    public async Task SetRecognitionConfigChangesTheSilenceTriggerButRefusesOtherSettings()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(1.5));
            // 0.4 s after "world." (1.1 s) has already passed: the end of utterance is due at once.
            await client.SendTextAsync("""{"message":"SetRecognitionConfig","transcription_config":{"language":"en","conversation_config":{"end_of_utterance_silence_trigger":0.4}}}""");
            Assert.Equal(new[] { "Final 'Hello world.'", "EOU@1.5" }, SpeechmaticsDigest.Of(await client.ReceiveThroughAsync("EndOfUtterance")));

            await client.SendTextAsync("""{"message":"SetRecognitionConfig","transcription_config":{"diarization":"speaker"}}""");
            Assert.Equal(("invalid_config", 1003, "invalid_config"), await client.ExpectErrorAndCloseAsync());
        }
    }

    [Fact]
    public async Task AudioAfterEndOfStreamIsWarnedAboutAndAClientThatDoesNotCloseIsClosedAfterTheGracePeriod()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { CloseGracePeriod = TimeSpan.FromMilliseconds(200) });
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(0.2));
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":2}""");
            await client.ExpectAsync("EndOfTranscript");
            await client.SendAudioAsync(TimeSpan.FromSeconds(0.1));
            Assert.Equal("add_audio_after_eos", (string?)(await client.ExpectAsync("Warning"))["type"]);
            Assert.Null(await client.ReceiveAsync());
            Assert.Equal(1000, (int?)client.Socket.CloseStatus);
        }

        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.False(record.ClientClosedFirst);
        Assert.Equal(2, record.AudioAddedSent);
    }

    [Fact]
    public async Task AudioFormatFileIsAcknowledgedButNotTranscribed()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri,
            """{"message":"StartRecognition","audio_format":{"type":"file"},"transcription_config":{"language":"en"}}""");
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(3));
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":30}""");
            Assert.Equal(new[] { "EndOfTranscript" }, SpeechmaticsDigest.Of(await client.ReceiveThroughAsync("EndOfTranscript")));
            Assert.Equal(30, client.AcknowledgedSeqNos.Count);
        }
    }
}
