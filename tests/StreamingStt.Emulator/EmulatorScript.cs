// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text.Json;

namespace StreamingStt.Emulator;

/// <summary>
/// The transcript the emulator produces, as utterances on the audio timeline. Recognition is driven only by how much
/// audio has been received, never by the audio content, so tests are deterministic.
/// </summary>
public sealed class EmulatorScript
{
    /// <summary>Creates a script; utterances must be in time order and must not overlap.</summary>
    public EmulatorScript(IEnumerable<ScriptedUtterance> utterances)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        Utterances = utterances.ToArray();
        Validate(Utterances);
    }

    /// <summary>
    /// Used when no script is given: "Hello world." at 0.5 s (ends 1.1 s) and "How are you today?" at 3 s (ends 4.2 s),
    /// both by speaker A with 300 ms words.
    /// </summary>
    public static EmulatorScript Default { get; } = new(
    [
        new ScriptedUtterance("Hello world.", TimeSpan.FromSeconds(0.5)),
        new ScriptedUtterance("How are you today?", TimeSpan.FromSeconds(3)),
    ]);

    /// <summary>
    /// What a recognizer that starts hearing at <paramref name="position"/> of the recording hears: the utterances that
    /// start there or later, on a timeline that starts there (an utterance already under way is not heard).
    /// </summary>
    public EmulatorScript From(TimeSpan position) =>
        position <= TimeSpan.Zero
            ? this
            : new(Utterances.Where(u => u.Start >= position).Select(u => u with { Start = u.Start - position, End = u.End - position }));

    /// <summary>A script that recognizes nothing.</summary>
    public static EmulatorScript Empty { get; } = new([]);

    /// <summary>The utterances in time order.</summary>
    public IReadOnlyList<ScriptedUtterance> Utterances { get; }

    /// <summary>End of the last word, or zero for an empty script.</summary>
    public TimeSpan Length => Utterances.Count == 0 ? TimeSpan.Zero : Utterances[^1].EffectiveEnd;

    /// <summary>
    /// Parses <c>{"utterances":[{"text":"Hello world.","start":0.5,"wordSeconds":0.3,"end":1.1,"speaker":"A"}]}</c>;
    /// times are seconds, <c>wordSeconds</c>, <c>end</c> and <c>speaker</c> optional.
    /// </summary>
    public static EmulatorScript Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("utterances", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A script is an object with an \"utterances\" array.");
        }

        var utterances = new List<ScriptedUtterance>();
        foreach (var item in list.EnumerateArray())
        {
            utterances.Add(ParseUtterance(item, utterances.Count));
        }

        return new EmulatorScript(utterances);
    }

    /// <summary>Reads and parses a script file (see <see cref="Parse"/>).</summary>
    public static EmulatorScript Load(string path) => Parse(File.ReadAllText(path));

    private static ScriptedUtterance ParseUtterance(JsonElement item, int index)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"utterances[{index}]");
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object.");
        }

        string text = item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new FormatException($"{where}.text must be a string.");
        double start = RequiredSeconds(item, "start", where);
        var utterance = new ScriptedUtterance(text, TimeSpan.FromSeconds(start));
        if (OptionalSeconds(item, "wordSeconds", where) is { } word)
        {
            utterance = utterance with { WordDuration = TimeSpan.FromSeconds(word) };
        }

        if (OptionalSeconds(item, "end", where) is { } end)
        {
            utterance = utterance with { End = TimeSpan.FromSeconds(end) };
        }

        if (item.TryGetProperty("speaker", out var s))
        {
            utterance = utterance with
            {
                Speaker = s.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetString())
                    ? s.GetString()!
                    : throw new FormatException($"{where}.speaker must be a non-empty string."),
            };
        }

        return utterance;
    }

    private static double RequiredSeconds(JsonElement item, string name, string where) =>
        OptionalSeconds(item, name, where) ?? throw new FormatException($"{where}.{name} is required (seconds).");

    private static double? OptionalSeconds(JsonElement item, string name, string where)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double seconds) && seconds >= 0
            ? seconds
            : throw new FormatException($"{where}.{name} must be a non-negative number of seconds.");
    }

    private static void Validate(IReadOnlyList<ScriptedUtterance> utterances)
    {
        TimeSpan previousEnd = TimeSpan.Zero;
        for (int i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i] ?? throw new ArgumentException($"Utterance {i} is null.");
            if (u.Words.Count == 0)
            {
                throw new ArgumentException($"Utterance {i} has no words.");
            }

            if (u.Start < TimeSpan.Zero || u.WordDuration <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Utterance {i} needs a non-negative start and a positive word duration.");
            }

            if (u.End is { } end && end <= u.Start)
            {
                throw new ArgumentException($"Utterance {i} ends before it starts.");
            }

            if (u.Start < previousEnd)
            {
                throw new ArgumentException($"Utterance {i} starts before utterance {i - 1} ends; keep them in time order.");
            }

            previousEnd = u.EffectiveEnd;
        }
    }
}
