// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>The WinMM waveIn functions and structures (winmm.dll, Unicode variants).</summary>
    internal static class WaveInNative
    {
        private const string WinMm = "winmm.dll";

        /// <summary>WAVE_MAPPER as waveInOpen's UINT device id: Windows' default recording device.</summary>
        public const uint WAVE_MAPPER = uint.MaxValue;

        public const uint CALLBACK_NULL = 0x00000000;
        public const uint WHDR_DONE = 0x00000001;
        public const int MAXERRORLENGTH = 256;

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern uint waveInGetNumDevs();

        [DllImport(WinMm, ExactSpelling = true, CharSet = CharSet.Unicode)]
        public static extern int waveInGetDevCapsW(UIntPtr deviceId, ref WaveInCaps caps, uint capsSize);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInOpen(out IntPtr waveIn, uint deviceId, byte[] format, IntPtr callback, IntPtr instance, uint flags);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInPrepareHeader(IntPtr waveIn, IntPtr header, uint headerSize);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInUnprepareHeader(IntPtr waveIn, IntPtr header, uint headerSize);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInAddBuffer(IntPtr waveIn, IntPtr header, uint headerSize);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInStart(IntPtr waveIn);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInReset(IntPtr waveIn);

        [DllImport(WinMm, ExactSpelling = true)]
        public static extern int waveInClose(IntPtr waveIn);

        [DllImport(WinMm, ExactSpelling = true, CharSet = CharSet.Unicode)]
        public static extern int waveInGetErrorTextW(int error, StringBuilder text, uint textLength);

        /// <summary>The system's text for an MMRESULT, or null when it has none.</summary>
        public static string? ErrorText(int result)
        {
            try
            {
                var text = new StringBuilder(MAXERRORLENGTH);
                return waveInGetErrorTextW(result, text, MAXERRORLENGTH) == 0 ? text.ToString() : null;
            }
            catch (Exception)
            {
                return null; // only decoration for a message that already carries the code
            }
        }

        /// <summary>"MMRESULT 4 MMSYSERR_ALLOCATED: The specified resource is already allocated".</summary>
        public static string Code(int result) => WindowsAudioFormats.MmResultCode(result, ErrorText(result));
    }

    /// <summary>WAVEINCAPSW: the name is a fixed 32-WCHAR field, so WinMM names stop at 31 characters.</summary>
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    internal struct WaveInCaps
    {
        public ushort ManufacturerId;
        public ushort ProductId;
        public uint DriverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)]
        public string ProductName;
        public uint Formats;
        public ushort Channels;
        public ushort Reserved1;
    }

    /// <summary>
    /// WAVEHDR. Never marshalled by value: it lives in AllocHGlobal memory because the driver
    /// writes dwFlags and dwBytesRecorded into it while we hold no reference; this type only
    /// gives the field offsets and the size (32 bytes on x86, 48 on x64).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WaveHeader
    {
        public IntPtr Data;
        public uint BufferLength;
        public uint BytesRecorded;
        public IntPtr User;
        public uint Flags;
        public uint Loops;
        public IntPtr Next;
        public IntPtr Reserved;

        public static readonly int Size = Marshal.SizeOf(typeof(WaveHeader));
        public static readonly int DataOffset = Marshal.OffsetOf(typeof(WaveHeader), nameof(Data)).ToInt32();
        public static readonly int BufferLengthOffset = Marshal.OffsetOf(typeof(WaveHeader), nameof(BufferLength)).ToInt32();
        public static readonly int BytesRecordedOffset = Marshal.OffsetOf(typeof(WaveHeader), nameof(BytesRecorded)).ToInt32();
        public static readonly int FlagsOffset = Marshal.OffsetOf(typeof(WaveHeader), nameof(Flags)).ToInt32();
    }
}
