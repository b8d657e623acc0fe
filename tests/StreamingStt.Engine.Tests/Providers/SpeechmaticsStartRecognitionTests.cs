// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.Json.Nodes;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>The StartRecognition message (protocols.md §3.3) and the option checks made before connecting.</summary>
public sealed class SpeechmaticsStartRecognitionTests
{
    [Fact]
    public void EveryOptionLandsInTranscriptionConfig()
    {
        SpeechmaticsProtocol protocol = SpeechmaticsProtocolTests.NewProtocol(o =>
        {
            o.Language = "de";
            o.Model = "enhanced";
            o.Domain = "finance";
            o.OutputLocale = "de-CH";
            o.EnablePartials = true;
            o.MaxDelay = 1.5;
            o.MaxDelayMode = "fixed";
            o.Diarization = "speaker";
            o.MaxSpeakers = 3;
            o.SpeakerSensitivity = 0.6;
            o.PreferCurrentSpeaker = true;
            o.AdditionalVocab = new List<SpeechmaticsVocabularyEntry>
            {
                new("Zürich"),
                new("gnocchi", new List<string> { "nyohki", "nokey" }),
            };
            o.PunctuationPermittedMarks = new List<string> { ".", "," };
            o.PunctuationSensitivity = 0.4;
            o.EndOfUtteranceSilenceTrigger = 0.8;
            o.EnableEntities = false;
            o.VolumeThreshold = 3.4;
            o.RemoveDisfluencies = true;
        }, sampleRate: 44100);

        string json = protocol.CreateStartMessage()!;
        JsonNode expected = JsonNode.Parse("""
            {
              "message": "StartRecognition",
              "audio_format": { "type": "raw", "encoding": "pcm_s16le", "sample_rate": 44100 },
              "transcription_config": {
                "language": "de",
                "model": "enhanced",
                "domain": "finance",
                "output_locale": "de-CH",
                "additional_vocab": ["Zürich", { "content": "gnocchi", "sounds_like": ["nyohki", "nokey"] }],
                "diarization": "speaker",
                "max_delay": 1.5,
                "max_delay_mode": "fixed",
                "speaker_diarization_config": { "max_speakers": 3, "speaker_sensitivity": 0.6, "prefer_current_speaker": true },
                "enable_partials": true,
                "enable_entities": false,
                "punctuation_overrides": { "permitted_marks": [".", ","], "sensitivity": 0.4 },
                "conversation_config": { "end_of_utterance_silence_trigger": 0.8 },
                "audio_filtering_config": { "volume_threshold": 3.4 },
                "transcript_filtering_config": { "remove_disfluencies": true }
              }
            }
            """)!;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
        Assert.Contains("Zürich", json); // readable, not \u00FC
    }

    [Fact]
    public void DefaultsSendOnlyTheLanguageAndTheAudioFormat()
    {
        string json = SpeechmaticsProtocolTests.NewProtocol(sampleRate: 8000, encoding: OutputEncoding.PcmMulaw).CreateStartMessage()!;
        JsonNode expected = JsonNode.Parse("""
            {"message":"StartRecognition","audio_format":{"type":"raw","encoding":"mulaw","sample_rate":8000},"transcription_config":{"language":"en"}}
            """)!;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
    }

    [Theory]
    [InlineData("Language", "Language")]
    [InlineData("MaxDelayLow", "MaxDelay")]
    [InlineData("MaxDelayHigh", "MaxDelay")]
    [InlineData("MaxDelayMode", "MaxDelayMode")]
    [InlineData("Diarization", "Diarization")]
    [InlineData("MaxSpeakers", "MaxSpeakers")]
    [InlineData("MaxSpeakersWithoutDiarization", "MaxSpeakers")]
    [InlineData("SpeakerSensitivity", "SpeakerSensitivity")]
    [InlineData("PunctuationSensitivity", "PunctuationSensitivity")]
    [InlineData("PermittedMark", "PunctuationPermittedMarks")]
    [InlineData("EndOfUtteranceSilenceTrigger", "EndOfUtteranceSilenceTrigger")]
    [InlineData("VolumeThreshold", "VolumeThreshold")]
    [InlineData("EmptyVocab", "AdditionalVocab")]
    [InlineData("EmptySoundsLike", "AdditionalVocab")]
    [InlineData("InsecureEndpoint", null)]
    public void InvalidOptionsAreRejectedBeforeConnectingAndNameTheOption(string case_, string? target)
    {
        var options = new SpeechmaticsOptions();
        switch (case_)
        {
            case "Language": options.Language = " "; break;
            case "MaxDelayLow": options.MaxDelay = 0.69; break;
            case "MaxDelayHigh": options.MaxDelay = 4.01; break;
            case "MaxDelayMode": options.MaxDelayMode = "eager"; break;
            case "Diarization": options.Diarization = "speakers"; break;
            case "MaxSpeakers": options.Diarization = "speaker"; options.MaxSpeakers = 1; break;
            case "MaxSpeakersWithoutDiarization": options.MaxSpeakers = 2; break;
            case "SpeakerSensitivity": options.Diarization = "speaker"; options.SpeakerSensitivity = 1.1; break;
            case "PunctuationSensitivity": options.PunctuationSensitivity = -0.1; break;
            case "PermittedMark": options.PunctuationPermittedMarks = new List<string> { ".", "?!" }; break;
            case "EndOfUtteranceSilenceTrigger": options.EndOfUtteranceSilenceTrigger = 2.5; break;
            case "VolumeThreshold": options.VolumeThreshold = 101; break;
            case "EmptyVocab": options.AdditionalVocab = new List<SpeechmaticsVocabularyEntry> { new(" ") }; break;
            case "EmptySoundsLike": options.AdditionalVocab = new List<SpeechmaticsVocabularyEntry> { new("x", new List<string> { "" }) }; break;
            case "InsecureEndpoint": options.Endpoint = new Uri("ws://example.com/v2"); break;
        }

        var ex = Assert.Throws<SttException>(() => new SpeechmaticsProtocol(options, 16000, OutputEncoding.PcmS16le));
        if (target is null)
        {
            Assert.Equal(SttErrorKind.TransportEndpointInsecure, ex.Kind);
            return;
        }
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Equal(target, ex.Target);
    }

    [Fact]
    public void LimitValuesAndAllAreAccepted()
    {
        var options = new SpeechmaticsOptions
        {
            MaxDelay = 0.7,
            Diarization = "channel_and_speaker",
            MaxSpeakers = 2,
            SpeakerSensitivity = 1,
            PunctuationPermittedMarks = new List<string> { "all" },
            EndOfUtteranceSilenceTrigger = 2,
            VolumeThreshold = 0,
        };
        string json = new SpeechmaticsProtocol(options, 16000, OutputEncoding.PcmS16le).CreateStartMessage()!;
        Assert.Contains("\"permitted_marks\":[\"all\"]", json);
    }
}
