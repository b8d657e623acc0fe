// Copyright (c) StreamingStt contributors. MIT License.

using System.Text.Json;

namespace StreamingStt.Emulator;

/// <summary>A validated client → server text message (protocols.md §1.4).</summary>
internal sealed class ClientMessage
{
    public const string Terminate = "Terminate";
    public const string ForceEndpoint = "ForceEndpoint";
    public const string KeepAlive = "KeepAlive";
    public const string UpdateConfiguration = "UpdateConfiguration";

    private ClientMessage(string type, ConfigurationUpdate? update)
    {
        Type = type;
        Update = update;
    }

    public string Type { get; }

    /// <summary>Set for UpdateConfiguration.</summary>
    public ConfigurationUpdate? Update { get; }

    /// <summary>
    /// Parses a text frame. Throws <see cref="InvalidClientMessageException"/> with the documented 3006 reason:
    /// "Invalid JSON: …" (not JSON), "Invalid Message: …" (not an object with a string type, or bad fields),
    /// "Invalid Message Type: …" (unknown type).
    /// </summary>
    public static ClientMessage Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw new InvalidClientMessageException(AssemblyAIErrors.InvalidJson(text));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                throw new InvalidClientMessageException(AssemblyAIErrors.InvalidMessage(text));
            }

            string type = typeElement.GetString()!;
            return type switch
            {
                Terminate or ForceEndpoint or KeepAlive => new ClientMessage(type, null),
                UpdateConfiguration => new ClientMessage(type, ParseUpdate(root, text)),
                _ => throw new InvalidClientMessageException(AssemblyAIErrors.InvalidMessageType(type)),
            };
        }
    }

    /// <summary>Best-effort type name for the session record, even for messages that fail validation.</summary>
    public static string TypeNameForRecord(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var t)
                && t.ValueKind == JsonValueKind.String
                    ? t.GetString()!
                    : "(invalid)";
        }
        catch (JsonException)
        {
            return "(invalid)";
        }
    }

    // Fields from both AsyncAPI specs are type-checked; SDK-only fields (session_heartbeat, agent_context, …) are
    // accepted and ignored like unknown query parameters.
    private static ConfigurationUpdate ParseUpdate(JsonElement root, string text)
    {
        try
        {
            int? minSilence = OptionalInt(root, "min_turn_silence") ?? OptionalInt(root, "min_end_of_turn_silence_when_confident");
            var update = new ConfigurationUpdate
            {
                EndOfTurnConfidenceThreshold = OptionalUnitInterval(root, "end_of_turn_confidence_threshold"),
                MinTurnSilenceMs = minSilence,
                MaxTurnSilenceMs = OptionalInt(root, "max_turn_silence"),
                FormatTurns = OptionalBool(root, "format_turns"),
            };
            _ = OptionalUnitInterval(root, "vad_threshold");
            if (root.TryGetProperty("keyterms_prompt", out var keyterms))
            {
                _ = SessionConfiguration.ParseKeyterms(keyterms);
            }

            if (root.TryGetProperty("prompt", out var prompt) && prompt.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                throw new FormatException();
            }

            return update;
        }
        catch (Exception e) when (e is FormatException or SessionConfigurationException)
        {
            throw new InvalidClientMessageException(AssemblyAIErrors.InvalidMessage(text));
        }
    }

    private static int? OptionalInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= 0
            ? number
            : throw new FormatException();
    }

    private static double? OptionalUnitInterval(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1 and var number
            ? number
            : throw new FormatException();
    }

    private static bool? OptionalBool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException(),
        };
    }
}
