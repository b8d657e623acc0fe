// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using System.Text.Json.Nodes;

namespace StreamingStt.Engine.Tests.Emulator.Speechmatics;

/// <summary>
/// One line per Speechmatics server message, so whole sequences compare at a glance: <c>Final 'Hello world.'</c>
/// (words and punctuation joined as attaches_to says), <c>Partial ''</c>, <c>EOU@1.6 forced</c>, <c>EndOfTranscript</c>.
/// </summary>
internal static class SpeechmaticsDigest
{
    public static List<string> Of(IEnumerable<JsonObject> messages) => messages.Select(Of).ToList();

    public static string Of(JsonObject message)
    {
        string type = (string)message["message"]!;
        string forced = message["forced"] is not null ? " forced" : string.Empty;
        return type switch
        {
            "AddTranscript" => $"Final '{Text(message)}'{forced}",
            "AddPartialTranscript" => $"Partial '{Text(message)}'",
            "EndOfUtterance" => string.Create(CultureInfo.InvariantCulture, $"EOU@{(double)message["metadata"]!["start_time"]!}{forced}"),
            "Error" or "Warning" or "Info" => $"{type} {(string?)message["type"]}",
            _ => type,
        };
    }

    /// <summary>The results joined the way a client should: punctuation attached to the previous word.</summary>
    public static string Text(JsonObject message)
    {
        var text = new System.Text.StringBuilder();
        foreach (var result in message["results"]!.AsArray())
        {
            string content = (string)result!["alternatives"]![0]!["content"]!;
            bool attaches = (string?)result["type"] == "punctuation" && (string?)result["attaches_to"] == "previous";
            if (text.Length > 0 && !attaches) text.Append(' ');
            text.Append(content);
        }

        return text.ToString();
    }
}
