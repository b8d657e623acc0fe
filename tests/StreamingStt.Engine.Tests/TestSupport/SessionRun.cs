// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>Drains a session the way a cmdlet does and records what came out, in order.</summary>
public sealed class SessionRun
{
    public List<SessionEvent> Events { get; } = new();

    public IEnumerable<Turn> Turns => Events.OfType<TurnEvent>().Select(e => e.Turn);

    public List<Turn> Finals => Turns.Where(t => t.EndOfTurn).ToList();

    public SessionSummary Summary => Events.OfType<SessionEndedEvent>().Single().Summary;

    public SttException? Fault => Events.OfType<SessionFaultEvent>().Where(f => f.IsTerminating).Select(f => f.Error).SingleOrDefault();

    /// <summary>Streams <paramref name="audio"/> of position-marked audio (the emulator can follow where a replay really is) and drains it.</summary>
    public static SessionRun OfPositionMarkedAudio(TimeSpan audio, SttSessionOptions options, TimeSpan timeout)
    {
        using var session = new SttSession(new PositionMarkedAudioSource(audio, options.SampleRate), options);
        session.Start();
        return Drain(session, timeout);
    }

    /// <summary>
    /// Every scripted utterance exactly once, in order, numbered 0…n-1, at its place on the recording's timeline
    /// (within <paramref name="toleranceMilliseconds"/>); partials of a turn never carry another turn's number.
    /// </summary>
    public void AssertEveryScriptedTurnOnce(EmulatorScript script, double toleranceMilliseconds)
    {
        List<Turn> finals = Finals;
        Assert.Equal(script.Utterances.Select(u => u.Text), finals.Select(t => t.Transcript));
        Assert.Equal(Enumerable.Range(0, script.Utterances.Count), finals.Select(t => t.TurnOrder));
        for (int i = 0; i < script.Utterances.Count; i++)
        {
            Assert.InRange((finals[i].StartTime - script.Utterances[i].Start).Duration().TotalMilliseconds, 0, toleranceMilliseconds);
            Assert.InRange((finals[i].EndTime - script.Utterances[i].EffectiveEnd).Duration().TotalMilliseconds, 0, toleranceMilliseconds);
        }
        Assert.All(Turns.Where(t => !t.EndOfTurn), p => Assert.Contains(p.TurnOrder, finals.Select(f => f.TurnOrder)));
    }

    public static SessionRun Drain(SttSession session, TimeSpan timeout, Action<SttSession, SessionEvent>? onEvent = null)
    {
        var run = new SessionRun();
        using var cts = new CancellationTokenSource(timeout);
        while (!session.IsDrained)
        {
            if (session.TryTake(out SessionEvent? e, TimeSpan.FromMilliseconds(100), cts.Token))
            {
                run.Events.Add(e!);
                onEvent?.Invoke(session, e!);
            }
        }
        return run;
    }
}
