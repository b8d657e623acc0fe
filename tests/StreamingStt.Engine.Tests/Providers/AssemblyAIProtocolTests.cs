// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

public sealed class AssemblyAIProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static List<ProviderMessage> ParseFixture(AssemblyAIProtocol protocol, string name)
    {
        var output = new List<ProviderMessage>();
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "assemblyai", name);
        foreach (string line in File.ReadAllLines(path).Where(l => l.Length > 0))
        {
            protocol.Parse(line, Now, output);
        }
        return output;
    }

    private static AssemblyAIProtocol NewProtocol(Action<AssemblyAIOptions>? configure = null)
    {
        var options = new AssemblyAIOptions();
        configure?.Invoke(options);
        return new AssemblyAIProtocol(options, 16000, OutputEncoding.PcmS16le);
    }

    [Fact]
    public void UniversalStreamingPartialShowsTheWordStillFormingAndEndOfTurnCarriesTheWholeTurn()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(), "universal-streaming.jsonl");

        var began = Assert.IsType<ProviderSessionBegan>(messages[0]);
        Assert.Equal("de5d9927-73a6-4be8-b52d-b4c07be37e6b", began.SessionId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1759796682), began.ExpiresAt);

        Turn partial = Assert.IsType<ProviderTurn>(messages[1]).Turn;
        Assert.False(partial.EndOfTurn);
        Assert.Equal("Hi, my name is Son", partial.Transcript);
        Assert.Equal(5, partial.Words.Count);
        Assert.False(partial.Words[4].IsFinal);

        Turn final = Assert.IsType<ProviderTurn>(messages[2]).Turn;
        Assert.True(final.EndOfTurn);
        Assert.True(final.IsFormatted);
        Assert.Equal(0, final.TurnOrder);
        Assert.Equal("Hi, my name is Sonny.", final.Transcript);
        Assert.Equal(TimeSpan.FromMilliseconds(2160), final.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(3600), final.EndTime);
        Assert.Equal(0.429525, final.EndOfTurnConfidence);
        Assert.Equal((0.868781 + 0.987536 + 0.999994 + 0.730668 + 0.663976) / 5, final.Confidence!.Value, 6);
        Assert.Equal(SttProvider.AssemblyAI, final.Provider);
        Assert.Equal(Now, final.ReceivedAt);
        Assert.Equal("Hi, my name is Sonny.", final.ToString());

        var end = Assert.IsType<ProviderSessionTerminated>(messages[3]);
        Assert.Equal(TimeSpan.FromSeconds(7), end.AudioDuration);
        Assert.Equal(TimeSpan.FromSeconds(8), end.SessionDuration);
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public void U3ProSpeechStartedPartialAndFinalWithSpeakerAndLanguage()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(), "u3-rt-pro.jsonl");

        Assert.Equal(TimeSpan.FromMilliseconds(1216), Assert.IsType<ProviderSpeechStarted>(messages[1]).AudioTime);
        Turn partial = Assert.IsType<ProviderTurn>(messages[2]).Turn;
        Assert.False(partial.EndOfTurn);
        Assert.Equal("My name is—", partial.Transcript);
        Turn final = Assert.IsType<ProviderTurn>(messages[3]).Turn;
        Assert.True(final.EndOfTurn);
        Assert.Equal("A", final.Speaker);
        Assert.Equal("A", final.Words[0].Speaker);
        Assert.Equal("en", final.Language);
        Assert.Equal(1.0, final.EndOfTurnConfidence);
        Assert.IsType<ProviderSessionTerminated>(messages[4]);
    }

    [Fact]
    public void FormatTurnsDeliversExactlyOneEndOfTurnPerTurnPreferringTheFormattedCopy()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(o => o.FormatTurns = true), "format-turns-pair.jsonl");
        List<Turn> finals = messages.OfType<ProviderTurn>().Select(t => t.Turn).Where(t => t.EndOfTurn).ToList();

        Assert.Equal(2, finals.Count);
        Assert.Equal("Hello world.", finals[0].Transcript);
        Assert.True(finals[0].IsFormatted);
        // The second turn never got a formatted copy: the unformatted one is flushed before Termination.
        Assert.Equal("second turn", finals[1].Transcript);
        Assert.IsType<ProviderSessionTerminated>(messages[^1]);
        int indexOfSecond = messages.FindIndex(m => m is ProviderTurn t && t.Turn.TurnOrder == 1);
        Assert.True(indexOfSecond < messages.Count - 1);
    }

    [Fact]
    public void WithoutFormatTurnsADuplicateEndOfTurnIsDropped()
    {
        List<ProviderMessage> messages = ParseFixture(NewProtocol(), "format-turns-pair.jsonl");
        List<Turn> finals = messages.OfType<ProviderTurn>().Select(t => t.Turn).Where(t => t.EndOfTurn).ToList();
        Assert.Equal(new[] { "hello world", "second turn" }, finals.Select(t => t.Transcript));
    }

    [Fact]
    public void ConnectionCarriesEveryOptionAsDocumentedQueryParameters()
    {
        var protocol = NewProtocol(o =>
        {
            o.SpeechModel = "universal-streaming-english";
            o.FormatTurns = true;
            o.EndOfTurnConfidenceThreshold = 0.7;
            o.MinTurnSilence = 160;
            o.MaxTurnSilence = 2400;
            o.VadThreshold = 0.5;
            o.Keyterms = new List<string> { "Contoso", "Fabrikam \"Inc\"" };
            o.Prompt = "Transcribe a call.";
            o.LanguageDetection = true;
            o.InactivityTimeout = 30;
            o.SpeakerLabels = true;
            o.MaxSpeakers = 3;
            o.Region = AssemblyAIRegion.EU;
        });
        var connection = protocol.CreateConnection(SttCredential.FromApiKey("secret-key"));

        Assert.Equal("wss", connection.Uri.Scheme);
        Assert.Equal("streaming.eu.assemblyai.com", connection.Uri.Host);
        Assert.Equal("/v3/ws", connection.Uri.AbsolutePath);
        Dictionary<string, string> query = ParseQuery(connection.Uri);
        Assert.Equal("universal-streaming-english", query["speech_model"]);
        Assert.Equal("16000", query["sample_rate"]);
        Assert.Equal("pcm_s16le", query["encoding"]);
        Assert.Equal("true", query["format_turns"]);
        Assert.Equal("0.7", query["end_of_turn_confidence_threshold"]);
        Assert.Equal("160", query["min_turn_silence"]);
        Assert.Equal("2400", query["max_turn_silence"]);
        Assert.Equal("0.5", query["vad_threshold"]);
        Assert.Equal("[\"Contoso\",\"Fabrikam \\\"Inc\\\"\"]", query["keyterms_prompt"]);
        Assert.Equal("Transcribe a call.", query["prompt"]);
        Assert.Equal("true", query["language_detection"]);
        Assert.Equal("30", query["inactivity_timeout"]);
        Assert.Equal("true", query["speaker_labels"]);
        Assert.Equal("3", query["max_speakers"]);
        Assert.False(query.ContainsKey("token"));
        Assert.Contains(connection.Headers, h => h.Key == "Authorization" && h.Value == "secret-key");
    }

    [Fact]
    public void DefaultsSendOnlyTheRequiredParametersAndATokenGoesInTheQueryNotAHeader()
    {
        var connection = new AssemblyAIProtocol(new AssemblyAIOptions(), 8000, OutputEncoding.PcmMulaw)
            .CreateConnection(SttCredential.FromTemporaryToken("tmp-token"));
        Dictionary<string, string> query = ParseQuery(connection.Uri);
        Assert.Equal(new[] { "encoding", "sample_rate", "speech_model", "token" }, query.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("u3-rt-pro", query["speech_model"]);
        Assert.Equal("pcm_mulaw", query["encoding"]);
        Assert.Equal("8000", query["sample_rate"]);
        Assert.Equal("tmp-token", query["token"]);
        Assert.DoesNotContain(connection.Headers, h => h.Key == "Authorization");
        Assert.Equal("streaming.assemblyai.com", connection.Uri.Host);
    }

    [Fact]
    public void EndpointOverrideKeepsItsPathAndUsRegionPicksTheUsHost()
    {
        var custom = NewProtocol(o => o.Endpoint = new Uri("ws://127.0.0.1:5005/v3/ws?tenant=x"));
        Uri uri = custom.CreateConnection(SttCredential.FromApiKey("k")).Uri;
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.Equal(5005, uri.Port);
        Assert.StartsWith("?tenant=x&speech_model=", uri.Query);

        Assert.Equal("streaming.us.assemblyai.com", NewProtocol(o => o.Region = AssemblyAIRegion.US).CreateConnection(SttCredential.FromApiKey("k")).Uri.Host);
    }

    [Theory]
    [InlineData("Keyterms-101")]
    [InlineData("Keyterms-51chars")]
    [InlineData("EndOfTurnConfidenceThreshold")]
    [InlineData("VadThreshold")]
    [InlineData("InactivityTimeout")]
    [InlineData("MaxSpeakers")]
    [InlineData("MaxSpeakersWithoutLabels")]
    [InlineData("SpeechModel")]
    [InlineData("MinAboveMax")]
    [InlineData("InsecureEndpoint")]
    public void InvalidOptionsAreRejectedBeforeConnecting(string case_)
    {
        var options = new AssemblyAIOptions();
        switch (case_)
        {
            case "Keyterms-101": options.Keyterms = Enumerable.Range(0, 101).Select(i => "term" + i).ToList(); break;
            case "Keyterms-51chars": options.Keyterms = new List<string> { new string('x', 51) }; break;
            case "EndOfTurnConfidenceThreshold": options.EndOfTurnConfidenceThreshold = 1.5; break;
            case "VadThreshold": options.VadThreshold = -0.1; break;
            case "InactivityTimeout": options.InactivityTimeout = 4; break;
            case "MaxSpeakers": options.SpeakerLabels = true; options.MaxSpeakers = 11; break;
            case "MaxSpeakersWithoutLabels": options.MaxSpeakers = 2; break;
            case "SpeechModel": options.SpeechModel = " "; break;
            case "MinAboveMax": options.MinTurnSilence = 2000; options.MaxTurnSilence = 1000; break;
            case "InsecureEndpoint": options.Endpoint = new Uri("ws://stt.example.com/v3/ws"); break;
        }
        var ex = Assert.Throws<SttException>(() => new AssemblyAIProtocol(options, 16000, OutputEncoding.PcmS16le));
        Assert.Equal(case_ == "InsecureEndpoint" ? SttErrorKind.TransportEndpointInsecure : SttErrorKind.OptionInvalid, ex.Kind);
    }

    [Fact]
    public void OneHundredTermsOfFiftyCharactersAreAccepted()
    {
        var options = new AssemblyAIOptions { Keyterms = Enumerable.Range(0, 100).Select(i => i.ToString("D3") + new string('k', 47)).ToList() };
        _ = new AssemblyAIProtocol(options, 16000, OutputEncoding.PcmS16le);
    }

    [Theory]
    [InlineData(1000, null, null)]
    [InlineData(1008, "Unauthorized Connection: Missing Authorization header", SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(1008, "Unauthorized connection: Too many concurrent sessions", SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(3005, "Session Cancelled: An error occurred", SttErrorKind.ProviderServerError)]
    [InlineData(3006, "Invalid Message Type: Foo", SttErrorKind.ProviderInvalidMessage)]
    [InlineData(3007, "Input duration violation: 20 ms. Expected between 50 and 1000 ms", SttErrorKind.ProviderAudioDurationInvalid)]
    [InlineData(3007, "Audio Transmission Rate Exceeded: Received 40 sec. audio in 2 sec", SttErrorKind.ProviderAudioRateExceeded)]
    [InlineData(3008, "Session Expired: Maximum session duration exceeded", SttErrorKind.ProviderSessionExpired)]
    [InlineData(3009, "Unauthorized Connection: Too many concurrent sessions", SttErrorKind.ProviderConcurrencyLimitExceeded)]
    [InlineData(4000, "Sample rate must be a positive integer", SttErrorKind.ProviderRejectedRequest)]
    [InlineData(4001, "Not Authorized", SttErrorKind.ProviderAuthenticationFailed)]
    [InlineData(4002, "Insufficient Funds", SttErrorKind.ProviderQuotaExceeded)]
    [InlineData(1011, "internal", SttErrorKind.ProviderServerError)]
    [InlineData(4999, "something new", SttErrorKind.ProviderError)]
    public void EveryDocumentedCloseCodeMapsToItsErrorKind(int code, string? reason, SttErrorKind? expected)
    {
        SttException? error = NewProtocol().DescribeClose(code, reason, stopRequested: false);
        if (expected is null)
        {
            Assert.Null(error);
            return;
        }
        Assert.NotNull(error);
        Assert.Equal(expected, error!.Kind);
        Assert.Equal(code, error.ProviderCode);
        if (reason is not null) Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void AnErrorMessageIsFatalAndItsTextIsKeptForTheCloseThatFollows()
    {
        var protocol = NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("{\"type\":\"Error\",\"error_code\":3007,\"error\":\"Input Duration Error: Audio Transmission Rate Exceeded: Received 314.9 sec. audio in 1.3 sec\"}", Now, output);
        var error = Assert.IsType<ProviderError>(Assert.Single(output));
        Assert.True(error.IsFatal);
        Assert.Equal(SttErrorKind.ProviderAudioRateExceeded, error.Error.Kind);

        SttException? close = protocol.DescribeClose(3007, "Audio Transmission Rate Exceeded", stopRequested: false);
        Assert.Contains("314.9", close!.Message);
    }

    [Fact]
    public void GarbageAndUnknownMessagesDoNotEndTheSession()
    {
        var protocol = NewProtocol();
        var output = new List<ProviderMessage>();
        protocol.Parse("not json", Now, output);
        protocol.Parse("[1,2]", Now, output);
        protocol.Parse("{\"type\":\"Heartbeat\",\"total_audio_received_ms\":1000}", Now, output);
        protocol.Parse("{\"type\":\"Warning\",\"warning_code\":7,\"warning\":\"slow down\"}", Now, output);

        Assert.Equal(SttErrorKind.ProviderProtocolError, Assert.IsType<ProviderError>(output[0]).Error.Kind);
        Assert.False(((ProviderError)output[0]).IsFatal);
        Assert.False(Assert.IsType<ProviderError>(output[1]).IsFatal);
        Assert.IsType<ProviderInfo>(output[2]);
        Assert.Contains("slow down", Assert.IsType<ProviderWarning>(output[3]).Message);
    }

    [Fact]
    public void ClientMessagesMatchTheDocumentedShapes()
    {
        var protocol = NewProtocol();
        Assert.Equal("{\"type\":\"Terminate\"}", protocol.CreateStopMessage(10));
        Assert.Equal("{\"type\":\"KeepAlive\"}", protocol.CreateKeepAliveMessage());
        Assert.Equal("{\"type\":\"ForceEndpoint\"}", protocol.CreateForceEndpointMessage());
        Assert.Null(protocol.CreateStartMessage());
        Assert.Equal("{\"type\":\"UpdateConfiguration\",\"min_turn_silence\":200,\"keyterms_prompt\":[]}",
            AssemblyAIProtocol.CreateUpdateConfigurationMessage(minTurnSilence: 200, keyterms: new List<string>()));
    }

    [Fact]
    public void HandshakeStatusesMapToProviderMeanings()
    {
        var protocol = NewProtocol();
        SttException Make(int status) => protocol.DescribeConnectFailure(new SttException(SttErrorKind.ProviderConnectionFailed, "x") { ProviderCode = status });
        Assert.Equal(SttErrorKind.ProviderAuthenticationFailed, Make(401).Kind);
        Assert.Equal(SttErrorKind.ProviderConcurrencyLimitExceeded, Make(429).Kind);
        Assert.Equal(SttErrorKind.ProviderRejectedRequest, Make(400).Kind);
        Assert.Equal(SttErrorKind.ProviderConnectionFailed, Make(502).Kind);
    }

    private static Dictionary<string, string> ParseQuery(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
}
