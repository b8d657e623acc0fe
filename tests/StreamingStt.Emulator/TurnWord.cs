// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>One entry of a Turn's <c>words</c> array.</summary>
internal readonly record struct TurnWord(string Text, long StartMs, long EndMs, double Confidence, bool IsFinal, string? Speaker);
