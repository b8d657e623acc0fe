// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Where a session's events go: the pipeline (a foreground Start-SttSession) or a job's streams
    /// (-AsJob). <see cref="SessionEventDispatcher"/> decides what each event means; a sink only writes.
    /// </summary>
    internal interface ISessionEventSink
    {
        void WriteTurn(Turn turn);

        /// <summary>A fault; <paramref name="isTerminating"/> when it ends the session (the dispatcher also keeps the first one).</summary>
        void WriteError(SttException error, bool isTerminating);

        void WriteWarning(string message);

        void WriteVerbose(string message);

        void WriteDebug(string message);

        /// <summary>The provider accepted the session and named it.</summary>
        void SessionBegan(string sessionId);
    }

    /// <summary>
    /// The one place that switches over the session event vocabulary: a new event kind is added
    /// here and, if it needs a new kind of write, to <see cref="ISessionEventSink"/>. One instance
    /// per session; not thread-safe (the thread that drains the session calls it).
    /// </summary>
    internal sealed class SessionEventDispatcher
    {
        private readonly ISessionEventSink _sink;

        public SessionEventDispatcher(ISessionEventSink sink)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        }

        /// <summary>The first terminating fault: the cause, reported after every turn before it.</summary>
        public SttException? Fault { get; private set; }

        /// <summary>The session's summary, once its SessionEndedEvent (always last) arrived.</summary>
        public SessionSummary? Summary { get; private set; }

        /// <summary>Writes one event to the sink; returns true when it was the session's end.</summary>
        public bool Dispatch(SessionEvent sessionEvent)
        {
            switch (sessionEvent)
            {
                case TurnEvent turnEvent:
                    _sink.WriteTurn(turnEvent.Turn);
                    return false;
                case DiagnosticEvent diagnostic:
                    // Engine messages name engine options; the cmdlet's user reads its parameters.
                    string text = CmdletParameterNames.Translate(diagnostic.Message)!;
                    if (diagnostic.Level == DiagnosticLevel.Warning) _sink.WriteWarning(text);
                    else if (diagnostic.Level == DiagnosticLevel.Debug) _sink.WriteDebug(text);
                    else _sink.WriteVerbose(text);
                    return false;
                case SessionBeganEvent began:
                    _sink.SessionBegan(began.SessionId);
                    // The engine narrates Begin on the verbose stream already; keep the detail for -Debug.
                    _sink.WriteDebug(string.Format(CultureInfo.InvariantCulture,
                        "Provider session id {0}{1}.", began.SessionId,
                        began.ExpiresAt.HasValue ? ", expires " + began.ExpiresAt.Value.ToString("u", CultureInfo.InvariantCulture) : string.Empty));
                    return false;
                case SpeechStartedEvent speech:
                    _sink.WriteDebug(string.Format(CultureInfo.InvariantCulture, "Speech started at {0}.", speech.AudioTime));
                    return false;
                case SessionFaultEvent faultEvent:
                    if (faultEvent.IsTerminating && Fault is null) Fault = faultEvent.Error;
                    _sink.WriteError(faultEvent.Error, faultEvent.IsTerminating);
                    return false;
                case SessionEndedEvent ended:
                    Summary = ended.Summary;
                    return true;
                default:
                    return false;
            }
        }
    }
}
