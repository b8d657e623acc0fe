// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// u3-rt-pro: SpeechStarted when an utterance starts; no Turn while speech goes on; when silence reaches
/// min_turn_silence the turn ends if its text ends with . ? or !, otherwise ONE partial (unformatted flag, confidence
/// 0, transcript ending with "—") is sent and the turn ends when silence reaches max_turn_silence.
/// </summary>
internal sealed class UniversalThreeProTurnEngine(ScriptTimeline timeline, TurnDetectionSettings settings)
    : TurnEngine(timeline, settings)
{
    private const double SpeechStartedConfidence = 0.98;
    private const string PartialMarker = "—";

    private int _nextUtterance;
    private bool _partialSentThisSilence;

    public override void Advance(long audioMs, List<OutgoingMessage> output)
    {
        while (true)
        {
            // Events in audio-time order; on a tie the silence decision comes first (speech starting exactly when
            // the silence threshold is reached did not interrupt it).
            long? silenceAt = NextSilenceEventMs(out bool forced);
            long? speechAt = _nextUtterance < Timeline.UtteranceStartsMs.Count ? Timeline.UtteranceStartsMs[_nextUtterance] : null;
            long? wordAt = NextWord?.EndMs;

            if (silenceAt is { } s && s <= audioMs && s <= (speechAt ?? long.MaxValue) && s <= (wordAt ?? long.MaxValue))
            {
                if (forced || ScriptTimeline.EndsWithTerminalPunctuation(TurnWords[^1].Formatted))
                {
                    EndTurnNow(output);
                }
                else
                {
                    EmitPartial(output);
                    _partialSentThisSilence = true;
                }
            }
            else if (speechAt is { } sp && sp <= audioMs && sp <= (wordAt ?? long.MaxValue))
            {
                output.Add(ServerMessageWriter.SpeechStarted(sp, SpeechStartedConfidence));
                _nextUtterance++;
            }
            else if (wordAt is { } w && w <= audioMs)
            {
                HearNextWord();
                _partialSentThisSilence = false;
            }
            else
            {
                return;
            }
        }
    }

    protected override void EmitEndOfTurn(List<OutgoingMessage> output)
    {
        string transcript = string.Join(' ', TurnWords.Select(w => w.Formatted));
        output.Add(BuildTurn(true, true, transcript, 1, TurnWords.Select(w => ToTurnWord(w, true, true)).ToArray(), transcript));
    }

    protected override void CloseTurn()
    {
        base.CloseTurn();
        _partialSentThisSilence = false;
    }

    private void EmitPartial(List<OutgoingMessage> output)
    {
        string text = string.Join(' ', TurnWords.Select(w => w.Formatted)).TrimEnd(',', ';', ':', '-') + PartialMarker;
        output.Add(BuildTurn(false, false, text, 0, TurnWords.Select(w => ToTurnWord(w, true, false)).ToArray(), string.Empty));
    }

    /// <summary>When the open turn's next silence decision is due, unless speech resumes before it.</summary>
    private long? NextSilenceEventMs(out bool forced)
    {
        forced = false;
        if (TurnWords.Count == 0)
        {
            return null;
        }

        long lastEnd = TurnWords[^1].EndMs;
        long forcedAt = lastEnd + Settings.MaxTurnSilenceMs;
        long checkAt = lastEnd + Settings.MinTurnSilenceMs;
        long at;
        if (_partialSentThisSilence || checkAt >= forcedAt)
        {
            forced = true;
            at = forcedAt;
        }
        else
        {
            at = checkAt;
        }

        return NextWord is { } next && next.StartMs < at ? null : at;
    }
}
