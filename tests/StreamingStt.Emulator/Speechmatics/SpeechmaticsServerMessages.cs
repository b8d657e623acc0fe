// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>The JSON of every server message the emulator sends, shaped as realtime.yaml and protocols.md §3.5 show.</summary>
internal static class SpeechmaticsServerMessages
{
    /// <summary>The output format version real sessions report.</summary>
    public const string Format = "2.9";

    public static OutgoingMessage RecognitionQuality() => Write("Info", w =>
    {
        w.WriteString("type", "recognition_quality");
        w.WriteString("quality", "broadcast");
        w.WriteString("reason", "Running recognition using a broadcast model quality.");
    });

    public static OutgoingMessage ConcurrentSessionUsage(int usage, int quota) => Write("Info", w =>
    {
        w.WriteString("type", "concurrent_session_usage");
        w.WriteString("reason", string.Create(CultureInfo.InvariantCulture, $"{usage} concurrent sessions active out of quota {quota}"));
        w.WriteNumber("usage", usage);
        w.WriteNumber("quota", quota);
        w.WriteString("last_updated", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("region", "eu");
    });

    public static OutgoingMessage RecognitionStarted(string id) => Write("RecognitionStarted", w =>
    {
        w.WriteString("orchestrator_version", "streamingstt-emulator");
        w.WriteString("id", id);
        w.WriteStartObject("language_pack_info");
        w.WriteBoolean("adapted", false);
        w.WriteBoolean("itn", true);
        w.WriteString("language_description", "Emulated");
        w.WriteString("word_delimiter", " ");
        w.WriteString("writing_direction", "left-to-right");
        w.WriteEndObject();
    });

    public static OutgoingMessage AudioAdded(long seqNo) => Write("AudioAdded", w => w.WriteNumber("seq_no", seqNo));

    /// <summary>
    /// AddTranscript or AddPartialTranscript for <paramref name="words"/>: each script word becomes a word result plus a
    /// punctuation result per leading (attaches_to next) or trailing (attaches_to previous, is_eos after . ? !) mark.
    /// Partials carry confidence 0, which the spec calls meaningless.
    /// </summary>
    public static OutgoingMessage Transcript(bool final, IReadOnlyList<(ScriptWord Word, string? Speaker)> words, string language, bool forced, double emptyAt)
    {
        string type = final ? "AddTranscript" : "AddPartialTranscript";
        return Write(type, w =>
        {
            w.WriteString("format", Format);
            w.WriteStartObject("metadata");
            w.WriteNumber("start_time", words.Count > 0 ? Seconds(words[0].Word.StartMs) : emptyAt);
            w.WriteNumber("end_time", words.Count > 0 ? Seconds(words[^1].Word.EndMs) : emptyAt);
            // UNCONFIRMED: each segment's transcript ends with the word delimiter, so plain concatenation reads well.
            w.WriteString("transcript", words.Count > 0 ? string.Join(' ', words.Select(x => x.Word.Formatted)) + " " : string.Empty);
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var (word, speaker) in words)
            {
                WriteWord(w, word, speaker, language, final);
            }

            w.WriteEndArray();
            if (forced)
            {
                w.WriteBoolean("forced", true);
            }
        });
    }

    public static OutgoingMessage EndOfUtterance(double seconds, bool forced) => Write("EndOfUtterance", w =>
    {
        w.WriteStartObject("metadata");
        w.WriteNumber("start_time", seconds);
        w.WriteNumber("end_time", seconds);
        w.WriteEndObject();
        if (forced)
        {
            w.WriteBoolean("forced", true);
        }
    });

    public static OutgoingMessage EndOfTranscript() => Write("EndOfTranscript", _ => { });

    public static OutgoingMessage SpeakersResult() => Write("SpeakersResult", w =>
    {
        w.WriteStartArray("speakers");
        w.WriteEndArray();
    });

    public static OutgoingMessage Warning(string type, string reason) => Write("Warning", w =>
    {
        w.WriteString("type", type);
        w.WriteString("reason", reason);
    });

    public static OutgoingMessage Error(string type, string reason) => Write("Error", w =>
    {
        w.WriteString("type", type);
        w.WriteString("reason", reason);
    });

    public static double Seconds(long milliseconds) => milliseconds / 1000.0;

    private static void WriteWord(Utf8JsonWriter w, ScriptWord word, string? speaker, string language, bool final)
    {
        string token = word.Formatted;
        int first = 0;
        while (first < token.Length && !char.IsLetterOrDigit(token[first]))
        {
            first++;
        }

        if (first == token.Length)
        {
            // A token with no letters ("—"): punctuation standing on its own.
            WritePunctuation(w, token, word.StartMs, "none", speaker, language);
            return;
        }

        int last = token.Length - 1;
        while (!char.IsLetterOrDigit(token[last]))
        {
            last--;
        }

        foreach (char mark in token[..first])
        {
            WritePunctuation(w, mark.ToString(), word.StartMs, "next", speaker, language);
        }

        w.WriteStartObject();
        w.WriteString("type", "word");
        w.WriteNumber("start_time", Seconds(word.StartMs));
        w.WriteNumber("end_time", Seconds(word.EndMs));
        WriteAlternative(w, token[first..(last + 1)], final ? word.Confidence : 0, speaker, language);
        w.WriteEndObject();

        foreach (char mark in token[(last + 1)..])
        {
            WritePunctuation(w, mark.ToString(), word.EndMs, "previous", speaker, language);
        }
    }

    private static void WritePunctuation(Utf8JsonWriter w, string mark, long atMs, string attachesTo, string? speaker, string language)
    {
        w.WriteStartObject();
        w.WriteString("type", "punctuation");
        w.WriteNumber("start_time", Seconds(atMs));
        w.WriteNumber("end_time", Seconds(atMs));
        w.WriteString("attaches_to", attachesTo);
        w.WriteBoolean("is_eos", mark is "." or "?" or "!");
        WriteAlternative(w, mark, 1.0, speaker, language);
        w.WriteEndObject();
    }

    private static void WriteAlternative(Utf8JsonWriter w, string content, double confidence, string? speaker, string language)
    {
        w.WriteStartArray("alternatives");
        w.WriteStartObject();
        w.WriteString("content", content);
        w.WriteNumber("confidence", confidence);
        w.WriteString("language", language);
        if (speaker is not null)
        {
            w.WriteString("speaker", speaker);
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static OutgoingMessage Write(string message, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            body(writer);
            writer.WriteEndObject();
        }

        return new OutgoingMessage(message, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
