// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>One word of a Results message, times in milliseconds on the audio timeline.</summary>
/// <param name="Word">Lowercase, unpunctuated (Deepgram's <c>word</c>).</param>
/// <param name="PunctuatedWord">With casing and punctuation, only when punctuate or smart_format was asked for.</param>
/// <param name="Speaker">Speaker number, only with diarize.</param>
internal sealed record DeepgramResultWord(string Word, string? PunctuatedWord, long StartMs, long EndMs, double Confidence, int? Speaker);
