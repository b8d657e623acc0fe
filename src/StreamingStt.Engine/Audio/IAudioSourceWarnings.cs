// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// A source that found something wrong but readable when it was opened (a WAV file shorter than its
    /// header says). A session writes each warning once, before it connects.
    /// </summary>
    public interface IAudioSourceWarnings
    {
        IReadOnlyList<string> Warnings { get; }
    }
}
