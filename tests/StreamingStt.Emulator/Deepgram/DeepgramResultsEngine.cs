// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// Turns the script into /v1/listen messages as audio time advances (protocols.md §2.6). A word is heard once the audio
/// received passes its end. Heard words form the open segment: with interim_results each word heard sends an
/// is_final:false hypothesis of the segment; the segment becomes an is_final:true result after about a second of
/// continuous speech (speech_final:false), or at a pause of <c>endpointing</c> ms (speech_final:true). Finals are
/// consecutive, non-overlapping windows of the audio. UtteranceEnd follows a gap of utterance_end_ms after the last
/// word; SpeechStarted marks each utterance start. Everything depends on audio time only, so output is deterministic.
/// </summary>
internal sealed class DeepgramResultsEngine
{
    /// <summary>Continuous speech is finalized about once a second (the service's documented cadence).</summary>
    public const long FinalIntervalMs = 1000;

    /// <summary>With endpointing=false a pause of this length still finalizes the segment, without speech_final (UNCONFIRMED).</summary>
    public const long UnendpointedPauseMs = 500;

    private readonly IReadOnlyList<ScriptWord> _words;
    private readonly IReadOnlyList<long> _utteranceStarts;
    private readonly DeepgramListenSettings _settings;
    private readonly DeepgramMessageWriter _writer;
    private readonly Dictionary<string, int> _speakerNumbers = new(StringComparer.Ordinal);
    private readonly List<ScriptWord> _segment = [];
    private long _segmentStartMs;
    private int _nextWord;
    private int _nextUtterance;
    private ScriptWord? _lastHeard;
    private bool _utteranceEndDue;

    public DeepgramResultsEngine(ScriptTimeline timeline, DeepgramListenSettings settings, DeepgramMessageWriter writer)
    {
        _words = timeline.Words;
        _utteranceStarts = timeline.UtteranceStartsMs;
        _settings = settings;
        _writer = writer;
        foreach (var word in _words)
        {
            // Diarization numbers speakers from 0 in order of appearance.
            _speakerNumbers.TryAdd(word.Speaker, _speakerNumbers.Count);
        }
    }

    private enum Step
    {
        SpeechStarted,
        Final,
        Hear,
        UtteranceEnd,
    }

    private long PauseMs => _settings.EndpointingMs ?? UnendpointedPauseMs;

    /// <summary>Sends every message due once <paramref name="audioMs"/> of audio has been received, in time order.</summary>
    public void Advance(long audioMs, List<OutgoingMessage> output)
    {
        while (NextStep() is var (due, step) && due <= audioMs)
        {
            switch (step)
            {
                case Step.SpeechStarted:
                    output.Add(_writer.SpeechStarted(_utteranceStarts[_nextUtterance++]));
                    break;
                case Step.Final:
                    // A pause ends the segment with speech_final (unless endpointing is off); a cut in running speech never does.
                    bool pause = _nextWord >= _words.Count || _words[_nextWord].StartMs >= _segment[^1].EndMs + PauseMs;
                    EmitFinal(due, speechFinal: pause && _settings.EndpointingMs is not null, fromFinalize: false, output);
                    break;
                case Step.Hear:
                    Hear(output);
                    break;
                case Step.UtteranceEnd:
                    output.Add(_writer.UtteranceEnd(_lastHeard!.EndMs));
                    _utteranceEndDue = false;
                    break;
            }
        }
    }

    /// <summary>Finalize: what has been heard becomes a from_finalize final now (even if empty), as the service "typically" does.</summary>
    public void Finalize(long audioMs, List<OutgoingMessage> output)
    {
        Advance(audioMs, output);
        EmitFinal(Math.Max(audioMs, _segmentStartMs), speechFinal: false, fromFinalize: true, output);
    }

    /// <summary>
    /// End of the stream (CloseStream): words heard but not finalized become a last final. UNCONFIRMED: whether the
    /// service marks it speech_final; here it does not, so the client must treat the stream's end as the turn's end.
    /// Words the audio never reached are never heard.
    /// </summary>
    public void FinishStream(long audioMs, List<OutgoingMessage> output)
    {
        Advance(audioMs, output);
        if (_segment.Count > 0)
        {
            EmitFinal(Math.Max(audioMs, _segment[^1].EndMs), speechFinal: false, fromFinalize: false, output);
        }
    }

    /// <summary>The earliest pending event; ties go in the order of <see cref="Step"/>.</summary>
    private (long Due, Step Step)? NextStep()
    {
        (long Due, Step Step)? best = null;
        void Consider(long due, Step step)
        {
            if (best is null || due < best.Value.Due || (due == best.Value.Due && step < best.Value.Step))
            {
                best = (due, step);
            }
        }

        if (_settings.VadEvents && _nextUtterance < _utteranceStarts.Count)
        {
            Consider(_utteranceStarts[_nextUtterance], Step.SpeechStarted);
        }

        ScriptWord? next = _nextWord < _words.Count ? _words[_nextWord] : null;
        if (_segment.Count > 0)
        {
            long lastEnd = _segment[^1].EndMs;
            bool speechGoesOn = next is not null && next.StartMs < lastEnd + PauseMs;
            if (!speechGoesOn)
            {
                Consider(lastEnd + PauseMs, Step.Final);
            }
            else if (lastEnd - _segment[0].StartMs >= FinalIntervalMs)
            {
                // About a second of running speech: finalize up to where the next word begins.
                Consider(Math.Max(next!.StartMs, lastEnd), Step.Final);
            }
            else
            {
                Consider(next!.EndMs, Step.Hear);
            }
        }
        else if (next is not null)
        {
            Consider(next.EndMs, Step.Hear);
        }

        if (_utteranceEndDue && _settings.UtteranceEndMs is { } gap)
        {
            long due = _lastHeard!.EndMs + gap;
            if (next is null || next.StartMs >= due)
            {
                Consider(due, Step.UtteranceEnd);
            }
        }

        return best;
    }

    private void Hear(List<OutgoingMessage> output)
    {
        var word = _words[_nextWord++];
        _segment.Add(word);
        _lastHeard = word;
        _utteranceEndDue = _settings.UtteranceEndMs is not null;
        if (_settings.InterimResults)
        {
            output.Add(_writer.Results(Build(word.EndMs, isFinal: false, speechFinal: false, fromFinalize: false)));
        }
    }

    private void EmitFinal(long endMs, bool speechFinal, bool fromFinalize, List<OutgoingMessage> output)
    {
        output.Add(_writer.Results(Build(endMs, isFinal: true, speechFinal, fromFinalize)));
        _segment.Clear();
        _segmentStartMs = endMs;
    }

    private DeepgramResults Build(long endMs, bool isFinal, bool speechFinal, bool fromFinalize)
    {
        var words = _segment.Select(w => new DeepgramResultWord(
            w.Plain,
            _settings.Formatted ? w.Formatted : null,
            w.StartMs,
            w.EndMs,
            w.Confidence,
            _settings.Diarize ? _speakerNumbers[w.Speaker] : null)).ToArray();
        string transcript = string.Join(' ', _segment.Select(w => _settings.Formatted ? w.Formatted : w.Plain));
        return new DeepgramResults(_segmentStartMs, endMs, isFinal, speechFinal, fromFinalize, transcript, words);
    }
}
