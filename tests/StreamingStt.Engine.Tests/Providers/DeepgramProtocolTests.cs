// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>DeepgramProtocol against golden messages, and its URL, headers, validation and error mapping.</summary>
public sealed class DeepgramProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static DeepgramProtocol NewProtocol(Action<DeepgramOptions>? configure = null, OutputEncoding encoding = OutputEncoding.PcmS16le, int sampleRate = 16000)
    {
        var options = new DeepgramOptions();
        configure?.Invoke(options);
        return new DeepgramProtocol(options, sampleRate, encoding);
    }

    private static List<ProviderMessage> ParseFixture(DeepgramProtocol protocol, string name)
    {
        var output = new List<ProviderMessage>();
        foreach (string line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "deepgram", name)).Where(l => l.Length > 0))
        {
            protocol.Parse(line, Now, output);
        }
        return output;
    }

    private static List<Turn> Turns(IEnumerable<ProviderMessage> messages) => messages.OfType<ProviderTurn>().Select(t => t.Turn).ToList();

    [Fact]
    public void InterimsAndFinalsBecomePartialsAndSpeechFinalEndsTheTurnWithAllOfItsText()
    {
        var protocol = NewProtocol(o => o.Punctuate = true);
        _ = protocol.CreateStopMessage(10);
        List<ProviderMessage> messages = ParseFixture(protocol, "punctuated-turns.jsonl");

        Assert.Equal(TimeSpan.FromSeconds(0.28), Assert.IsType<ProviderSpeechStarted>(messages[0]).AudioTime);
        var began = Assert.IsType<ProviderSessionBegan>(messages[1]);
        Assert.Equal("52cc0efe-fa77-4aa7-b79c-0dda09de2f14", began.SessionId);
        Assert.Null(began.ExpiresAt);

        List<Turn> turns = Turns(messages);
        Assert.Equal(
            new[] { "Another|False|0", "Another big|False|0", "Another big problem|False|0", "Another big problem.|True|0", "Second turn.|True|1" },
            turns.Select(t => $"{t.Transcript}|{t.EndOfTurn}|{t.TurnOrder}"));

        // The partial shows the finals so far plus the current interim; its newest word is not final yet.
        Turn partial = turns[2];
        Assert.Equal(new[] { true, true, false }, partial.Words.Select(w => w.IsFinal));

        Turn first = turns[3];
        Assert.True(first.IsFormatted);
        Assert.Equal(SttProvider.Deepgram, first.Provider);
        Assert.Equal(new[] { "Another", "big", "problem." }, first.Words.Select(w => w.Text));
        Assert.All(first.Words, w => Assert.True(w.IsFinal));
        Assert.Equal(TimeSpan.FromTicks(2971154), first.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.7), first.EndTime);
        Assert.Equal((0.9600255 + 0.91) / 2, first.Confidence!.Value, 9);
        Assert.Null(first.EndOfTurnConfidence);
        Assert.Null(first.Speaker);
        Assert.Equal(Now, first.ReceivedAt);

        // The UtteranceEnd after speech_final and the empty final add nothing; SpeechStarted comes in order.
        Assert.IsType<ProviderSpeechStarted>(messages[^3]);
        Assert.Equal(TimeSpan.FromSeconds(3.2), turns[4].StartTime);
        var end = Assert.IsType<ProviderSessionTerminated>(messages[^1]);
        Assert.Equal(TimeSpan.FromSeconds(4.24), end.AudioDuration);
        Assert.Null(end.SessionDuration);
        Assert.Equal(9, messages.Count);
        Assert.Single(messages.OfType<ProviderSessionBegan>());
    }

    [Fact]
    public void UtteranceEndAndFromFinalizeEndTurnsAndFlushDeliversTheUnfinishedOne()
    {
        var protocol = NewProtocol(o => o.InterimResults = true);
        List<ProviderMessage> messages = ParseFixture(protocol, "utterance-end-and-finalize.jsonl");
        protocol.Flush(Now, messages);
        protocol.Flush(Now, messages); // a second flush has nothing left

        List<Turn> turns = Turns(messages);
        Assert.Equal(
            new[] { "hello|False|0", "hello world|False|0", "hello world|True|0", "finalize me|False|1", "finalize me|True|1", "left over|False|2", "left over|True|2" },
            turns.Select(t => $"{t.Transcript}|{t.EndOfTurn}|{t.TurnOrder}"));
        Assert.False(turns[2].IsFormatted);
        Assert.Equal(TimeSpan.FromSeconds(0.5), turns[2].StartTime);
        Assert.Equal(TimeSpan.FromSeconds(1.1), turns[2].EndTime);
        Assert.Equal(0.85, turns[2].Confidence!.Value, 9);
        Assert.Equal(0.75, turns[4].Confidence!.Value, 9);
        // Exactly one end of turn per turn order.
        Assert.Equal(3, turns.Where(t => t.EndOfTurn).Select(t => t.TurnOrder).Distinct().Count());
        Assert.Equal(3, turns.Count(t => t.EndOfTurn));
    }

    [Fact]
    public void SpeakerAndLanguageAreTheMostFrequentAmongTheWordsElseTheRequestedLanguage()
    {
        List<Turn> multi = Turns(ParseFixture(NewProtocol(o => { o.Language = "multi"; o.Diarize = true; o.SmartFormat = true; }), "diarized-multilingual.jsonl"));
        Assert.Equal("0", multi[0].Speaker);
        Assert.Equal(new[] { "1", "1", "0", "0", "0" }, multi[0].Words.Select(w => w.Speaker));
        Assert.Equal("en", multi[0].Language);
        Assert.True(multi[0].IsFormatted);
        Assert.Equal("es", multi[1].Language); // no word languages: alternatives[0].languages[0]

        List<Turn> german = Turns(ParseFixture(NewProtocol(o => o.Language = "de"), "diarized-multilingual.jsonl"));
        Assert.Equal("en", german[0].Language);
        Assert.Equal("es", german[1].Language);

        var plain = NewProtocol(o => o.Language = "de");
        var output = new List<ProviderMessage>();
        plain.Parse("{\"type\":\"Results\",\"is_final\":true,\"speech_final\":true,\"start\":0,\"duration\":1,\"channel\":{\"alternatives\":[{\"transcript\":\"hallo\",\"confidence\":0.9,\"words\":[{\"word\":\"hallo\",\"start\":0.1,\"end\":0.5,\"confidence\":0.9}]}]}}", Now, output);
        Assert.Equal("de", Turns(output).Single().Language);
        Assert.Empty(output.OfType<ProviderSessionBegan>()); // no request id: nothing to announce
    }

    [Fact]
    public void MetadataBeforeCloseStreamFlushesButDoesNotEndTheSession()
    {
        var protocol = NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("{\"type\":\"Results\",\"is_final\":true,\"speech_final\":false,\"start\":0,\"duration\":1,\"channel\":{\"alternatives\":[{\"transcript\":\"pending\",\"confidence\":0.9,\"words\":[]}]},\"metadata\":{\"request_id\":\"r1\"}}", Now, output);
        protocol.Parse("{\"type\":\"Metadata\",\"request_id\":\"r1\",\"duration\":1.0}", Now, output);

        Assert.Equal("r1", Assert.IsType<ProviderSessionBegan>(output[0]).SessionId);
        Assert.True(Turns(output).Last().EndOfTurn);
        Assert.IsType<ProviderInfo>(output[^1]);
        Assert.Empty(output.OfType<ProviderSessionTerminated>());
    }

    [Fact]
    public void GarbageAndUnknownMessagesDoNotEndTheSession()
    {
        var protocol = NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("not json", Now, output);
        protocol.Parse("[1,2]", Now, output);
        protocol.Parse("{\"type\":\"Error\",\"description\":\"?\"}", Now, output);
        protocol.Parse("{\"type\":\"Results\"}", Now, output);

        Assert.Equal(SttErrorKind.ProviderProtocolError, Assert.IsType<ProviderError>(output[0]).Error.Kind);
        Assert.False(((ProviderError)output[0]).IsFatal);
        Assert.False(Assert.IsType<ProviderError>(output[1]).IsFatal);
        Assert.IsType<ProviderInfo>(output[2]);
        Assert.Equal(3, output.Count); // a Results without a channel is an empty interim
    }

    [Fact]
    public void ClientMessagesMatchTheDocumentedShapes()
    {
        var protocol = NewProtocol();
        Assert.Equal(SttProvider.Deepgram, protocol.Provider);
        Assert.False(protocol.WaitsForSessionBegan);
        Assert.Null(protocol.CreateStartMessage());
        Assert.Equal("{\"type\":\"CloseStream\"}", protocol.CreateStopMessage(10));
        Assert.Equal("{\"type\":\"KeepAlive\"}", protocol.CreateKeepAliveMessage());
        Assert.Equal("{\"type\":\"Finalize\"}", protocol.CreateForceEndpointMessage());
        Assert.Null(protocol.CreateConfigurationUpdateMessage(new SessionConfigurationUpdate()));
        Assert.False(protocol.IsFormatted);
        Assert.True(NewProtocol(o => o.SmartFormat = true).IsFormatted);
        Assert.True(NewProtocol(o => o.Punctuate = true).IsFormatted);
        Assert.False(NewProtocol(o => o.Punctuate = false).IsFormatted);
    }

    [Fact]
    public void ConnectionCarriesEveryOptionAsItsQueryParameterWithRepeatablesRepeated()
    {
        var protocol = NewProtocol(o =>
        {
            o.Model = "nova-2-meeting";
            o.Version = "latest";
            o.Language = "en-US";
            o.InterimResults = true;
            o.Endpointing = "300";
            o.UtteranceEndMs = 1000;
            o.VadEvents = true;
            o.Punctuate = true;
            o.SmartFormat = false;
            o.Numerals = true;
            o.Dictation = false;
            o.ProfanityFilter = true;
            o.Diarize = true;
            o.Redact = new List<string> { "pci", "SSN" };
            o.Keyterms = new List<string> { "Contoso", "Zürich & co" };
            o.Keywords = new List<string> { "Fabrikam:2", "tailspin:-1.5" };
            o.Search = new List<string> { "refund" };
            o.Replace = new List<string> { "colour:color" };
            o.Tag = new List<string> { "a", "b" };
            o.Extra = new List<string> { "team:sales" };
            o.MipOptOut = true;
            o.ProviderOptions = new List<KeyValuePair<string, string>> { new("diarize_model", "latest"), new("detect_entities", "true") };
        });
        var connection = protocol.CreateConnection(SttCredential.FromApiKey("secret-key"));

        Assert.Equal("wss://api.deepgram.com/v1/listen", connection.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(
            "model=nova-2-meeting&encoding=linear16&sample_rate=16000&channels=1&version=latest&language=en-US&interim_results=true&endpointing=300" +
            "&utterance_end_ms=1000&vad_events=true&punctuate=true&smart_format=false&numerals=true&dictation=false&profanity_filter=true&diarize=true" +
            "&redact=pci&redact=ssn&keyterm=Contoso&keyterm=Z%C3%BCrich%20%26%20co&keywords=Fabrikam%3A2&keywords=tailspin%3A-1.5&search=refund" +
            "&replace=colour%3Acolor&tag=a&tag=b&extra=team%3Asales&mip_opt_out=true&diarize_model=latest&detect_entities=true",
            connection.Uri.Query.TrimStart('?'));
        Assert.Contains(connection.Headers, h => h.Key == "Authorization" && h.Value == "Token secret-key");
        Assert.Contains(connection.Headers, h => h.Key == "User-Agent" && h.Value.StartsWith("StreamingStt/", StringComparison.Ordinal));
        Assert.Empty(connection.SubProtocols);
    }

    [Fact]
    public void DefaultsSendTheModelAndAudioFormatOnlyAndATokenGoesAsBearer()
    {
        var connection = NewProtocol(encoding: OutputEncoding.PcmMulaw, sampleRate: 8000).CreateConnection(SttCredential.FromTemporaryToken("eyJ.jwt.sig"));
        Assert.Equal("?model=nova-3&encoding=mulaw&sample_rate=8000&channels=1", connection.Uri.Query);
        Assert.Contains(connection.Headers, h => h.Key == "Authorization" && h.Value == "Bearer eyJ.jwt.sig");
        Assert.DoesNotContain("jwt", connection.Uri.ToString());
    }

    [Fact]
    public void EndpointOverrideKeepsItsPathAndQueryAndEndpointingFalseIsNormalised()
    {
        var protocol = NewProtocol(o =>
        {
            o.Endpoint = new Uri("ws://127.0.0.1:5005/custom/listen?tenant=x");
            o.Endpointing = "FALSE";
        });
        Uri uri = protocol.CreateConnection(SttCredential.FromApiKey("k")).Uri;
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.Equal("/custom/listen", uri.AbsolutePath);
        Assert.StartsWith("?tenant=x&model=nova-3&", uri.Query);
        Assert.EndsWith("&endpointing=false", uri.Query);
    }

    public static TheoryData<string, Action<DeepgramOptions>, SttErrorKind, string> InvalidOptions() => new()
    {
        { "Model", o => o.Model = " ", SttErrorKind.OptionInvalid, "model" },
        { "UtteranceEndMs", o => o.UtteranceEndMs = 1000, SttErrorKind.OptionInvalid, "interim results" },
        { "UtteranceEndMs", o => { o.UtteranceEndMs = 0; o.InterimResults = true; }, SttErrorKind.OptionInvalid, "1 ms" },
        { "Endpointing", o => o.Endpointing = "-5", SttErrorKind.OptionInvalid, "'false'" },
        { "Endpointing", o => o.Endpointing = "soon", SttErrorKind.OptionInvalid, "'false'" },
        { "Endpointing", o => o.Endpointing = "true", SttErrorKind.OptionInvalid, "'false'" },
        { "Redact", o => o.Redact = new List<string> { "emails" }, SttErrorKind.OptionInvalid, "aggressive_numbers" },
        { "Keywords", o => { o.Model = "nova-2"; o.Keywords = new List<string> { "Contoso" }; }, SttErrorKind.OptionInvalid, "word:intensifier" },
        { "Keywords", o => { o.Model = "nova-2"; o.Keywords = new List<string> { "Contoso:loud" }; }, SttErrorKind.OptionInvalid, "word:intensifier" },
        { "Keywords", o => o.Keywords = new List<string> { "Contoso:2" }, SttErrorKind.OptionInvalid, "Keyterm" },
        { "Replace", o => o.Replace = new List<string> { "colour" }, SttErrorKind.OptionInvalid, "from:to" },
        { "Replace", o => o.Replace = new List<string> { ":color" }, SttErrorKind.OptionInvalid, "from:to" },
        { "Replace", o => o.Replace = new List<string> { "colour:" }, SttErrorKind.OptionInvalid, "from:to" },
        { "Extra", o => o.Extra = new List<string> { "team" }, SttErrorKind.OptionInvalid, "key:value" },
        { "Keyterms", o => o.Keyterms = new List<string> { " " }, SttErrorKind.OptionInvalid, "empty" },
        { "Language", o => o.Language = "", SttErrorKind.OptionInvalid, "empty" },
        { "ProviderOption", o => o.ProviderOptions.Add(new("punctuate", "true")), SttErrorKind.OptionInvalid, "-Punctuate" },
        { "ProviderOption", o => o.ProviderOptions.Add(new("Sample_Rate", "8000")), SttErrorKind.OptionInvalid, "audio settings" },
        { "ProviderOption", o => o.ProviderOptions.Add(new("model", "nova-2")), SttErrorKind.OptionInvalid, "-SpeechModel" },
        { "ProviderOption", o => o.ProviderOptions.Add(new("bad name", "1")), SttErrorKind.OptionInvalid, "without spaces" },
        { "ws://stt.example.com/v1/listen", o => o.Endpoint = new Uri("ws://stt.example.com/v1/listen"), SttErrorKind.TransportEndpointInsecure, "TLS" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRejectedBeforeConnectingNamingTheOption(string target, Action<DeepgramOptions> configure, SttErrorKind kind, string messagePart)
    {
        var ex = Assert.Throws<SttException>(() => NewProtocol(configure));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(target, ex.Target);
        Assert.Contains(messagePart, ex.Message);
    }

    [Fact]
    public void TheSessionOptionsPickTheDeepgramProtocolAndASampleRateOutOfRangeIsRefused()
    {
        Assert.IsType<DeepgramProtocol>(ProtocolFactory.Create(new SttSessionOptions { Provider = SttProvider.Deepgram }));
        var ex = Assert.Throws<SttException>(() => NewProtocol(sampleRate: 4000));
        Assert.Equal("SampleRate", ex.Target);
        _ = NewProtocol(o =>
        {
            o.Endpointing = "0";
            o.Model = "nova-2";
            o.Keywords = new List<string> { "Contoso:2", "x:-1" };
            o.Redact = new List<string> { "true" };
        });
    }

    [Theory]
    [InlineData(1000, null, false, null)]
    [InlineData(1001, "", true, null)]
    [InlineData(1008, "DATA-0000: the audio could not be decoded with the declared encoding and sample rate.", false, SttErrorKind.ProviderAudioNotDecodable)]
    [InlineData(1008, "Deepgram could not decode the audio. See https://dpgr.am/data0000", false, SttErrorKind.ProviderAudioNotDecodable)]
    [InlineData(1011, "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001", false, SttErrorKind.ProviderIdleTimeout)]
    [InlineData(1011, "NET-0001", false, SttErrorKind.ProviderIdleTimeout)]
    [InlineData(1011, "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000", false, SttErrorKind.ProviderServerError)]
    [InlineData(1011, "internal", false, SttErrorKind.ProviderServerError)]
    [InlineData(1001, "", false, SttErrorKind.ProviderServerError)]
    [InlineData(1013, "try again later", false, SttErrorKind.ProviderServerError)]
    [InlineData(1008, "policy", false, SttErrorKind.ProviderError)]
    [InlineData(4000, "something new", false, SttErrorKind.ProviderError)]
    public void EveryCloseCodeMapsToItsErrorKind(int code, string? reason, bool stopRequested, SttErrorKind? expected)
    {
        SttException? error = NewProtocol().DescribeClose(code, reason, stopRequested);
        if (expected is null)
        {
            Assert.Null(error);
            return;
        }
        Assert.NotNull(error);
        Assert.Equal(expected, error!.Kind);
        Assert.Equal(code, error.ProviderCode);
        if (!string.IsNullOrEmpty(reason)) Assert.Contains(reason, error.Message);
        Assert.Equal(SttErrorKind.ProviderConnectionLost, NewProtocol().DescribeClose(null, null, false)!.Kind);
    }

    [Theory]
    [InlineData(400, SttErrorKind.ProviderRejectedRequest)]
    [InlineData(401, SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(403, SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(402, SttErrorKind.ProviderQuotaExceeded)]
    [InlineData(429, SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(500, SttErrorKind.ProviderServerError)]
    [InlineData(503, SttErrorKind.ProviderServerError)]
    [InlineData(404, SttErrorKind.ProviderConnectionFailed)]
    public void RefusedUpgradesMapByStatusAndQuoteDgErrorAndTheRequestId(int status, SttErrorKind expected)
    {
        var failure = new SttException(SttErrorKind.ProviderConnectionFailed, "The server refused the WebSocket upgrade.", "wss://api.deepgram.com/v1/listen")
        {
            ProviderCode = status,
            ResponseHeaders = new Dictionary<string, string> { ["DG-Error"] = "Bad things happened", ["dg-request-id"] = "req-42" },
        };
        SttException error = NewProtocol().DescribeConnectFailure(failure);
        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.ProviderCode);
        Assert.Contains("Bad things happened", error.Message);
        Assert.Contains("req-42", error.Message);
        Assert.Equal("Bad things happened", error.ProviderReason);
        Assert.Equal("wss://api.deepgram.com/v1/listen", error.Target);

        // Without headers (runtimes that do not expose them) the status alone decides.
        var bare = new SttException(SttErrorKind.ProviderConnectionFailed, "refused") { ProviderCode = status };
        Assert.Equal(expected, NewProtocol().DescribeConnectFailure(bare).Kind);
    }
}
