// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>Drains a session the way a cmdlet does and records what came out, in order.</summary>
public sealed class SessionRun
{
    public List<SessionEvent> Events { get; } = new();

    public IEnumerable<Turn> Turns => Events.OfType<TurnEvent>().Select(e => e.Turn);

    public List<Turn> Finals => Turns.Where(t => t.EndOfTurn).ToList();

    public SessionSummary Summary => Events.OfType<SessionEndedEvent>().Single().Summary;

    public SttException? Fault => Events.OfType<SessionFaultEvent>().Where(f => f.IsTerminating).Select(f => f.Error).SingleOrDefault();

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
