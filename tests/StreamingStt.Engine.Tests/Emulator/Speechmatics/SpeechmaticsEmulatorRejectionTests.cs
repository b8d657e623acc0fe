// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Speechmatics;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator.Speechmatics;

/// <summary>What the Speechmatics emulator refuses, and how: HTTP 401 at the upgrade, Error + close afterwards.</summary>
public sealed class SpeechmaticsEmulatorRejectionTests
{
    private static async Task<string> MintAsync(SpeechmaticsEmulator emulator, string key = "test-key", int ttl = 60)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.HttpBaseUri, "/v1/api_keys?type=rt")) { Content = JsonContent.Create(new { ttl }) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Null(body["apikey_id"]);
        return (string)body["key_value"]!;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("raw-key")]
    [InlineData("wrong-key")]
    [InlineData("unknown-jwt")]
    [InlineData("api-key-as-jwt")]
    public async Task BadCredentialsAreRefusedWithHttp401BeforeTheUpgrade(string case_)
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        HttpStatusCode status = await RawSpeechmaticsClient.RefusedStatusAsync(emulator.WebSocketUri, o =>
        {
            if (case_ == "raw-key") o.SetRequestHeader("Authorization", "test-key");
            if (case_ == "wrong-key") o.SetRequestHeader("Authorization", "Bearer wrong-key");
        }, case_ switch { "unknown-jwt" => "jwt=eyJ.x.y", "api-key-as-jwt" => "jwt=test-key", _ => null });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.False(record.Authenticated);
        Assert.Null(record.SessionId);
    }

    [Fact]
    public async Task AMintedKeyOpensSessionsInTheJwtQueryUntilItExpires()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { TemporaryKeyLifetime = TimeSpan.FromMilliseconds(500) });
        string key = await MintAsync(emulator);
        Assert.Equal(3, key.Split('.').Length); // JWT-shaped like the real keys

        // Any number of sessions while it is valid, as a query parameter or a Bearer header.
        await using (var first = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri, bearer: null, jwt: key)) await first.ExpectAsync("Info");
        await using (var second = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri, bearer: null, jwt: key)) await second.ExpectAsync("Info");
        await using (var header = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri, bearer: key)) await header.ExpectAsync("Info");

        await Task.Delay(550);
        Assert.Equal(HttpStatusCode.Unauthorized, await RawSpeechmaticsClient.RefusedStatusAsync(emulator.WebSocketUri, _ => { }, "jwt=" + Uri.EscapeDataString(key)));

        IReadOnlyList<SpeechmaticsSessionRecord> sessions = emulator.Sessions;
        Assert.Equal(new[] { SpeechmaticsAuthMethod.TemporaryKeyQuery, SpeechmaticsAuthMethod.TemporaryKeyQuery, SpeechmaticsAuthMethod.TemporaryKeyHeader, SpeechmaticsAuthMethod.TemporaryKeyQuery },
            sessions.Select(s => s.AuthMethod));
        Assert.Equal("***", sessions[0].QueryParameters["jwt"]);
    }

    [Theory]
    [InlineData(null, "rt", """{"ttl":60}""", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "rt", """{"ttl":60}""", HttpStatusCode.Unauthorized)]
    [InlineData("test-key", "batch", """{"ttl":60}""", HttpStatusCode.BadRequest)]
    [InlineData("test-key", "rt", """{"ttl":59}""", HttpStatusCode.BadRequest)]
    [InlineData("test-key", "rt", """{"ttl":86401}""", HttpStatusCode.BadRequest)]
    [InlineData("test-key", "rt", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("test-key", "rt", "not json", HttpStatusCode.BadRequest)]
    public async Task TheKeyEndpointChecksTheKeyTheTypeAndTheTtl(string? key, string type, string body, HttpStatusCode expected)
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.HttpBaseUri, "/v1/api_keys?type=" + type))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((int)expected, (int)error["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)error["error"]));
    }

    [Fact]
    public async Task PlainHttpAndOtherMethodsAreRefused()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        using var http = new HttpClient();
        var v2 = new Uri(emulator.HttpBaseUri, "/v2");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(v2)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(v2, new StringContent(string.Empty))).StatusCode);
    }

    [Fact]
    public async Task TheFirstMessageMustBeStartRecognitionAndAudioMustWaitForIt()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        await using (var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri))
        {
            await client.SendTextAsync("""{"message":"EndOfStream","last_seq_no":0}""");
            await client.ExpectAsync("Info");
            await client.ExpectAsync("Info");
            Assert.Equal(("protocol_error", 1003, "protocol_error"), await client.ExpectErrorAndCloseAsync());
        }

        await using (var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri))
        {
            await client.SendAudioAsync(TimeSpan.FromMilliseconds(100));
            await client.ExpectAsync("Info");
            await client.ExpectAsync("Info");
            Assert.Equal(("protocol_error", 1003, "protocol_error"), await client.ExpectErrorAndCloseAsync());
        }

        await using (var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri))
        {
            await client.SendTextAsync("{not json");
            await client.ExpectAsync("Info");
            await client.ExpectAsync("Info");
            Assert.Equal(("invalid_message", 1003, "invalid_message"), await client.ExpectErrorAndCloseAsync());
        }

        Assert.Equal(new[] { "EndOfStream" }, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).ClientMessageTypes);
    }

    public static TheoryData<string, string, int> InvalidStarts() => new()
    {
        { """{"message":"StartRecognition","transcription_config":{"language":"en"}}""", "invalid_audio_type", 1003 },
        { """{"message":"StartRecognition","audio_format":{"type":"raw","encoding":"pcm_s24le","sample_rate":16000},"transcription_config":{"language":"en"}}""", "invalid_audio_type", 1003 },
        { """{"message":"StartRecognition","audio_format":{"type":"raw","encoding":"pcm_s16le"},"transcription_config":{"language":"en"}}""", "invalid_audio_type", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","max_delay":5}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","max_delay_mode":"eager"}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","diarization":"speakers"}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","speaker_diarization_config":{"max_speakers":1}}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","punctuation_overrides":{"permitted_marks":["?!"]}}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","conversation_config":{"end_of_utterance_silence_trigger":2.5}}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","additional_vocab":[""]}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","enable_partials":"yes"}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","speed":"fast"}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"model":"enhanced"}"""), "invalid_config", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"English"}"""), "invalid_language", 1003 },
        { RawSpeechmaticsClient.StartWith("""{"language":"en","model":"turbo"}"""), "invalid_model", 4004 },
    };

    [Theory]
    [MemberData(nameof(InvalidStarts))]
    public async Task AnInvalidStartRecognitionIsAnErrorOfTheDocumentedTypeAndACloseWithItsCode(string start, string type, int code)
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        await using var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri);
        await client.SendTextAsync(start);
        await client.ExpectAsync("Info");
        await client.ExpectAsync("Info");
        Assert.Equal((type, code, type), await client.ExpectErrorAndCloseAsync());
        Assert.Equal(start, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).StartRecognition);
    }

    [Theory]
    [InlineData("/v2/", "en", null)]
    [InlineData("/v2/en", "en", null)]
    [InlineData("/v2/de", "en", "invalid_language")]
    public async Task TheLanguageInThePathMustMatchTheConfiguration(string path, string language, string? error)
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions());
        await using var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri, path: path);
        await client.SendTextAsync(RawSpeechmaticsClient.StartWith($$"""{"language":"{{language}}"}"""));
        await client.ExpectAsync("Info");
        await client.ExpectAsync("Info");
        if (error is null)
        {
            await client.ExpectAsync("RecognitionStarted");
        }
        else
        {
            Assert.Equal(error, (await client.ExpectErrorAndCloseAsync()).Type);
        }
    }

    [Theory]
    [InlineData(true, 3, "protocol_error")]
    [InlineData(true, 5, "protocol_error")]
    [InlineData(false, 5, "protocol_error")]
    [InlineData(false, 3, null)]
    [InlineData(true, -1, "invalid_message")]
    public async Task EndOfStreamLastSeqNoMustMatchTheAcknowledgements(bool exact, int lastSeqNo, string? error)
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { RequireExactLastSeqNo = exact });
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromMilliseconds(400)); // 4 frames
            await client.SendTextAsync($$"""{"message":"EndOfStream","last_seq_no":{{lastSeqNo}}}""");
            if (error is null)
            {
                await client.ExpectAsync("EndOfTranscript");
            }
            else
            {
                Assert.Equal(error, (await client.ExpectErrorAndCloseAsync()).Type);
            }
        }
    }

    [Fact]
    public async Task AnInjectedErrorIsSentThenTheDocumentedCloseFrame()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions
        {
            Fault = SpeechmaticsFault.ErrorAfterAudio(TimeSpan.FromSeconds(0.5), SpeechmaticsErrorTypes.QuotaExceeded, "Concurrent session limit reached"),
        });
        var (client, _) = await RawSpeechmaticsClient.StartAsync(emulator.WebSocketUri);
        await using (client)
        {
            await client.SendAudioAsync(TimeSpan.FromSeconds(0.5));
            JsonObject error = await client.ExpectAsync("Error");
            Assert.Equal(("quota_exceeded", "Concurrent session limit reached"), ((string?)error["type"], (string?)error["reason"]));
            Assert.Null(await client.ReceiveAsync());
            Assert.Equal(4005, (int?)client.Socket.CloseStatus);
            Assert.Equal("quota_exceeded", client.Socket.CloseStatusDescription);
        }
    }

    [Fact]
    public async Task AnInjectedAbortDropsTheConnectionWithoutAClose()
    {
        await using var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions { Fault = SpeechmaticsFault.AbortAfterRecognitionStarted() });
        await using var client = await RawSpeechmaticsClient.ConnectAsync(emulator.WebSocketUri);
        await client.SendTextAsync(RawSpeechmaticsClient.PcmStart);
        // A reset may discard messages the client had not read yet: read until the connection fails.
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(async () =>
        {
            while (await client.ReceiveAsync() is not null)
            {
            }
        });

        SpeechmaticsSessionRecord record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.True(record.AbortedByEmulator);
        Assert.Null(record.CloseStatus);
        Assert.NotNull(record.SessionId);
    }
}
