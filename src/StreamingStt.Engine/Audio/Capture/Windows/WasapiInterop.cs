// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// The Core Audio (MMDevice + WASAPI) COM declarations the capture backend uses. Every method
    /// of every interface is declared, in vtable order, even the ones we never call: a COM
    /// interop interface is a vtable layout, and a missing slot silently calls the wrong method.
    /// HRESULTs are returned (PreserveSig) so the backend can turn each into a plain-words error.
    /// </summary>
    internal static class WasapiInterop
    {
        public const string MMDeviceEnumeratorClsid = "BCDE0395-E52F-467C-8E3D-C4579291692E";

        public static readonly Guid IID_IAudioClient = new Guid("1CB9AD4C-DBFA-4c32-B178-C2F568A703B2");
        public static readonly Guid IID_IAudioCaptureClient = new Guid("C8ADBD64-E71E-48a0-A4DE-185C395CD317");

        // EDataFlow / ERole
        public const int eCapture = 1;
        public const int eConsole = 0;

        public const uint DEVICE_STATE_ACTIVE = 0x00000001;
        public const uint STGM_READ = 0x00000000;
        public const uint CLSCTX_ALL = 0x17; // INPROC_SERVER | INPROC_HANDLER | LOCAL_SERVER | REMOTE_SERVER

        public const int AUDCLNT_SHAREMODE_SHARED = 0;

        public const uint AUDCLNT_BUFFERFLAGS_DATA_DISCONTINUITY = 0x1;
        public const uint AUDCLNT_BUFFERFLAGS_SILENT = 0x2;

        public const ushort VT_EMPTY = 0;
        public const ushort VT_LPWSTR = 31;

        /// <summary>PKEY_Device_FriendlyName: "Microphone (USB Audio Device)".</summary>
        public static PropertyKey PKEY_Device_FriendlyName => new PropertyKey(new Guid("a45c254e-df1c-4efd-8020-67d146a850e0"), 14);

        /// <summary>PKEY_Device_DeviceDesc: "Microphone".</summary>
        public static PropertyKey PKEY_Device_DeviceDesc => new PropertyKey(new Guid("a45c254e-df1c-4efd-8020-67d146a850e0"), 2);

        [DllImport("ole32.dll", ExactSpelling = true)]
        public static extern int PropVariantClear(ref PropVariant pvar);
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PropertyKey
    {
        public Guid FormatId;
        public int PropertyId;

        public PropertyKey(Guid formatId, int propertyId)
        {
            FormatId = formatId;
            PropertyId = propertyId;
        }
    }

    /// <summary>
    /// PROPVARIANT: a 2-byte type tag, three reserved words, then a union whose largest members
    /// are two pointer-sized words (BLOB, CA*) — 16 bytes on x86, 24 bytes on x64. We only read
    /// VT_LPWSTR, whose string pointer is the union's first word; PropVariantClear frees it.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PropVariant
    {
        public ushort VarType;
        public ushort Reserved1;
        public ushort Reserved2;
        public ushort Reserved3;
        public IntPtr Value;
        public IntPtr Value2;
    }

    [ComImport]
    [Guid(WasapiInterop.MMDeviceEnumeratorClsid)]
    internal class MMDeviceEnumeratorComObject
    {
    }

    [ComImport]
    [Guid("A95664D2-9614-4F35-A746-DE8DB63617E6")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IMMDeviceEnumerator
    {
        [PreserveSig]
        int EnumAudioEndpoints(int dataFlow, uint stateMask, out IMMDeviceCollection devices);

        [PreserveSig]
        int GetDefaultAudioEndpoint(int dataFlow, int role, out IMMDevice endpoint);

        [PreserveSig]
        int GetDevice([MarshalAs(UnmanagedType.LPWStr)] string id, out IMMDevice device);

        [PreserveSig]
        int RegisterEndpointNotificationCallback(IntPtr client);

        [PreserveSig]
        int UnregisterEndpointNotificationCallback(IntPtr client);
    }

    [ComImport]
    [Guid("0BD7A1BE-7A1A-44DB-8397-CC5392387B5E")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IMMDeviceCollection
    {
        [PreserveSig]
        int GetCount(out uint count);

        [PreserveSig]
        int Item(uint index, out IMMDevice device);
    }

    [ComImport]
    [Guid("D666063F-1587-4E43-81F1-B948E807363F")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IMMDevice
    {
        [PreserveSig]
        int Activate(ref Guid iid, uint clsCtx, IntPtr activationParams, [MarshalAs(UnmanagedType.IUnknown)] out object activated);

        [PreserveSig]
        int OpenPropertyStore(uint storageAccess, out IPropertyStore properties);

        /// <summary>The id string is CoTaskMemAlloc'ed by the device; the caller frees it.</summary>
        [PreserveSig]
        int GetId(out IntPtr id);

        [PreserveSig]
        int GetState(out uint state);
    }

    [ComImport]
    [Guid("886d8eeb-8cf2-4446-8d02-cdba1dbdcf99")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IPropertyStore
    {
        [PreserveSig]
        int GetCount(out uint count);

        [PreserveSig]
        int GetAt(uint index, out PropertyKey key);

        [PreserveSig]
        int GetValue(ref PropertyKey key, out PropVariant value);

        [PreserveSig]
        int SetValue(ref PropertyKey key, ref PropVariant value);

        [PreserveSig]
        int Commit();
    }

    [ComImport]
    [Guid("1CB9AD4C-DBFA-4c32-B178-C2F568A703B2")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IAudioClient
    {
        /// <summary>Format is a WAVEFORMATEX*; the session GUID pointer may be null.</summary>
        [PreserveSig]
        int Initialize(int shareMode, uint streamFlags, long bufferDuration, long periodicity, IntPtr format, IntPtr audioSessionGuid);

        [PreserveSig]
        int GetBufferSize(out uint bufferFrames);

        [PreserveSig]
        int GetStreamLatency(out long latency);

        [PreserveSig]
        int GetCurrentPadding(out uint paddingFrames);

        [PreserveSig]
        int IsFormatSupported(int shareMode, IntPtr format, out IntPtr closestMatch);

        /// <summary>The WAVEFORMATEX(TENSIBLE) is CoTaskMemAlloc'ed; the caller frees it.</summary>
        [PreserveSig]
        int GetMixFormat(out IntPtr format);

        [PreserveSig]
        int GetDevicePeriod(out long defaultPeriod, out long minimumPeriod);

        [PreserveSig]
        int Start();

        [PreserveSig]
        int Stop();

        [PreserveSig]
        int Reset();

        [PreserveSig]
        int SetEventHandle(IntPtr eventHandle);

        [PreserveSig]
        int GetService(ref Guid iid, [MarshalAs(UnmanagedType.IUnknown)] out object service);
    }

    [ComImport]
    [Guid("C8ADBD64-E71E-48a0-A4DE-185C395CD317")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IAudioCaptureClient
    {
        [PreserveSig]
        int GetBuffer(out IntPtr data, out uint frames, out uint flags, out ulong devicePosition, out ulong qpcPosition);

        [PreserveSig]
        int ReleaseBuffer(uint frames);

        [PreserveSig]
        int GetNextPacketSize(out uint frames);
    }
}
