// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>What an <see cref="EmulatorFault"/> does.</summary>
public enum EmulatorFaultAction
{
    /// <summary>Send a close frame with the fault's code and reason (optionally an Error message first).</summary>
    Close,

    /// <summary>Drop the TCP connection without a close frame, as a crashed server or broken network would.</summary>
    Abort,

    /// <summary>
    /// Stop answering but keep the connection open: no more results, control messages (stop requests included)
    /// ignored, no deadlines; audio is still read (and discarded) so the client's sends never block. Only the
    /// client's close or a dropped connection ends the session — a hung server, as a client must survive it.
    /// The WebSocket layer still answers pings, so only watching for messages notices it.
    /// </summary>
    Stall,

    /// <summary>Send one text message of <see cref="EmulatorFault.MessageBytes"/> bytes, then carry on as usual.</summary>
    OversizedMessage,

    /// <summary>
    /// Go silent with the socket open and stop reading too (so pings go unanswered and the client's sends back up),
    /// as a black-holed network or a frozen server process would. Ends only when the emulator stops.
    /// </summary>
    BlackHole,
}
