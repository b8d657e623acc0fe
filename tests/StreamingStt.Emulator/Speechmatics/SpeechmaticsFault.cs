// Copyright (c) StreamingStt contributors. MIT License.

using System.Text;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>A failure injected into every Speechmatics session, to test how a client copes with server-side trouble.</summary>
public sealed class SpeechmaticsFault
{
    private SpeechmaticsFault(EmulatorFaultTrigger trigger, TimeSpan audioReceived, EmulatorFaultAction action, string? errorType, string errorReason, int closeCode, string closeReason, int messageBytes = 0)
    {
        MessageBytes = messageBytes;
        Trigger = trigger;
        AudioReceived = audioReceived;
        Action = action;
        ErrorType = errorType;
        ErrorReason = errorReason;
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>When the fault fires; <see cref="EmulatorFaultTrigger.AfterBegin"/> means right after RecognitionStarted.</summary>
    public EmulatorFaultTrigger Trigger { get; }

    /// <summary>Audio that must have been received before an <see cref="EmulatorFaultTrigger.AfterAudio"/> fault fires.</summary>
    public TimeSpan AudioReceived { get; }

    /// <summary>Close (after an optional Error message) or drop the connection.</summary>
    public EmulatorFaultAction Action { get; }

    /// <summary>The Error message's type, or null for a bare close frame.</summary>
    public string? ErrorType { get; }

    /// <summary>The Error message's reason.</summary>
    public string ErrorReason { get; }

    public int CloseCode { get; }

    /// <summary>Size of the message an <see cref="EmulatorFaultAction.OversizedMessage"/> fault sends.</summary>
    public int MessageBytes { get; }

    public string CloseReason { get; }

    /// <summary>
    /// Once <paramref name="audioReceived"/> of audio has arrived: <c>{"message":"Error","type":…}</c>, then the close
    /// frame Speechmatics documents for that type (or <paramref name="closeCode"/>).
    /// </summary>
    public static SpeechmaticsFault ErrorAfterAudio(TimeSpan audioReceived, string errorType, string? reason = null, int? closeCode = null) =>
        Error(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), errorType, reason, closeCode);

    /// <summary>Right after RecognitionStarted: an Error message of <paramref name="errorType"/>, then its close frame.</summary>
    public static SpeechmaticsFault ErrorAfterRecognitionStarted(string errorType, string? reason = null, int? closeCode = null) =>
        Error(EmulatorFaultTrigger.AfterBegin, TimeSpan.Zero, errorType, reason, closeCode);

    /// <summary>A close frame with no Error message before it, once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static SpeechmaticsFault CloseAfterAudio(TimeSpan audioReceived, int code, string reason) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Close, null, string.Empty, CheckCode(code), CheckReason(reason));

    /// <summary>Drop the connection (no close frame) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static SpeechmaticsFault AbortAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Abort, null, string.Empty, 0, string.Empty);

    /// <summary>Drop the connection (no close frame) right after RecognitionStarted.</summary>
    public static SpeechmaticsFault AbortAfterRecognitionStarted() =>
        new(EmulatorFaultTrigger.AfterBegin, TimeSpan.Zero, EmulatorFaultAction.Abort, null, string.Empty, 0, string.Empty);

    /// <summary>Stop answering (see <see cref="EmulatorFaultAction.Stall"/>) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static SpeechmaticsFault StallAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.Stall, null, string.Empty, 0, string.Empty);

    /// <summary>Send one text message of <paramref name="bytes"/> bytes once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static SpeechmaticsFault OversizedMessageAfterAudio(TimeSpan audioReceived, int bytes) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.OversizedMessage, null, string.Empty, 0, string.Empty, FaultMessages.CheckSize(bytes));

    /// <summary>Go silent and stop reading (see <see cref="EmulatorFaultAction.BlackHole"/>) once <paramref name="audioReceived"/> of audio has arrived.</summary>
    public static SpeechmaticsFault BlackHoleAfterAudio(TimeSpan audioReceived) =>
        new(EmulatorFaultTrigger.AfterAudio, CheckAudio(audioReceived), EmulatorFaultAction.BlackHole, null, string.Empty, 0, string.Empty);

    /// <summary>Sessions that get this fault: the first <see cref="Sessions"/> ones (0: every session), so a reconnect can succeed.</summary>
    public int Sessions { get; private init; }

    private int _claimed;

    /// <summary>The same fault in the first <paramref name="sessions"/> sessions only.</summary>
    public SpeechmaticsFault InFirstSessions(int sessions) =>
        sessions >= 1
            ? new(Trigger, AudioReceived, Action, ErrorType, ErrorReason, CloseCode, CloseReason, MessageBytes) { Sessions = sessions }
            : throw new ArgumentOutOfRangeException(nameof(sessions), sessions, "Must be at least 1.");

    /// <summary>Whether a new session gets the fault (counts it).</summary>
    internal bool Claim() => Sessions == 0 || Interlocked.Increment(ref _claimed) <= Sessions;

    private static SpeechmaticsFault Error(EmulatorFaultTrigger trigger, TimeSpan audio, string errorType, string? reason, int? closeCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        return new(trigger, audio, EmulatorFaultAction.Close, errorType, reason ?? $"Emulated {errorType}",
            CheckCode(closeCode ?? SpeechmaticsErrorTypes.CloseCodeFor(errorType)), SpeechmaticsErrorTypes.CloseReasonFor(errorType));
    }

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
