// Copyright (c) StreamingStt contributors. MIT License.

using System.Buffers;
using System.Text;
using System.Text.Json;

namespace StreamingStt.Emulator;

/// <summary>Writes the server → client JSON messages, field names and order as in AssemblyAI's docs.</summary>
internal static class ServerMessageWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep "—" and other non-ASCII text readable, as the real service sends it.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static OutgoingMessage Begin(string id, long expiresAtUnixSeconds) => Write("Begin", w =>
    {
        w.WriteString("type", "Begin");
        w.WriteString("id", id);
        w.WriteNumber("expires_at", expiresAtUnixSeconds);
    });

    public static OutgoingMessage SpeechStarted(long timestampMs, double confidence) => Write("SpeechStarted", w =>
    {
        w.WriteString("type", "SpeechStarted");
        w.WriteNumber("timestamp", timestampMs);
        w.WriteNumber("confidence", confidence);
    });

    public static OutgoingMessage Termination(long audioDurationSeconds, long sessionDurationSeconds) => Write("Termination", w =>
    {
        w.WriteString("type", "Termination");
        w.WriteNumber("audio_duration_seconds", audioDurationSeconds);
        w.WriteNumber("session_duration_seconds", sessionDurationSeconds);
    });

    public static OutgoingMessage Error(int code, string text) => Write("Error", w =>
    {
        w.WriteString("type", "Error");
        w.WriteNumber("error_code", code);
        w.WriteString("error", text);
    });

    public static OutgoingMessage Turn(TurnMessage turn) => Write("Turn", w =>
    {
        w.WriteNumber("turn_order", turn.TurnOrder);
        w.WriteBoolean("turn_is_formatted", turn.IsFormatted);
        w.WriteBoolean("end_of_turn", turn.EndOfTurn);
        w.WriteString("transcript", turn.Transcript);
        w.WriteNumber("end_of_turn_confidence", turn.EndOfTurnConfidence);
        w.WriteStartArray("words");
        foreach (var word in turn.Words)
        {
            w.WriteStartObject();
            w.WriteNumber("start", word.StartMs);
            w.WriteNumber("end", word.EndMs);
            w.WriteString("text", word.Text);
            w.WriteNumber("confidence", word.Confidence);
            w.WriteBoolean("word_is_final", word.IsFinal);
            if (word.Speaker is not null)
            {
                w.WriteString("speaker", word.Speaker);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("utterance", turn.Utterance);
        if (turn.LanguageCode is not null)
        {
            w.WriteString("language_code", turn.LanguageCode);
            w.WriteNumber("language_confidence", turn.LanguageConfidence ?? 0);
        }

        if (turn.SpeakerLabel is not null)
        {
            w.WriteString("speaker_label", turn.SpeakerLabel);
        }

        w.WriteString("type", "Turn");
    });

    private static OutgoingMessage Write(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return new OutgoingMessage(type, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
