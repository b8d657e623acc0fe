// Copyright (c) StreamingStt contributors. MIT License.

using System.Text;

namespace StreamingStt.Emulator;

/// <summary>A failure injected into every session, to test how a client copes with server-side trouble.</summary>
public sealed class EmulatorFault
{
    private EmulatorFault(EmulatorFaultTrigger trigger, TimeSpan audioReceived, EmulatorFaultAction action, int closeCode, string closeReason, bool sendErrorMessage, int messageBytes = 0)
    {
        MessageBytes = messageBytes;
        Trigger = trigger;
        AudioReceived = audioReceived;
        Action = action;
        CloseCode = closeCode;
        CloseReason = closeReason;
        SendErrorMessage = sendErrorMessage;
    }

    /// <summary>When the fault fires.</summary>
    public EmulatorFaultTrigger Trigger { get; }

    /// <summary>Audio that must have been received before an <see cref="EmulatorFaultTrigger.AfterAudio"/> fault fires.</summary>
    public TimeSpan AudioReceived { get; }

    /// <summary>Close politely or drop the connection.</summary>
    public EmulatorFaultAction Action { get; }

    /// <summary>Close code for <see cref="EmulatorFaultAction.Close"/>.</summary>
    public int CloseCode { get; }

    /// <summary>Close reason for <see cref="EmulatorFaultAction.Close"/>.</summary>
    public string CloseReason { get; }

    /// <summary>Size of the message an <see cref="EmulatorFaultAction.OversizedMessage"/> fault sends.</summary>
    public int MessageBytes { get; }

    /// <summary>Whether <c>{"type":"Error","error_code":code,"error":reason}</c> precedes the close frame.</summary>
    public bool SendErrorMessage { get; }

    /// <summary>Close with <paramref name="code"/> right after Begin (e.g. 3005 "Session Cancelled: An error occurred").</summary>
    public static EmulatorFault CloseAfterBegin(int code, string reason, bool sendErrorMessage = false) =>
        new(EmulatorFaultTrigger.AfterBegin, TimeSpan.Zero, EmulatorFaultAction.Close, CheckCode(code), CheckReason(reason), sendErrorMessage);

    /// <summary>Close with <paramref name="code"/> once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static EmulatorFault CloseAfterAudio(TimeSpan audioReceived, int code, string reason, bool sendErrorMessage = false) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Close, CheckCode(code), CheckReason(reason), sendErrorMessage);

    /// <summary>Drop the connection (no close frame) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static EmulatorFault AbortAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Abort, 0, string.Empty, false);

    /// <summary>Drop the connection (no close frame) right after Begin.</summary>
    public static EmulatorFault AbortAfterBegin() =>
        new(EmulatorFaultTrigger.AfterBegin, TimeSpan.Zero, EmulatorFaultAction.Abort, 0, string.Empty, false);

    /// <summary>Stop answering (see <see cref="EmulatorFaultAction.Stall"/>) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static EmulatorFault StallAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Stall, 0, string.Empty, false);

    /// <summary>Go silent and stop reading (see <see cref="EmulatorFaultAction.BlackHole"/>) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static EmulatorFault BlackHoleAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.BlackHole, 0, string.Empty, false);

    /// <summary>Send one text message of <paramref name="bytes"/> bytes once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static EmulatorFault OversizedMessageAfterAudio(TimeSpan audioReceived, int bytes) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.OversizedMessage, 0, string.Empty, false, FaultMessages.CheckSize(bytes));

    /// <summary>Sessions that get this fault: the first <see cref="Sessions"/> ones (0: every session), so a reconnect can succeed.</summary>
    public int Sessions { get; private init; }

    private int _claimed;

    /// <summary>The same fault in the first <paramref name="sessions"/> sessions only.</summary>
    public EmulatorFault InFirstSessions(int sessions) =>
        sessions >= 1
            ? new(Trigger, AudioReceived, Action, CloseCode, CloseReason, SendErrorMessage, MessageBytes) { Sessions = sessions }
            : throw new ArgumentOutOfRangeException(nameof(sessions), sessions, "Must be at least 1.");

    /// <summary>Whether a new session gets the fault (counts it).</summary>
    internal bool Claim() => Sessions == 0 || Interlocked.Increment(ref _claimed) <= Sessions;

    private static TimeSpan CheckAudio(TimeSpan audio) =>
        audio >= TimeSpan.Zero ? audio : throw new ArgumentOutOfRangeException(nameof(audio), audio, "Must not be negative.");

    // Codes a WebSocket peer may put on the wire (RFC 6455 §7.4): 1005, 1006 and 1015 are reserved for local use.
    private static int CheckCode(int code) =>
        code is >= 1000 and <= 4999 and not (1004 or 1005 or 1006 or 1015)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a close code that may be sent on the wire.");

    private static string CheckReason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Encoding.UTF8.GetByteCount(reason) <= CloseReasonText.MaxBytes
            ? reason
            : throw new ArgumentException($"A close reason is at most {CloseReasonText.MaxBytes} UTF-8 bytes.", nameof(reason));
    }
}
