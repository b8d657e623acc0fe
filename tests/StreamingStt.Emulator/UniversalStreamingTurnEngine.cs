// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// universal-streaming-english/-multilingual and whisper-rt: one partial Turn per word heard (transcript = finalized
/// words, the newest word non-final in words[]), end of turn after min_turn_silence when the model is "confident"
/// (its end-of-turn confidence exceeds end_of_turn_confidence_threshold) or after max_turn_silence otherwise.
/// With format_turns=true the unformatted end-of-turn message is followed by a formatted copy with the same turn_order.
/// </summary>
internal sealed class UniversalStreamingTurnEngine(ScriptTimeline timeline, TurnDetectionSettings settings)
    : TurnEngine(timeline, settings)
{
    // The emulated model is more confident after a sentence end; both exceed the default threshold of 0.4.
    private const double ConfidenceAfterSentence = 0.82;
    private const double ConfidenceMidSentence = 0.52;

    public override void Advance(long audioMs, List<OutgoingMessage> output)
    {
        while (true)
        {
            var next = NextWord;
            if (TurnWords.Count > 0)
            {
                long endOfTurnAt = TurnWords[^1].EndMs + RequiredSilenceMs();
                if (next is not null && next.StartMs < endOfTurnAt)
                {
                    // Speech resumed inside the silence window: the turn goes on once the word is heard.
                    if (next.EndMs > audioMs)
                    {
                        return;
                    }

                    HearWord(output);
                    continue;
                }

                if (endOfTurnAt > audioMs)
                {
                    return;
                }

                EndTurnNow(output);
                continue;
            }

            if (next is null || next.EndMs > audioMs)
            {
                return;
            }

            HearWord(output);
        }
    }

    protected override void EmitEndOfTurn(List<OutgoingMessage> output)
    {
        double confidence = EndOfTurnConfidence();
        string plain = string.Join(' ', TurnWords.Select(w => w.Plain));
        output.Add(BuildTurn(false, true, plain, confidence, TurnWords.Select(w => ToTurnWord(w, false, true)).ToArray(), plain));
        if (Settings.FormatTurns)
        {
            string formatted = string.Join(' ', TurnWords.Select(w => w.Formatted));
            output.Add(BuildTurn(true, true, formatted, confidence, TurnWords.Select(w => ToTurnWord(w, true, true)).ToArray(), formatted));
        }
    }

    private void HearWord(List<OutgoingMessage> output)
    {
        HearNextWord();
        var words = TurnWords.Select((w, i) => ToTurnWord(w, false, i < TurnWords.Count - 1)).ToArray();
        string transcript = string.Join(' ', TurnWords.Take(TurnWords.Count - 1).Select(w => w.Plain));
        double confidence = Math.Round(0.01 + ((TurnWords.Count % 5) * 0.01), 6);
        output.Add(BuildTurn(false, false, transcript, confidence, words, string.Empty));
    }

    private double EndOfTurnConfidence() =>
        ScriptTimeline.EndsWithTerminalPunctuation(TurnWords[^1].Formatted) ? ConfidenceAfterSentence : ConfidenceMidSentence;

    private long RequiredSilenceMs() =>
        EndOfTurnConfidence() > Settings.EndOfTurnConfidenceThreshold
            ? Math.Min(Settings.MinTurnSilenceMs, Settings.MaxTurnSilenceMs)
            : Settings.MaxTurnSilenceMs;
}
