// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using System.Text.Json.Nodes;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>
/// One line per server message, so whole message sequences can be compared at a glance:
/// <c>Turn0 partial '' [hello~]</c> (~ = word not final), <c>Turn0 EOT F 'Hello world.' [Hello world.]</c>
/// (F = turn_is_formatted), <c>SpeechStarted@500</c>, <c>Termination</c>.
/// </summary>
internal static class MessageDigest
{
    public static List<string> Of(IEnumerable<JsonObject> messages) => messages.Select(Of).ToList();

    public static string Of(JsonObject message)
    {
        string type = (string)message["type"]!;
        switch (type)
        {
            case "Turn":
                var words = message["words"]!.AsArray().Select(w => (string)w!["text"]! + ((bool)w["word_is_final"]! ? string.Empty : "~"));
                return string.Create(CultureInfo.InvariantCulture,
                    $"Turn{(int)message["turn_order"]!} {((bool)message["end_of_turn"]! ? "EOT" : "partial")}{((bool)message["turn_is_formatted"]! ? " F" : string.Empty)} '{(string)message["transcript"]!}' [{string.Join(' ', words)}]");
            case "SpeechStarted":
                return string.Create(CultureInfo.InvariantCulture, $"SpeechStarted@{(long)message["timestamp"]!}");
            default:
                return type;
        }
    }
}
