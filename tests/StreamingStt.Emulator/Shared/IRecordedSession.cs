// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>A session recorder that a <see cref="SessionRegistry{TRecorder, TRecord}"/> can wait on and snapshot.</summary>
/// <typeparam name="TRecord">The immutable record the recorder produces.</typeparam>
internal interface IRecordedSession<out TRecord>
{
    /// <summary>Completes when the session has ended.</summary>
    Task Ended { get; }

    /// <summary>The session as recorded so far.</summary>
    TRecord Snapshot();
}
