// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;
using StreamingStt.Emulator.Speechmatics;

namespace StreamingStt.Emulator;

/// <summary>
/// The console program's <c>--fault</c> value, the same for every provider (for scripts such as the Pester tests):
/// <c>stall-after:S</c>, <c>oversized-after:S:BYTES</c>, <c>close-after:S:CODE[:REASON]</c>, <c>abort-after:S</c>,
/// <c>black-hole-after:S</c> (<see cref="EmulatorFaultAction.BlackHole"/>: silent and no longer reading, so pings go
/// unanswered), where S is seconds of audio received.
/// </summary>
internal sealed record FaultOption(EmulatorFaultAction Action, TimeSpan AudioReceived, int CloseCode, string CloseReason, int MessageBytes)
{
    public const string Syntax = "stall-after:S | black-hole-after:S | oversized-after:S:BYTES | close-after:S:CODE[:REASON] | abort-after:S";

    /// <summary>Parses a <c>--fault</c> value; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static FaultOption Parse(string text)
    {
        string[] parts = text.Split(':', 4);
        TimeSpan Seconds() =>
            parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && s >= 0
                ? TimeSpan.FromSeconds(s)
                : throw new FormatException($"--fault {text}: the seconds of audio must be a non-negative number ({Syntax})");
        int Number(int index, string what) =>
            parts.Length > index && int.TryParse(parts[index], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                ? n
                : throw new FormatException($"--fault {text}: {what} must be a whole number ({Syntax})");

        return parts[0] switch
        {
            "stall-after" when parts.Length == 2 => new(EmulatorFaultAction.Stall, Seconds(), 0, string.Empty, 0),
            "black-hole-after" when parts.Length == 2 => new(EmulatorFaultAction.BlackHole, Seconds(), 0, string.Empty, 0),
            "abort-after" when parts.Length == 2 => new(EmulatorFaultAction.Abort, Seconds(), 0, string.Empty, 0),
            "oversized-after" when parts.Length == 3 => new(EmulatorFaultAction.OversizedMessage, Seconds(), 0, string.Empty, Number(2, "BYTES")),
            "close-after" when parts.Length >= 3 => new(EmulatorFaultAction.Close, Seconds(), Number(2, "CODE"), parts.Length == 4 ? parts[3] : string.Empty, 0),
            _ => throw new FormatException($"--fault {text}: expected {Syntax}"),
        };
    }

    /// <summary>The fault for the AssemblyAI and Deepgram emulators; the factories check codes and sizes.</summary>
    public EmulatorFault ToEmulatorFault() => Action switch
    {
        EmulatorFaultAction.Stall => EmulatorFault.StallAfterAudio(AudioReceived),
        EmulatorFaultAction.BlackHole => EmulatorFault.BlackHoleAfterAudio(AudioReceived),
        EmulatorFaultAction.Abort => EmulatorFault.AbortAfterAudio(AudioReceived),
        EmulatorFaultAction.OversizedMessage => EmulatorFault.OversizedMessageAfterAudio(AudioReceived, MessageBytes),
        _ => EmulatorFault.CloseAfterAudio(AudioReceived, CloseCode, CloseReason),
    };

    /// <summary>The same fault for the Speechmatics emulator.</summary>
    public SpeechmaticsFault ToSpeechmaticsFault() => Action switch
    {
        EmulatorFaultAction.BlackHole => SpeechmaticsFault.BlackHoleAfterAudio(AudioReceived),
        EmulatorFaultAction.Stall => SpeechmaticsFault.StallAfterAudio(AudioReceived),
        EmulatorFaultAction.Abort => SpeechmaticsFault.AbortAfterAudio(AudioReceived),
        EmulatorFaultAction.OversizedMessage => SpeechmaticsFault.OversizedMessageAfterAudio(AudioReceived, MessageBytes),
        _ => SpeechmaticsFault.CloseAfterAudio(AudioReceived, CloseCode, CloseReason),
    };
}
