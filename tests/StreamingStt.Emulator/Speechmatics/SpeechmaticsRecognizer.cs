// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// Turns audio time into Speechmatics results from the script (never from audio content). A word is heard once the
/// audio reaches its end; it becomes final <c>max_delay</c> after that, or at once when an EndOfUtterance, a
/// ForceEndOfUtterance or EndOfStream closes the utterance. With enable_partials every change to the heard-but-not-final
/// words is sent as AddPartialTranscript (an empty one right after a final that left nothing pending). EndOfUtterance
/// follows <c>end_of_utterance_silence_trigger</c> of silence after speech, once per silence.
/// </summary>
internal sealed class SpeechmaticsRecognizer
{
    private readonly IReadOnlyList<ScriptWord> _words;
    private readonly SpeechmaticsRecognitionConfig _config;
    private readonly Dictionary<string, string> _speakerLabels = new(StringComparer.Ordinal);
    private int _finalCount;
    private int _heardCount;
    private (int Final, int Heard) _lastPartial;
    private bool _speechSinceUtteranceEnd;

    public SpeechmaticsRecognizer(ScriptTimeline timeline, SpeechmaticsRecognitionConfig config)
    {
        _words = timeline.Words;
        _config = config;
        foreach (var word in _words)
        {
            // Script speakers ("A", "B") become Speechmatics labels in order of appearance: S1, S2, …
            _speakerLabels.TryAdd(word.Speaker, "S" + (_speakerLabels.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Everything due once <paramref name="audioMs"/> of audio has been received.</summary>
    public void Advance(long audioMs, List<OutgoingMessage> output)
    {
        while (_heardCount < _words.Count && _words[_heardCount].EndMs <= audioMs)
        {
            _heardCount++;
            _speechSinceUtteranceEnd = true;
        }

        long delayMs = Milliseconds(_config.MaxDelay);
        int due = _finalCount;
        while (due < _heardCount && _words[due].EndMs + delayMs <= audioMs)
        {
            due++;
        }

        if (due > _finalCount)
        {
            EmitFinal(due, forced: false, audioMs, output);
        }

        if (_config.EndOfUtteranceSilenceTrigger > 0 && _speechSinceUtteranceEnd)
        {
            long utteranceEndsAt = _words[_heardCount - 1].EndMs + Milliseconds(_config.EndOfUtteranceSilenceTrigger);
            bool silentUntilThen = _heardCount == _words.Count || _words[_heardCount].StartMs >= utteranceEndsAt;
            if (audioMs >= utteranceEndsAt && silentUntilThen)
            {
                if (_heardCount > _finalCount)
                {
                    EmitFinal(_heardCount, forced: false, audioMs, output);
                }

                output.Add(SpeechmaticsServerMessages.EndOfUtterance(SpeechmaticsServerMessages.Seconds(utteranceEndsAt), forced: false));
                _speechSinceUtteranceEnd = false;
            }
        }

        EmitPartialIfChanged(output);
    }

    /// <summary>ForceEndOfUtterance: every heard word final now, then EndOfUtterance, both marked forced.</summary>
    public void ForceEndOfUtterance(long audioMs, List<OutgoingMessage> output)
    {
        Advance(audioMs, output);
        EmitFinal(_heardCount, forced: true, audioMs, output);
        output.Add(SpeechmaticsServerMessages.EndOfUtterance(SpeechmaticsServerMessages.Seconds(audioMs), forced: true));
        _speechSinceUtteranceEnd = false;
        EmitPartialIfChanged(output);
    }

    /// <summary>EndOfStream: the remaining heard words as finals (words the audio never reached are not transcribed).</summary>
    public void Finish(long audioMs, List<OutgoingMessage> output)
    {
        Advance(audioMs, output);
        if (_heardCount > _finalCount)
        {
            EmitFinal(_heardCount, forced: false, audioMs, output);
        }
    }

    private void EmitFinal(int upTo, bool forced, long audioMs, List<OutgoingMessage> output)
    {
        output.Add(SpeechmaticsServerMessages.Transcript(true, Slice(_finalCount, upTo), _config.Language, forced, SpeechmaticsServerMessages.Seconds(audioMs)));
        _finalCount = upTo;
    }

    private void EmitPartialIfChanged(List<OutgoingMessage> output)
    {
        if (!_config.EnablePartials || (_finalCount, _heardCount) == _lastPartial)
        {
            return;
        }

        _lastPartial = (_finalCount, _heardCount);
        double at = _heardCount > 0 ? SpeechmaticsServerMessages.Seconds(_words[_heardCount - 1].EndMs) : 0;
        output.Add(SpeechmaticsServerMessages.Transcript(false, Slice(_finalCount, _heardCount), _config.Language, forced: false, at));
    }

    private List<(ScriptWord Word, string? Speaker)> Slice(int from, int to)
    {
        var slice = new List<(ScriptWord, string?)>(to - from);
        for (int i = from; i < to; i++)
        {
            slice.Add((_words[i], _config.DiarizeSpeakers ? _speakerLabels[_words[i].Speaker] : null));
        }

        return slice;
    }

    private static long Milliseconds(double seconds) => (long)Math.Round(seconds * 1000);
}
