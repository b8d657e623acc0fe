// Copyright (c) StreamingStt contributors. MIT License.

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Writes the server → client JSON messages of /v1/listen, field names and order as in the spec's examples.</summary>
/// <param name="resultChannels">The second number of channel_index: the channels transcribed apart (1 unless multichannel).</param>
/// <param name="audioChannels">Metadata.channels: the channels of the audio.</param>
internal sealed class DeepgramMessageWriter(string requestId, DeepgramModelInfo model, int resultChannels, int audioChannels)
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public OutgoingMessage Results(DeepgramResults results) => Write("Results", w =>
    {
        w.WriteString("type", "Results");
        WriteChannel(w, "channel_index");
        w.WriteNumber("duration", Seconds(results.EndMs - results.StartMs));
        w.WriteNumber("start", Seconds(results.StartMs));
        w.WriteBoolean("is_final", results.IsFinal);
        w.WriteBoolean("speech_final", results.SpeechFinal);
        w.WriteStartObject("channel");
        w.WriteStartArray("alternatives");
        w.WriteStartObject();
        w.WriteString("transcript", results.Transcript);
        w.WriteNumber("confidence", results.Words.Count == 0 ? 0 : Math.Round(results.Words.Average(x => x.Confidence), 6));
        w.WriteStartArray("words");
        foreach (var word in results.Words)
        {
            w.WriteStartObject();
            w.WriteString("word", word.Word);
            w.WriteNumber("start", Seconds(word.StartMs));
            w.WriteNumber("end", Seconds(word.EndMs));
            w.WriteNumber("confidence", word.Confidence);
            if (word.Speaker is { } speaker)
            {
                w.WriteNumber("speaker", speaker);
            }

            if (word.PunctuatedWord is not null)
            {
                w.WriteString("punctuated_word", word.PunctuatedWord);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteString("request_id", requestId);
        WriteModelInfo(w, "model_info");
        w.WriteString("model_uuid", model.Uuid);
        w.WriteEndObject();
        w.WriteBoolean("from_finalize", results.FromFinalize);
    });

    public OutgoingMessage UtteranceEnd(long lastWordEndMs) => Write("UtteranceEnd", w =>
    {
        w.WriteString("type", "UtteranceEnd");
        WriteChannel(w, "channel");
        w.WriteNumber("last_word_end", Seconds(lastWordEndMs));
    });

    public OutgoingMessage SpeechStarted(long timestampMs) => Write("SpeechStarted", w =>
    {
        w.WriteString("type", "SpeechStarted");
        WriteChannel(w, "channel");
        w.WriteNumber("timestamp", Seconds(timestampMs));
    });

    /// <summary>The summary after CloseStream. models/model_info follow third-party captures (UNCONFIRMED).</summary>
    public OutgoingMessage Metadata(string sha256Hex, DateTimeOffset created, double durationSeconds) => Write("Metadata", w =>
    {
        w.WriteString("type", "Metadata");
        w.WriteString("transaction_key", "deprecated");
        w.WriteString("request_id", requestId);
        w.WriteString("sha256", sha256Hex);
        w.WriteString("created", created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("duration", Math.Round(durationSeconds, 6));
        w.WriteNumber("channels", audioChannels);
        w.WriteStartArray("models");
        w.WriteStringValue(model.Uuid);
        w.WriteEndArray();
        w.WriteStartObject("model_info");
        WriteModelInfo(w, model.Uuid);
        w.WriteEndObject();
    });

    private void WriteModelInfo(Utf8JsonWriter w, string propertyName)
    {
        w.WriteStartObject(propertyName);
        w.WriteString("name", model.Name);
        w.WriteString("version", model.Version);
        w.WriteString("arch", model.Arch);
        w.WriteEndObject();
    }

    // [channel, channel count]: the emulator transcribes channel 0 only.
    private void WriteChannel(Utf8JsonWriter w, string propertyName)
    {
        w.WriteStartArray(propertyName);
        w.WriteNumberValue(0);
        w.WriteNumberValue(resultChannels);
        w.WriteEndArray();
    }

    private static double Seconds(long milliseconds) => milliseconds / 1000.0;

    private static OutgoingMessage Write(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return new OutgoingMessage(type, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
