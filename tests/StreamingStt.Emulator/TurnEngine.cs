// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// Turns the script into Turn messages as audio time advances. A word "exists" once the audio received passes its
/// end; silence is measured on the audio timeline too, so a client that stops sending audio gets no end of turn
/// (as with the real service, which needs audio to hear silence).
/// </summary>
internal abstract class TurnEngine
{
    // Documented: turns with less than about a second of speech are labelled UNKNOWN.
    private const long ShortTurnMs = 1000;
    private const string UnknownSpeaker = "UNKNOWN";

    protected TurnEngine(ScriptTimeline timeline, TurnDetectionSettings settings)
    {
        Timeline = timeline;
        Settings = settings;
    }

    protected ScriptTimeline Timeline { get; }

    protected TurnDetectionSettings Settings { get; }

    /// <summary>Words of the open turn, in order.</summary>
    protected List<ScriptWord> TurnWords { get; } = [];

    /// <summary>Index of the first script word not yet heard.</summary>
    protected int NextWordIndex { get; set; }

    protected int TurnOrder { get; private set; }

    protected ScriptWord? NextWord => NextWordIndex < Timeline.Words.Count ? Timeline.Words[NextWordIndex] : null;

    public static TurnEngine Create(SpeechModelFamily family, ScriptTimeline timeline, TurnDetectionSettings settings) =>
        family == SpeechModelFamily.UniversalStreaming
            ? new UniversalStreamingTurnEngine(timeline, settings)
            : new UniversalThreeProTurnEngine(timeline, settings);

    /// <summary>Emits every message due once <paramref name="audioMs"/> of audio has been received.</summary>
    public abstract void Advance(long audioMs, List<OutgoingMessage> output);

    /// <summary>
    /// Ends the open turn now (ForceEndpoint, and Terminate after the last audio): words already heard become the
    /// final turn; words the audio has not reached yet are never heard.
    /// </summary>
    public void EndTurnNow(List<OutgoingMessage> output)
    {
        if (TurnWords.Count > 0)
        {
            EmitEndOfTurn(output);
            CloseTurn();
        }
    }

    protected abstract void EmitEndOfTurn(List<OutgoingMessage> output);

    protected void HearNextWord()
    {
        TurnWords.Add(Timeline.Words[NextWordIndex]);
        NextWordIndex++;
    }

    protected virtual void CloseTurn()
    {
        TurnWords.Clear();
        TurnOrder++;
    }

    /// <summary>Builds a Turn over the open turn's words, adding the speaker and language fields the session asked for.</summary>
    protected OutgoingMessage BuildTurn(
        bool formatted,
        bool endOfTurn,
        string transcript,
        double endOfTurnConfidence,
        IReadOnlyList<TurnWord> words,
        string utterance)
    {
        string? speaker = SpeakerLabel();
        return ServerMessageWriter.Turn(new TurnMessage
        {
            TurnOrder = TurnOrder,
            IsFormatted = formatted,
            EndOfTurn = endOfTurn,
            Transcript = transcript,
            EndOfTurnConfidence = endOfTurnConfidence,
            Words = words.Select(w => w with { Speaker = speaker is null ? null : speaker == UnknownSpeaker ? UnknownSpeaker : w.Speaker }).ToArray(),
            Utterance = utterance,
            LanguageCode = endOfTurn && Settings.LanguageDetection ? "en" : null,
            LanguageConfidence = endOfTurn && Settings.LanguageDetection ? 0.97 : null,
            SpeakerLabel = speaker,
        });
    }

    protected TurnWord ToTurnWord(ScriptWord word, bool formatted, bool isFinal) =>
        new(formatted ? word.Formatted : word.Plain, word.StartMs, word.EndMs, word.Confidence, isFinal, word.Speaker);

    private string? SpeakerLabel()
    {
        if (!Settings.SpeakerLabels || TurnWords.Count == 0)
        {
            return null;
        }

        return TurnWords[^1].EndMs - TurnWords[0].StartMs < ShortTurnMs ? UnknownSpeaker : TurnWords[0].Speaker;
    }
}
