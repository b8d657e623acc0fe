// Copyright (c) StreamingStt contributors. MIT License.
using BenchmarkDotNet.Attributes;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;

namespace StreamingStt.Benchmarks;

/// <summary>
/// The receive path: one server message parsed into provider-neutral results (Turn objects),
/// for each provider's most frequent messages, taken from the recorded fixtures in tests/.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly List<ProviderMessage> _output = new List<ProviderMessage>(4);
    private readonly DateTimeOffset _receivedAt = DateTimeOffset.UnixEpoch;
    private ISttProtocol _assemblyAI = null!;
    private ISttProtocol _deepgram = null!;
    private ISttProtocol _speechmatics = null!;
    private string _assemblyAITurn = "";
    private string _deepgramResults = "";
    private string _speechmaticsPartial = "";
    private const string SpeechmaticsAudioAdded = "{\"message\":\"AudioAdded\",\"seq_no\":1234}";

    [GlobalSetup]
    public void Setup()
    {
        _assemblyAI = new AssemblyAIProtocol(new StreamingStt.Engine.Providers.AssemblyAI.AssemblyAIOptions(), 16000, OutputEncoding.PcmS16le);
        _deepgram = new StreamingStt.Engine.Providers.Deepgram.DeepgramProtocol(new StreamingStt.Engine.Providers.Deepgram.DeepgramOptions(), 16000, OutputEncoding.PcmS16le);
        _speechmatics = new StreamingStt.Engine.Providers.Speechmatics.SpeechmaticsProtocol(new StreamingStt.Engine.Providers.Speechmatics.SpeechmaticsOptions(), 16000, OutputEncoding.PcmS16le);
        _assemblyAITurn = FixtureLine("assemblyai/u3-rt-pro.jsonl", "\"type\":\"Turn\"");
        _deepgramResults = FixtureLine("deepgram/punctuated-turns.jsonl", "\"type\":\"Results\"");
        _speechmaticsPartial = FixtureLine("speechmatics/eou-partials.jsonl", "\"AddPartialTranscript\"");
        // Begin first: later Turns are parsed in a started session.
        _assemblyAI.Parse(FixtureLine("assemblyai/u3-rt-pro.jsonl", "\"Begin\""), _receivedAt, _output);
        _speechmatics.Parse(FixtureLine("speechmatics/eou-partials.jsonl", "\"RecognitionStarted\""), _receivedAt, _output);
    }

    [Benchmark]
    public int AssemblyAITurn() => Parse(_assemblyAI, _assemblyAITurn);

    [Benchmark]
    public int DeepgramResults() => Parse(_deepgram, _deepgramResults);

    [Benchmark]
    public int SpeechmaticsPartial() => Parse(_speechmatics, _speechmaticsPartial);

    /// <summary>Speechmatics acknowledges every audio frame: the most frequent message of all.</summary>
    [Benchmark]
    public int SpeechmaticsAudioAddedAck() => Parse(_speechmatics, SpeechmaticsAudioAdded);

    private int Parse(ISttProtocol protocol, string message)
    {
        _output.Clear();
        protocol.Parse(message, _receivedAt, _output);
        return _output.Count;
    }

    private static string FixtureLine(string file, string containing)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        return File.ReadLines(path).First(line => line.Contains(containing, StringComparison.Ordinal));
    }
}
