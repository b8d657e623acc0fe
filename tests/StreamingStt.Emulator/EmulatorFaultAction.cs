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
    /// Go silent with the socket open: send nothing more and stop reading (so pings go unanswered and the client's
    /// sends back up), as a hung server or a black-holed network would.
    /// </summary>
    Stall,
}
