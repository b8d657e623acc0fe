// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using System.Text.Json.Nodes;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>Speechmatics messages → provider-neutral results (protocols.md §3.5, §4.2), against golden message logs.</summary>
public sealed class SpeechmaticsProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    internal static SpeechmaticsProtocol NewProtocol(Action<SpeechmaticsOptions>? configure = null, int sampleRate = 16000, OutputEncoding encoding = OutputEncoding.PcmS16le)
    {
        var options = new SpeechmaticsOptions();
        configure?.Invoke(options);
        return new SpeechmaticsProtocol(options, sampleRate, encoding);
    }

    private static List<ProviderMessage> ParseFixture(SpeechmaticsProtocol protocol, string name)
    {
        var output = new List<ProviderMessage>();
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "speechmatics", name);
        foreach (string line in File.ReadAllLines(path).Where(l => l.Length > 0))
        {
            protocol.Parse(line, Now, output);
        }
        return output;
    }

    private static List<ProviderMessage> Parse(SpeechmaticsProtocol protocol, params string[] messages)
    {
        var output = new List<ProviderMessage>();
        foreach (string message in messages) protocol.Parse(message, Now, output);
        return output;
    }

    private static Turn TurnAt(List<ProviderMessage> messages, int index) => Assert.IsType<ProviderTurn>(messages[index]).Turn;

    [Fact]
    public void EndOfUtteranceEndsEachTurnAndPartialsShowTheFinalsSoFarPlusThePendingWords()
    {
        SpeechmaticsProtocol protocol = NewProtocol(o =>
        {
            o.EnablePartials = true;
            o.EndOfUtteranceSilenceTrigger = 0.5;
        });
        protocol.CreateStopMessage(2);
        List<ProviderMessage> messages = ParseFixture(protocol, "eou-partials.jsonl");

        Assert.Equal("Speechmatics info recognition_quality: Running recognition using a broadcast model quality.", Assert.IsType<ProviderInfo>(messages[0]).Message);
        Assert.StartsWith("Speechmatics info concurrent_session_usage: 1 concurrent", Assert.IsType<ProviderInfo>(messages[1]).Message);
        var began = Assert.IsType<ProviderSessionBegan>(messages[2]);
        Assert.Equal("807670e9-14af-4fa2-9e8f-5d525c22156e", began.SessionId);
        Assert.Null(began.ExpiresAt);

        // AudioAdded gives no output; partials are not formatted and their confidence is not used.
        Turn hello = TurnAt(messages, 3);
        Assert.Equal(("Hello", false, false), (hello.Transcript, hello.EndOfTurn, hello.IsFormatted));
        Assert.False(hello.Words[0].IsFinal);
        Assert.Null(hello.Confidence);
        Assert.Equal("Hello world", TurnAt(messages, 4).Transcript);

        Turn firstFinal = TurnAt(messages, 5);
        Assert.Equal(("Hello", false, true), (firstFinal.Transcript, firstFinal.EndOfTurn, firstFinal.IsFormatted));
        Assert.Equal(0.92, firstFinal.Confidence);

        Turn mixed = TurnAt(messages, 6);
        Assert.Equal("Hello world", mixed.Transcript);
        Assert.Equal(new[] { true, false }, mixed.Words.Select(w => w.IsFinal));

        Turn finalsSoFar = TurnAt(messages, 7);
        Assert.Equal(("Hello world.", false), (finalsSoFar.Transcript, finalsSoFar.EndOfTurn));

        // The empty partial is skipped; EndOfUtterance ends the turn with the accumulated finals.
        Turn first = TurnAt(messages, 8);
        Assert.True(first.EndOfTurn);
        Assert.True(first.IsFormatted);
        Assert.Equal(0, first.TurnOrder);
        Assert.Equal("Hello world.", first.Transcript);
        Assert.Equal(new[] { "Hello", "world." }, first.Words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(0.5), first.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.1), first.EndTime);
        Assert.Equal((0.92 + 0.78) / 2, first.Confidence!.Value, 6);
        Assert.Equal("en", first.Language);
        Assert.Null(first.Speaker);
        Assert.Null(first.EndOfTurnConfidence);
        Assert.Equal(SttProvider.Speechmatics, first.Provider);
        Assert.Equal(Now, first.ReceivedAt);

        // The empty final (silence) is skipped.
        Assert.Equal("Speechmatics warning duration_limit_exceeded: Maximum utterance duration reached (code 3)", Assert.IsType<ProviderWarning>(messages[9]).Message);

        // With a trigger, sentence-ending punctuation does not end the turn: EndOfUtterance does.
        Turn secondSoFar = TurnAt(messages, 10);
        Assert.Equal(("How are you today?", false, 1), (secondSoFar.Transcript, secondSoFar.EndOfTurn, secondSoFar.TurnOrder));
        Turn second = TurnAt(messages, 11);
        Assert.Equal(("How are you today?", true, 1), (second.Transcript, second.EndOfTurn, second.TurnOrder));
        Assert.Equal(0.75, second.Confidence!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(3), second.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(4.2), second.EndTime);

        // EndOfTranscript delivers the pending turn first, then ends the session.
        Assert.Equal(("Bye", false), (TurnAt(messages, 12).Transcript, TurnAt(messages, 12).EndOfTurn));
        Turn flushed = TurnAt(messages, 13);
        Assert.Equal(("Bye", true, 2), (flushed.Transcript, flushed.EndOfTurn, flushed.TurnOrder));
        var end = Assert.IsType<ProviderSessionTerminated>(messages[14]);
        Assert.Null(end.AudioDuration);
        Assert.Equal(15, messages.Count);

        Assert.Equal(3, protocol.AcknowledgedFrames);
        Assert.Equal(3, protocol.LastAcknowledgedSeqNo);
    }

    [Fact]
    public void WithoutATriggerAFinalEndingInSentencePunctuationEndsTheTurn()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(), "eou-partials.jsonl");
        List<Turn> finals = messages.OfType<ProviderTurn>().Select(t => t.Turn).Where(t => t.EndOfTurn).ToList();

        Assert.Equal(new[] { "Hello world.", "How are you today?", "Bye" }, finals.Select(t => t.Transcript));
        Assert.Equal(new[] { 0, 1, 2 }, finals.Select(t => t.TurnOrder));
        // "Hello world." ended at its final, before the EndOfUtterance that followed it.
        int helloEnd = messages.FindIndex(m => m is ProviderTurn { Turn: { EndOfTurn: true, TurnOrder: 0 } });
        Assert.Equal(7, helloEnd);
        Assert.IsType<ProviderSessionTerminated>(messages[^1]);
    }

    [Fact]
    public void DiarizedTurnsTakeTheMostFrequentSpeakerAndPunctuationJoinsItsWord()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(o => o.Diarization = "speaker"), "eos-diarization.jsonl");

        Assert.Equal("2c4d0f7a-0000-4a1b-9d9e-000000000002", Assert.IsType<ProviderSessionBegan>(messages[0]).SessionId);
        Turn soFar = TurnAt(messages, 1);
        Assert.Equal(("Hi, my name", false, "S1"), (soFar.Transcript, soFar.EndOfTurn, soFar.Speaker));

        Turn first = TurnAt(messages, 2);
        Assert.True(first.EndOfTurn);
        Assert.Equal("Hi, my name is Sonny.", first.Transcript);
        Assert.Equal(new[] { "Hi,", "my", "name", "is", "Sonny." }, first.Words.Select(w => w.Text));
        Assert.All(first.Words, w => Assert.Equal("S1", w.Speaker));
        Assert.Equal(TimeSpan.FromSeconds(2.16), first.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(3.6), first.EndTime);
        Assert.Equal(TimeSpan.FromSeconds(2.56), first.Words[0].EndTime);
        Assert.Equal((0.87 + 0.99 + 1.0 + 0.73 + 0.66) / 5, first.Confidence!.Value, 6);

        Turn second = TurnAt(messages, 3);
        Assert.Equal(("Nice to meet you.", 1, "S2"), (second.Transcript, second.TurnOrder, second.Speaker));
        Turn third = TurnAt(messages, 4);
        Assert.Equal(("Okay then sure!", 2, "S2"), (third.Transcript, third.TurnOrder, third.Speaker));
        Assert.Equal("S1", third.Words[0].Speaker);
        Assert.IsType<ProviderSessionTerminated>(messages[5]);
        Assert.Equal(6, messages.Count);
    }

    [Fact]
    public void PunctuationAttachesAsToldAndEntitiesAreWords()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(o => o.Language = "es"), "punctuation-entities.jsonl");

        Turn question = TurnAt(messages, 1);
        Assert.Equal("¿Qué tal?", question.Transcript);
        Assert.Equal(new[] { "¿Qué", "tal?" }, question.Words.Select(w => w.Text));
        Assert.Equal("es", question.Language);

        Turn sentence = TurnAt(messages, 2);
        Assert.True(sentence.EndOfTurn);
        Assert.Equal("Un caso bien-conocido - cuesta £10.", sentence.Transcript);
        Assert.Equal(new[] { "Un", "caso", "bien-conocido", "-", "cuesta", "£10." }, sentence.Words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(3.1), sentence.Words[2].EndTime);
        Assert.Equal((0.9 * 5 + 0.6) / 6, sentence.Confidence!.Value, 6);

        Assert.Equal("Speechmatics message 'AddTranslation' ignored.", Assert.IsType<ProviderInfo>(messages[3]).Message);
        Assert.IsType<ProviderSessionTerminated>(messages[4]);
    }

    [Fact]
    public void WithoutATriggerAFinalHoldingSeveralSentencesEndsATurnAtEachSentence()
    {
        static string Word(string content, double start, string speaker) => string.Create(CultureInfo.InvariantCulture,
            $$"""{"type":"word","start_time":{{start}},"end_time":{{start + 0.3}},"alternatives":[{"content":"{{content}}","confidence":0.9,"speaker":"{{speaker}}"}]}""");
        static string Mark(string content, double at, bool eos, string speaker) => string.Create(CultureInfo.InvariantCulture,
            $$"""{"type":"punctuation","start_time":{{at}},"end_time":{{at}},"attaches_to":"previous","is_eos":{{(eos ? "true" : "false")}},"alternatives":[{"content":"{{content}}","confidence":1,"speaker":"{{speaker}}"}]}""");
        string results = string.Join(",",
            Word("Good", 0.3, "S1"), Word("morning", 0.6, "S1"), Mark(".", 0.9, true, "S1"), Mark("”", 0.9, false, "S1"),
            Word("Morning", 1.5, "S2"), Mark(",", 1.8, false, "S2"), Word("how", 1.8, "S2"), Word("are", 2.1, "S2"), Word("you", 2.4, "S2"), Mark("?", 2.7, true, "S2"),
            Word("And", 3.0, "S1"));

        List<ProviderMessage> messages = Parse(NewProtocol(o => o.Diarization = "speaker"),
            $$"""{"message":"AddTranscript","metadata":{"start_time":0.3,"end_time":3.3,"transcript":""},"results":[{{results}}]}""");

        Assert.Equal(3, messages.Count);
        Assert.Equal(("Good morning.”", true, 0, "S1"), (TurnAt(messages, 0).Transcript, TurnAt(messages, 0).EndOfTurn, TurnAt(messages, 0).TurnOrder, TurnAt(messages, 0).Speaker));
        Assert.Equal(("Morning, how are you?", true, 1, "S2"), (TurnAt(messages, 1).Transcript, TurnAt(messages, 1).EndOfTurn, TurnAt(messages, 1).TurnOrder, TurnAt(messages, 1).Speaker));
        Assert.Equal(TimeSpan.FromSeconds(1.5), TurnAt(messages, 1).StartTime);
        Assert.Equal(("And", false, 2), (TurnAt(messages, 2).Transcript, TurnAt(messages, 2).EndOfTurn, TurnAt(messages, 2).TurnOrder));
    }

    [Fact]
    public void TheLanguagePacksWordDelimiterJoinsWords()
    {
        List<ProviderMessage> messages = Parse(NewProtocol(o => o.Language = "ja"),
            """{"message":"RecognitionStarted","id":"ja","language_pack_info":{"word_delimiter":"","writing_direction":"left-to-right"}}""",
            """{"message":"AddTranscript","metadata":{"start_time":0,"end_time":1,"transcript":"こんにちは世界。"},"results":[{"type":"word","start_time":0,"end_time":0.5,"alternatives":[{"content":"こんにちは","confidence":1}]},{"type":"word","start_time":0.5,"end_time":1,"alternatives":[{"content":"世界","confidence":1}]},{"type":"punctuation","start_time":1,"end_time":1,"attaches_to":"previous","is_eos":true,"alternatives":[{"content":"。","confidence":1}]}]}""");
        Assert.Equal("こんにちは世界。", TurnAt(messages, 1).Transcript);
    }

    [Fact]
    public void AudioAddedIsCountedWithoutAllocatingInAnyFieldOrder()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        var output = new List<ProviderMessage>();
        string[] acks = Enumerable.Range(1, 800).Select(i => i % 2 == 0
            ? $$"""{"message":"AudioAdded","seq_no":{{i}}}"""
            : $$"""{"seq_no":{{i}}, "extra":true, "message":"AudioAdded"}""").ToArray();
        // One acknowledgement per audio frame: some round of 200 allocates nothing (the first may JIT).
        var rounds = new List<long>();
        for (int round = 0; round < 4; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = round * 200; i < (round + 1) * 200; i++) protocol.Parse(acks[i], Now, output);
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(rounds.Contains(0), "bytes allocated per 200 AudioAdded: " + string.Join(", ", rounds));
        Assert.Empty(output);
        Assert.Equal(800, protocol.AcknowledgedFrames);
        Assert.Equal(800, protocol.LastAcknowledgedSeqNo);
    }

    [Fact]
    public void AnAudioAddedOfAnotherShapeIsReadAsBefore()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        List<ProviderMessage> messages = Parse(protocol,
            """{"message":"AudioAdded","seq_no":4,"detail":{"nested":1}}""",
            """{"message":"AudioAdded"}""",
            """{"message":"AudioAdded","seq_no":"five"}""",
            """{"message":"AudioAdded","seq_no":9} trailing""");

        Assert.Equal(3, protocol.AcknowledgedFrames);
        Assert.Equal(4, protocol.LastAcknowledgedSeqNo);
        Assert.Equal(SttErrorKind.ProviderProtocolError, Assert.IsType<ProviderError>(Assert.Single(messages)).Error.Kind);
    }

    [Fact]
    public void EndOfTranscriptWithFewerAcknowledgementsThanFramesSentWarns()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        Assert.Equal("{\"message\":\"EndOfStream\",\"last_seq_no\":3}", protocol.CreateStopMessage(3));
        List<ProviderMessage> messages = Parse(protocol,
            """{"message":"AudioAdded","seq_no":1}""",
            """{"message":"AudioAdded","seq_no":2}""",
            """{"message":"EndOfTranscript"}""");

        Assert.Equal(2, protocol.AcknowledgedFrames);
        Assert.Contains("acknowledged 2 of 3 audio frames", Assert.IsType<ProviderWarning>(messages[0]).Message);
        Assert.IsType<ProviderSessionTerminated>(messages[1]);
    }

    [Fact]
    public void EndOfUtteranceWithNothingFinalAndMalformedMessagesDoNotEndAnything()
    {
        List<ProviderMessage> messages = Parse(NewProtocol(),
            """{"message":"EndOfUtterance","metadata":{"start_time":1,"end_time":1},"forced":true}""",
            "not json",
            """{"type":"Turn"}""",
            """{"message":"AudioEventStarted","event":{"type":"music","start_time":1,"confidence":0.9}}""");

        Assert.Equal(3, messages.Count);
        Assert.Equal(SttErrorKind.ProviderProtocolError, Assert.IsType<ProviderError>(messages[0]).Error.Kind);
        Assert.False(((ProviderError)messages[0]).IsFatal);
        Assert.Equal(SttErrorKind.ProviderProtocolError, Assert.IsType<ProviderError>(messages[1]).Error.Kind);
        Assert.IsType<ProviderInfo>(messages[2]);
    }

    [Fact]
    public void AnErrorMessageIsFatalAndNamesItsTypeAndReason()
    {
        List<ProviderMessage> messages = Parse(NewProtocol(), """{"message":"Error","type":"invalid_config","reason":"Unknown field 'foo'","code":4}""");
        var error = Assert.IsType<ProviderError>(Assert.Single(messages));
        Assert.True(error.IsFatal);
        Assert.Equal(SttErrorKind.ProviderRejectedRequest, error.Error.Kind);
        Assert.Equal("Speechmatics: the service refused the transcription settings (invalid_config): Unknown field 'foo'", error.Error.Message);
        Assert.Equal("Unknown field 'foo'", error.Error.ProviderReason);
        Assert.Equal(4, error.Error.ProviderCode);
    }

    [Fact]
    public void AnApiKeyGoesInABearerHeaderAndTheRegionPicksTheHost()
    {
        var connection = NewProtocol().CreateConnection(SttCredential.FromApiKey("secret-key"));
        Assert.Equal(new Uri("wss://eu.rt.speechmatics.com/v2"), connection.Uri);
        Assert.Contains(connection.Headers, h => h.Key == "Authorization" && h.Value == "Bearer secret-key");
        Assert.Contains(connection.Headers, h => h.Key == "User-Agent" && h.Value.StartsWith("StreamingStt/", StringComparison.Ordinal));

        Assert.Equal("us.rt.speechmatics.com", NewProtocol(o => o.Region = SpeechmaticsRegion.US).CreateConnection(SttCredential.FromApiKey("k")).Uri.Host);
        Assert.Equal("global.rt.speechmatics.com", NewProtocol(o => o.Region = SpeechmaticsRegion.Global).CreateConnection(SttCredential.FromApiKey("k")).Uri.Host);
    }

    [Fact]
    public void ATemporaryKeyGoesInTheJwtQueryAndNoAuthorizationHeaderIsSent()
    {
        var connection = NewProtocol(o => o.Endpoint = new Uri("ws://127.0.0.1:5005/v2?sm-app=x"))
            .CreateConnection(SttCredential.FromTemporaryToken("eyJ.a+b/c="));
        Assert.Equal("127.0.0.1", connection.Uri.Host);
        Assert.Equal("/v2", connection.Uri.AbsolutePath);
        Assert.Equal("?sm-app=x&jwt=eyJ.a%2Bb%2Fc%3D", connection.Uri.Query);
        Assert.DoesNotContain(connection.Headers, h => h.Key == "Authorization");
    }

    [Fact]
    public void ControlMessagesHaveTheDocumentedShapes()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        Assert.True(protocol.WaitsForSessionBegan);
        Assert.Equal(SttProvider.Speechmatics, protocol.Provider);
        Assert.Null(protocol.CreateKeepAliveMessage());
        Assert.Equal("{\"message\":\"ForceEndOfUtterance\"}", protocol.CreateForceEndpointMessage());
        Assert.Equal("{\"message\":\"EndOfStream\",\"last_seq_no\":120}", protocol.CreateStopMessage(120));
    }

    [Fact]
    public void MaxTurnSilenceBecomesTheEndOfUtteranceTriggerAndChangesHowTurnsEnd()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        string? message = protocol.CreateConfigurationUpdateMessage(new SessionConfigurationUpdate { MaxTurnSilence = 700 });

        JsonNode expected = JsonNode.Parse("""{"message":"SetRecognitionConfig","transcription_config":{"conversation_config":{"end_of_utterance_silence_trigger":0.7}}}""")!;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(message!)), message);
        Assert.Equal(0.7, protocol.EndOfUtteranceSilenceTrigger);

        // Now EndOfUtterance, not the sentence's full stop, ends the turn.
        List<ProviderMessage> messages = Parse(protocol,
            """{"message":"AddTranscript","metadata":{"start_time":0,"end_time":1,"transcript":"Hi. "},"results":[{"type":"word","start_time":0,"end_time":1,"alternatives":[{"content":"Hi","confidence":1}]},{"type":"punctuation","start_time":1,"end_time":1,"attaches_to":"previous","is_eos":true,"alternatives":[{"content":".","confidence":1}]}]}""",
            """{"message":"EndOfUtterance","metadata":{"start_time":1.7,"end_time":1.7}}""");
        Assert.False(TurnAt(messages, 0).EndOfTurn);
        Assert.True(TurnAt(messages, 1).EndOfTurn);
    }

    [Fact]
    public void MaxDelayChangesAloneOrWithTheSilenceAndIsCheckedLikeAtTheStart()
    {
        SpeechmaticsProtocol protocol = NewProtocol();
        string? delayOnly = protocol.CreateConfigurationUpdateMessage(new SessionConfigurationUpdate { MaxDelay = 2 });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"SetRecognitionConfig","transcription_config":{"max_delay":2}}"""), JsonNode.Parse(delayOnly!)), delayOnly);
        Assert.Equal(0, protocol.EndOfUtteranceSilenceTrigger); // the silence was not part of this change

        string? both = protocol.CreateConfigurationUpdateMessage(new SessionConfigurationUpdate { MaxDelay = 1.5, MaxTurnSilence = 400 });
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"message":"SetRecognitionConfig","transcription_config":{"max_delay":1.5,"conversation_config":{"end_of_utterance_silence_trigger":0.4}}}"""),
            JsonNode.Parse(both!)), both);

        foreach (double bad in new[] { 0.5, 4.5, double.NaN })
        {
            var ex = Assert.Throws<SttException>(() => protocol.CreateConfigurationUpdateMessage(new SessionConfigurationUpdate { MaxDelay = bad }));
            Assert.Equal("MaxDelay", ex.Target);
        }
        var assemblyAI = Assert.Throws<SttException>(() =>
            new StreamingStt.Engine.Providers.AssemblyAI.AssemblyAIProtocol(new StreamingStt.Engine.Providers.AssemblyAI.AssemblyAIOptions(), 16000, OutputEncoding.PcmS16le)
                .CreateConfigurationUpdateMessage(new SessionConfigurationUpdate { MaxDelay = 2 }));
        Assert.Equal(SttErrorKind.OptionInvalid, assemblyAI.Kind);
        Assert.Contains("AssemblyAI", assemblyAI.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MinTurnSilence")]
    [InlineData("EndOfTurnConfidenceThreshold")]
    [InlineData("Prompt")]
    [InlineData("Keyterms")]
    [InlineData("MaxTurnSilence")]
    [InlineData("Nothing")]
    public void ConfigurationUpdatesSpeechmaticsCannotApplyAreRefused(string field)
    {
        var update = new SessionConfigurationUpdate();
        switch (field)
        {
            case "MinTurnSilence": update.MinTurnSilence = 100; break;
            case "EndOfTurnConfidenceThreshold": update.EndOfTurnConfidenceThreshold = 0.5; break;
            case "Prompt": update.Prompt = "x"; break;
            case "Keyterms": update.Keyterms = new List<string> { "x" }; break;
            case "MaxTurnSilence": update.MaxTurnSilence = 2001; break;
        }
        var ex = Assert.Throws<SttException>(() => NewProtocol().CreateConfigurationUpdateMessage(update));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal(field == "Nothing" ? "MaxTurnSilence" : field, ex.Target);
    }

    [Fact]
    public void TheFactoryBuildsTheSpeechmaticsProtocol()
    {
        var options = new SttSessionOptions { Provider = SttProvider.Speechmatics, SampleRate = 8000, Encoding = OutputEncoding.PcmMulaw };
        ISttProtocol protocol = ProtocolFactory.Create(options);
        Assert.IsType<SpeechmaticsProtocol>(protocol);
        Assert.Contains("\"encoding\":\"mulaw\"", protocol.CreateStartMessage());
    }
}
