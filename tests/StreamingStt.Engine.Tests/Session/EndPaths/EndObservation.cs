// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.Session.EndPaths;

/// <summary>
/// What one session did at its end, drained the way a cmdlet drains it, with every end-path rule checked:
/// exactly one end event and it is last, at most one terminating fault and it comes after every turn.
/// </summary>
public sealed class EndObservation
{
    public List<SessionEvent> Events { get; } = new();

    /// <summary>False when the session did not end within the deadline: a hang.</summary>
    public bool Ended { get; private set; }

    /// <summary>From the end's cause (start, or the Cancel call) to the end event taken.</summary>
    public TimeSpan TimeToEnd { get; private set; }

    public int EndEvents => Events.Count(e => e is SessionEndedEvent);

    public List<SessionFaultEvent> TerminatingFaults => Events.OfType<SessionFaultEvent>().Where(f => f.IsTerminating).ToList();

    public SttException? Fault => TerminatingFaults.FirstOrDefault()?.Error;

    public SessionSummary? Summary => Events.OfType<SessionEndedEvent>().FirstOrDefault()?.Summary;

    public List<Turn> Turns => Events.OfType<TurnEvent>().Select(e => e.Turn).ToList();

    public List<string> Warnings => Events.OfType<DiagnosticEvent>().Where(d => d.Level == DiagnosticLevel.Warning).Select(d => d.Message).ToList();

    /// <summary>Every rule that must hold whatever ended the session; an empty list when all hold.</summary>
    public List<string> BrokenRules()
    {
        var broken = new List<string>();
        if (!Ended) { broken.Add("hang: no end within the deadline"); return broken; }
        if (EndEvents != 1) broken.Add($"{EndEvents} end events");
        if (Events.Count == 0 || Events[^1] is not SessionEndedEvent) broken.Add("the end event is not last");
        if (TerminatingFaults.Count > 1) broken.Add($"{TerminatingFaults.Count} terminating faults");
        int fault = Events.FindIndex(e => e is SessionFaultEvent { IsTerminating: true });
        if (fault >= 0 && Events.Skip(fault + 1).Any(e => e is TurnEvent)) broken.Add("a turn after the terminating fault");
        if (Summary is { } summary && (summary.ErrorId is null) != (Fault is null)) broken.Add("the summary's error and the fault event disagree");
        return broken;
    }

    /// <summary>
    /// Starts <paramref name="session"/>, runs <paramref name="trigger"/> (which may return the moment the end's cause
    /// happened, e.g. a Cancel call), and drains until the end or <paramref name="deadline"/>. Always disposes.
    /// </summary>
    public static EndObservation Run(SttSession session, TimeSpan deadline, Func<SttSession, Task<long>>? trigger = null)
    {
        var observation = new EndObservation();
        long causeAt = Stopwatch.GetTimestamp();
        try
        {
            session.Start();
            Task<long>? cause = trigger?.Invoke(session);
            long end = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
            while (!session.IsDrained && Stopwatch.GetTimestamp() < end)
            {
                if (session.TryTake(out SessionEvent? e, TimeSpan.FromMilliseconds(50), CancellationToken.None))
                {
                    observation.Events.Add(e!);
                }
            }
            // Completion is set beside the last event; give it a moment rather than race it.
            observation.Ended = session.IsDrained && session.Completion.Wait(TimeSpan.FromSeconds(1));
            if (cause is { IsCompletedSuccessfully: true }) causeAt = cause.Result;
            observation.TimeToEnd = Stopwatch.GetElapsedTime(causeAt);
        }
        finally
        {
            session.Dispose();
        }
        return observation;
    }

    /// <summary>Headerless 16 kHz mono PCM16 of <paramref name="seconds"/>, as an in-memory source (no file I/O in loops).</summary>
    public static IAudioSource Tone(double seconds)
    {
        int samples = (int)(seconds * 16000);
        var bytes = new byte[samples * 2];
        for (int i = 0; i < samples; i++)
        {
            short sample = (short)(Math.Sin(2 * Math.PI * 440 * i / 16000) * 6000);
            bytes[2 * i] = (byte)sample;
            bytes[2 * i + 1] = (byte)(sample >> 8);
        }
        return new RawPcmStreamAudioSource(new MemoryStream(bytes, writable: false), new AudioFormat(16000, 1, SampleEncoding.Pcm16), "tone");
    }
}
