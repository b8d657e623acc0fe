// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;
using Xunit.Abstractions;

namespace StreamingStt.Engine.Tests.Providers;

/// <summary>
/// Parser robustness: thousands of mutated provider messages (from the golden message logs) go through each
/// protocol class in sequence. A message may parse, or be refused as a protocol error (a <see cref="ProviderError"/>
/// or an <see cref="SttException"/>, which the session reports); any other exception, or a parse that never
/// returns, is a defect.
/// </summary>
public sealed class ProtocolFuzzTests
{
    private const int MutationsPerProvider = 4000;
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly ITestOutputHelper _output;

    public ProtocolFuzzTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Providers => new() { "assemblyai", "deepgram", "speechmatics" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void MutatedMessagesAreParsedOrRefusedAsProtocolErrorsNeverAnythingElse(string provider)
    {
        string[] seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", provider), "*.jsonl")
            .SelectMany(File.ReadAllLines)
            .Where(line => line.Length > 0)
            .ToArray();
        Assert.NotEmpty(seeds);

        var random = new Random(20261206 + provider.Length);   // deterministic: a failure names a reproducible case
        int parsed = 0, refused = 0;
        var failures = new List<string>();
        // A hang must fail the test, not the run: the loop runs on its own task with a generous bound.
        Task fuzz = Task.Run(() =>
        {
            ISttProtocol protocol = NewProtocol(provider);
            var messages = new List<ProviderMessage>();
            for (int i = 0; i < MutationsPerProvider; i++)
            {
                // A fresh protocol now and then: state (open turns, held formatted copies) builds up both ways.
                if (i % 50 == 0) protocol = NewProtocol(provider);
                string message = Mutate(seeds[random.Next(seeds.Length)], random);
                messages.Clear();
                try
                {
                    protocol.Parse(message, Now, messages);
                    if (i % 97 == 0) protocol.Flush(Now, messages);
                    if (messages.Any(m => m is ProviderError)) refused++;
                    else parsed++;
                }
                catch (SttException)
                {
                    refused++;
                }
                catch (Exception ex)
                {
                    if (failures.Count < 5) failures.Add($"#{i} {ex.GetType().Name}: {ex.Message}\n  message: {Shorten(message)}");
                }
            }
        });
        Assert.True(fuzz.Wait(TimeSpan.FromMinutes(2)), $"{provider}: the parser did not return (a hang) within 2 minutes of {MutationsPerProvider} messages.");
        _output.WriteLine($"{provider}: {MutationsPerProvider} mutated messages, {parsed} parsed, {refused} refused as protocol errors, {failures.Count} other exceptions");
        Assert.True(failures.Count == 0, $"{provider}: a mutated message threw something other than SttException:\n" + string.Join("\n", failures));
    }

    private static ISttProtocol NewProtocol(string provider) => provider switch
    {
        "assemblyai" => new AssemblyAIProtocol(new AssemblyAIOptions(), 16000, OutputEncoding.PcmS16le),
        "deepgram" => new DeepgramProtocol(new DeepgramOptions(), 16000, OutputEncoding.PcmS16le),
        _ => new SpeechmaticsProtocol(new SpeechmaticsOptions(), 16000, OutputEncoding.PcmS16le),
    };

    // One of: a JSON-aware change (a value of another type or range, a field removed, a list emptied or grown),
    // a truncation, or a few characters flipped, inserted or deleted.
    private static string Mutate(string seed, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
            case 1:
                JsonNode? root;
                try
                {
                    root = JsonNode.Parse(seed);
                }
                catch (System.Text.Json.JsonException)
                {
                    return seed;
                }
                if (root is null) return seed;
                int rounds = 1 + random.Next(3);
                for (int r = 0; r < rounds; r++) MutateNode(root, random);
                return root.ToJsonString();
            case 2:
                return seed.Substring(0, random.Next(seed.Length));
            default:
                var text = new StringBuilder(seed);
                int edits = 1 + random.Next(4);
                for (int e = 0; e < edits && text.Length > 0; e++)
                {
                    int at = random.Next(text.Length);
                    switch (random.Next(3))
                    {
                        case 0: text[at] = (char)random.Next(32, 127); break;
                        case 1: text.Insert(at, "{}[]\",:0-e.\\"[random.Next(12)]); break;
                        default: text.Remove(at, 1); break;
                    }
                }
                return text.ToString();
        }
    }

    private static void MutateNode(JsonNode root, Random random)
    {
        // Pick a random container and one of its children.
        var containers = new List<JsonNode>();
        Collect(root, containers);
        JsonNode container = containers[random.Next(containers.Count)];
        if (container is JsonObject obj && obj.Count > 0)
        {
            string key = obj.ElementAt(random.Next(obj.Count)).Key;
            if (random.Next(5) == 0) obj.Remove(key);
            else obj[key] = RandomValue(random);
        }
        else if (container is JsonArray array)
        {
            if (array.Count > 0 && random.Next(3) == 0) array.Clear();
            else if (array.Count > 0) array[random.Next(array.Count)] = RandomValue(random);
            else array.Add(RandomValue(random));
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        if (node is JsonObject obj)
        {
            containers.Add(obj);
            foreach (KeyValuePair<string, JsonNode?> child in obj) if (child.Value is not null) Collect(child.Value, containers);
        }
        else if (node is JsonArray array)
        {
            containers.Add(array);
            foreach (JsonNode? child in array) if (child is not null) Collect(child, containers);
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(0),
        4 => JsonValue.Create(1e308),
        5 => JsonValue.Create(-1e308),
        6 => JsonValue.Create(long.MaxValue),
        7 => JsonValue.Create(""),
        8 => JsonValue.Create("NaN"),
        9 => JsonValue.Create(new string('x', 10_000)),
        10 => new JsonArray(),
        11 => new JsonObject(),
        12 => new JsonArray(JsonValue.Create(1), null, new JsonObject()),
        _ => JsonValue.Create(random.NextDouble() * 1e6 - 5e5),
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "…";
}
