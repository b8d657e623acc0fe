// Copyright (c) StreamingStt contributors. MIT License.

using System.Text;

namespace StreamingStt.Emulator;

/// <summary>An <see cref="EmulatorScript"/> flattened into timed words, the form the turn engines consume.</summary>
internal sealed class ScriptTimeline
{
    public ScriptTimeline(EmulatorScript script)
    {
        var words = new List<ScriptWord>();
        var starts = new List<long>();
        for (int u = 0; u < script.Utterances.Count; u++)
        {
            var utterance = script.Utterances[u];
            var tokens = utterance.Words;
            double startMs = utterance.Start.TotalMilliseconds;
            double wordMs = (utterance.EffectiveEnd - utterance.Start).TotalMilliseconds / tokens.Count;
            starts.Add((long)Math.Round(startMs));
            for (int i = 0; i < tokens.Count; i++)
            {
                words.Add(new ScriptWord(
                    u,
                    tokens[i],
                    Plain(tokens[i]),
                    (long)Math.Round(startMs + (i * wordMs)),
                    (long)Math.Round(startMs + ((i + 1) * wordMs)),
                    utterance.Speaker,
                    PlausibleConfidence(words.Count)));
            }
        }

        Words = words;
        UtteranceStartsMs = starts;
    }

    public IReadOnlyList<ScriptWord> Words { get; }

    public IReadOnlyList<long> UtteranceStartsMs { get; }

    /// <summary>Whether formatted text ends a sentence, which is what u3-rt-pro's turn check looks for.</summary>
    public static bool EndsWithTerminalPunctuation(string text)
    {
        string trimmed = text.TrimEnd('"', '\'', ')', ']', '”', '’');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '?' or '!';
    }

    /// <summary>The unformatted form of a word: lowercase, punctuation removed except inner apostrophes and hyphens.</summary>
    public static string Plain(string token)
    {
        var builder = new StringBuilder(token.Length);
        foreach (char c in token)
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        string plain = builder.ToString().Trim('\'', '-');
        return plain.Length > 0 ? plain : token.ToLowerInvariant();
    }

    // Deterministic but not constant, so clients cannot get away with ignoring the value.
    private static double PlausibleConfidence(int wordIndex) => Math.Round(0.86 + (((wordIndex * 7) % 13) / 100.0), 6);
}
