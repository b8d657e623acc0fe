// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt
{
    /// <summary>The speech-to-text services the module speaks to.</summary>
    public enum SttProvider
    {
        AssemblyAI = 0,
        Deepgram = 1,
        Speechmatics = 2,
    }
}
