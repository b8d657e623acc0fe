// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>The system's text for a WinMM MMRESULT (NAudio.WinMM does not declare waveInGetErrorText).</summary>
    internal static class WinMmErrorText
    {
        private const int MaxErrorLength = 256;

        [DllImport("winmm.dll", ExactSpelling = true, CharSet = CharSet.Unicode)]
        private static extern int waveInGetErrorTextW(int error, StringBuilder text, uint textLength);

        /// <summary>The system's text for an MMRESULT, or null when it has none.</summary>
        public static string? Of(int result)
        {
            try
            {
                var text = new StringBuilder(MaxErrorLength);
                return waveInGetErrorTextW(result, text, MaxErrorLength) == 0 ? text.ToString() : null;
            }
            catch (Exception)
            {
                return null; // only decoration for a message that already carries the code
            }
        }

        /// <summary>"MMRESULT 4 MMSYSERR_ALLOCATED: The specified resource is already allocated".</summary>
        public static string Code(int result) => WindowsAudioFormats.MmResultCode(result, Of(result));
    }
}
