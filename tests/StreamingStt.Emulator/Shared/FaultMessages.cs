// Copyright (c) StreamingStt contributors. MIT License.

using System.Text;

namespace StreamingStt.Emulator;

/// <summary>What the provider-neutral faults put on the wire, so every emulator misbehaves the same way.</summary>
internal static class FaultMessages
{
    /// <summary>The smallest oversized message: big enough to exceed any sensible client limit under test.</summary>
    public const int MinOversizedBytes = 128;

    /// <summary>The largest: one message is built in memory.</summary>
    public const int MaxOversizedBytes = 64 * 1024 * 1024;

    public static int CheckSize(int bytes) =>
        bytes is >= MinOversizedBytes and <= MaxOversizedBytes
            ? bytes
            : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"An oversized message is {MinOversizedBytes}–{MaxOversizedBytes} bytes.");

    /// <summary>The message type session records show for an oversized message.</summary>
    public const string OversizedType = "EmulatorPadding";

    /// <summary>What a session record keeps of an oversized message (not the megabytes themselves).</summary>
    public static string OversizedRecord(int bytes) => $"{{\"type\":\"{OversizedType}\",\"bytes\":{bytes}}}";

    /// <summary>
    /// A JSON text message of exactly <paramref name="bytes"/> UTF-8 bytes. It names no real message type, so a client
    /// that did read it whole would ignore it; the point is its size.
    /// </summary>
    public static string Oversized(int bytes)
    {
        const string head = "{\"type\":\"EmulatorPadding\",\"message\":\"EmulatorPadding\",\"padding\":\"";
        const string tail = "\"}";
        var text = new StringBuilder(bytes);
        text.Append(head).Append('x', Math.Max(0, bytes - head.Length - tail.Length)).Append(tail);
        return text.ToString();
    }
}
