// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>AudioObjectPropertyAddress (CoreAudio/AudioHardwareBase.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AudioObjectPropertyAddress
    {
        public uint Selector;
        public uint Scope;
        public uint Element;

        public AudioObjectPropertyAddress(uint selector, uint scope, uint element)
        {
            Selector = selector;
            Scope = scope;
            Element = element;
        }
    }

    /// <summary>AudioStreamBasicDescription (CoreAudioTypes.h): 40 bytes, the double first.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AudioStreamBasicDescription
    {
        public double SampleRate;
        public uint FormatId;
        public uint FormatFlags;
        public uint BytesPerPacket;
        public uint FramesPerPacket;
        public uint BytesPerFrame;
        public uint ChannelsPerFrame;
        public uint BitsPerChannel;
        public uint Reserved;
    }

    /// <summary>CFRange: two CFIndex (signed long, 64-bit on every macOS .NET runs on).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CFRange
    {
        public long Location;
        public long Length;

        public CFRange(long location, long length)
        {
            Location = location;
            Length = length;
        }
    }

    /// <summary>
    /// The CoreAudio (HAL), AudioToolbox (AudioQueue) and CoreFoundation calls the macOS backend
    /// makes. Selector constants are four-character codes; the tests check each against its text.
    /// </summary>
    internal static class CoreAudioNative
    {
        private const string CoreAudio = "/System/Library/Frameworks/CoreAudio.framework/CoreAudio";
        private const string AudioToolbox = "/System/Library/Frameworks/AudioToolbox.framework/AudioToolbox";
        private const string CoreFoundation = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation";

        public const uint kAudioObjectSystemObject = 1;
        public const uint kAudioObjectPropertyElementMain = 0;

        public const uint kAudioObjectPropertyScopeGlobal = 0x676C6F62; // 'glob'
        public const uint kAudioDevicePropertyScopeInput = 0x696E7074; // 'inpt'

        public const uint kAudioHardwarePropertyDevices = 0x64657623; // 'dev#'
        public const uint kAudioHardwarePropertyDefaultInputDevice = 0x64496E20; // 'dIn '
        public const uint kAudioDevicePropertyStreamConfiguration = 0x736C6179; // 'slay'
        public const uint kAudioObjectPropertyName = 0x6C6E616D; // 'lnam'
        public const uint kAudioDevicePropertyDeviceUID = 0x75696420; // 'uid '
        public const uint kAudioDevicePropertyNominalSampleRate = 0x6E737274; // 'nsrt'
        public const uint kAudioDevicePropertyDeviceIsAlive = 0x6C69766E; // 'livn'

        public const uint kAudioFormatLinearPCM = 0x6C70636D; // 'lpcm'
        public const uint kAudioFormatFlagIsFloat = 1;
        public const uint kAudioFormatFlagIsBigEndian = 2;
        public const uint kAudioFormatFlagIsSignedInteger = 4;
        public const uint kAudioFormatFlagIsPacked = 8;
        public const uint kAudioFormatFlagIsNonInterleaved = 32;

        public const uint kAudioQueueProperty_IsRunning = 0x6171726E; // 'aqrn'
        public const uint kAudioQueueProperty_CurrentDevice = 0x61716364; // 'aqcd'

        public const uint kAudioFormatProperty_EncodeFormatIDs = 0x61636F66; // 'acof'

        public const uint kCFStringEncodingUTF8 = 0x08000100;

        /// <summary>AudioQueueInputCallback; runs on one of the queue's own threads (no run loop given).</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void AudioQueueInputCallback(IntPtr userData, IntPtr queue, IntPtr buffer, IntPtr startTime, uint packetDescriptionCount, IntPtr packetDescriptions);

        /// <summary>AudioQueuePropertyListenerProc.</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void AudioQueuePropertyListener(IntPtr userData, IntPtr queue, uint propertyId);

        // --- CoreAudio (HAL) ---

        [DllImport(CoreAudio)]
        public static extern int AudioObjectGetPropertyDataSize(uint objectId, ref AudioObjectPropertyAddress address, uint qualifierDataSize, IntPtr qualifierData, out uint dataSize);

        [DllImport(CoreAudio)]
        public static extern int AudioObjectGetPropertyData(uint objectId, ref AudioObjectPropertyAddress address, uint qualifierDataSize, IntPtr qualifierData, ref uint dataSize, IntPtr data);

        // --- AudioToolbox (AudioQueue) ---

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueNewInput(ref AudioStreamBasicDescription format, IntPtr callback, IntPtr userData, IntPtr runLoop, IntPtr runLoopMode, uint flags, out IntPtr queue);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueAllocateBuffer(IntPtr queue, uint bufferByteSize, out IntPtr buffer);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueEnqueueBuffer(IntPtr queue, IntPtr buffer, uint packetDescriptionCount, IntPtr packetDescriptions);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueStart(IntPtr queue, IntPtr startTime);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueStop(IntPtr queue, [MarshalAs(UnmanagedType.U1)] bool immediate);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueDispose(IntPtr queue, [MarshalAs(UnmanagedType.U1)] bool immediate);

        /// <summary>Sets a pointer-sized property (e.g. the CFStringRef of kAudioQueueProperty_CurrentDevice).</summary>
        [DllImport(AudioToolbox)]
        public static extern int AudioQueueSetProperty(IntPtr queue, uint propertyId, ref IntPtr data, uint dataSize);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueGetProperty(IntPtr queue, uint propertyId, out uint data, ref uint dataSize);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueAddPropertyListener(IntPtr queue, uint propertyId, IntPtr listener, IntPtr userData);

        [DllImport(AudioToolbox)]
        public static extern int AudioQueueRemovePropertyListener(IntPtr queue, uint propertyId, IntPtr listener, IntPtr userData);

        /// <summary>Harmless query used only to prove AudioToolbox loads.</summary>
        [DllImport(AudioToolbox)]
        public static extern int AudioFormatGetPropertyInfo(uint propertyId, uint specifierSize, IntPtr specifier, out uint propertyDataSize);

        // --- CoreFoundation ---

        [DllImport(CoreFoundation)]
        public static extern void CFRelease(IntPtr cf);

        [DllImport(CoreFoundation)]
        public static extern long CFStringGetLength(IntPtr str);

        // CharSet.Unicode: char[] must stay UTF-16 (UniChar), not be narrowed to ANSI bytes.
        [DllImport(CoreFoundation, CharSet = CharSet.Unicode)]
        public static extern void CFStringGetCharacters(IntPtr str, CFRange range, [Out] char[] buffer);

        [DllImport(CoreFoundation, CharSet = CharSet.Unicode)]
        public static extern IntPtr CFStringCreateWithCharacters(IntPtr allocator, char[] chars, long numChars);

        /// <summary>Copies a CFString into a .NET string (UTF-16 both sides); null for a null reference.</summary>
        public static string? ToManagedString(IntPtr cfString)
        {
            if (cfString == IntPtr.Zero) return null;
            long length = CFStringGetLength(cfString);
            if (length <= 0) return string.Empty;
            var chars = new char[length];
            CFStringGetCharacters(cfString, new CFRange(0, length), chars);
            return new string(chars);
        }

        /// <summary>A new CFString the caller must CFRelease.</summary>
        public static IntPtr CreateCFString(string value)
        {
            char[] chars = value.ToCharArray();
            return CFStringCreateWithCharacters(IntPtr.Zero, chars, chars.Length);
        }
    }
}
