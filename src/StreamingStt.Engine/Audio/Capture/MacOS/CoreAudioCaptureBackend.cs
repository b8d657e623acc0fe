// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>
    /// macOS capture: devices from the CoreAudio HAL (AudioObject properties), audio from an
    /// AudioToolbox AudioQueue input bound to the chosen device by its UID.
    /// </summary>
    internal sealed class CoreAudioCaptureBackend : IAudioCaptureBackend
    {
        public const string BackendName = "CoreAudio";

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return false;
                try
                {
                    // One harmless call into each framework proves it loads and has what we bind to.
                    var address = new AudioObjectPropertyAddress(CoreAudioNative.kAudioHardwarePropertyDevices,
                        CoreAudioNative.kAudioObjectPropertyScopeGlobal, CoreAudioNative.kAudioObjectPropertyElementMain);
                    // Only that the call binds matters, not its status.
                    _ = CoreAudioNative.AudioObjectGetPropertyDataSize(CoreAudioNative.kAudioObjectSystemObject, ref address, 0, IntPtr.Zero, out _);
                    _ = CoreAudioNative.AudioFormatGetPropertyInfo(CoreAudioNative.kAudioFormatProperty_EncodeFormatIDs, 0, IntPtr.Zero, out _);
                    IntPtr probe = CoreAudioNative.CreateCFString("probe");
                    if (probe != IntPtr.Zero) CoreAudioNative.CFRelease(probe);
                    return true;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
                {
                    return false;
                }
                catch (Exception)
                {
                    return false; // IsAvailable never throws
                }
            }
        }

        public IReadOnlyList<AudioDevice> ListDevices()
        {
            uint defaultInput = ReadDefaultInputDevice();
            var infos = new List<CoreAudioDeviceInfo>();
            foreach (uint id in ReadDeviceIds())
            {
                CoreAudioDeviceInfo? info = ReadDevice(id);
                if (info is not null) infos.Add(info);
            }
            return MacAudioFormats.BuildDevices(infos, defaultInput, BackendName);
        }

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            if (device is null) throw new ArgumentNullException(nameof(device));
            request ??= new AudioCaptureRequest();
            CoreAudioDeviceInfo? found = null;
            foreach (uint id in ReadDeviceIds())
            {
                // The UID is the stable id; AudioObjectIDs are only valid while the HAL runs.
                if (ReadString(id, CoreAudioNative.kAudioDevicePropertyDeviceUID, out _) != device.Id) continue;
                found = ReadDevice(id);
                break;
            }
            if (found is null || found.InputChannels <= 0)
            {
                throw new SttException(SttErrorKind.AudioDeviceNotFound,
                    $"The CoreAudio capture device '{device.Name}' (UID {device.Id}) is not present: it was unplugged, disabled or has no input channels.", device.Name);
            }

            // Float32 at the device's nominal rate and (up to stereo) its channel count: the queue then
            // only converts sample encoding, never resamples. PreferredSampleRate/PreferredChannels are
            // left to the shared layer, which resamples and mixes down better than the queue would.
            int channels = MacAudioFormats.ChooseChannels(found.InputChannels);
            int rate = MacAudioFormats.ChooseSampleRate(found.NominalSampleRate);
            AudioStreamBasicDescription description = MacAudioFormats.Float32Interleaved(rate, channels);
            return AudioQueueCaptureStream.Open(found.ObjectId, device.Id, device.Name, description, request.Latency);
        }

        private static IReadOnlyList<uint> ReadDeviceIds()
        {
            int status = ReadBytes(CoreAudioNative.kAudioObjectSystemObject, CoreAudioNative.kAudioHardwarePropertyDevices,
                CoreAudioNative.kAudioObjectPropertyScopeGlobal, out byte[] data);
            if (status != 0)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"CoreAudio could not list its audio devices: {OSStatusText.Describe(status)}.");
            }
            var ids = new uint[data.Length / 4];
            for (int i = 0; i < ids.Length; i++) ids[i] = BitConverter.ToUInt32(data, i * 4);
            return ids;
        }

        private static uint ReadDefaultInputDevice()
        {
            // No default (no input device at all) is not an error: nothing is marked default.
            return ReadUInt32(CoreAudioNative.kAudioObjectSystemObject, CoreAudioNative.kAudioHardwarePropertyDefaultInputDevice,
                CoreAudioNative.kAudioObjectPropertyScopeGlobal, out uint id) == 0 ? id : 0;
        }

        /// <summary>Null when the device vanished while we asked or has no UID.</summary>
        private static CoreAudioDeviceInfo? ReadDevice(uint id)
        {
            int channels = 0;
            if (ReadBytes(id, CoreAudioNative.kAudioDevicePropertyStreamConfiguration, CoreAudioNative.kAudioDevicePropertyScopeInput, out byte[] layout) == 0)
            {
                channels = MacAudioFormats.CountChannels(layout, IntPtr.Size);
            }
            if (channels <= 0) return new CoreAudioDeviceInfo(id, string.Empty, null, 0, 0); // output-only: filtered out
            string? uid = ReadString(id, CoreAudioNative.kAudioDevicePropertyDeviceUID, out _);
            if (string.IsNullOrEmpty(uid)) return null;
            string? name = ReadString(id, CoreAudioNative.kAudioObjectPropertyName, out _);
            double rate = ReadDouble(id, CoreAudioNative.kAudioDevicePropertyNominalSampleRate, out double nominal) == 0 ? nominal : 0;
            return new CoreAudioDeviceInfo(id, uid!, name, channels, rate);
        }

        internal static AudioObjectPropertyAddress Address(uint selector, uint scope) =>
            new AudioObjectPropertyAddress(selector, scope, CoreAudioNative.kAudioObjectPropertyElementMain);

        /// <summary>A variable-size property (device list, AudioBufferList) copied into managed bytes.</summary>
        internal static int ReadBytes(uint objectId, uint selector, uint scope, out byte[] data)
        {
            data = Array.Empty<byte>();
            AudioObjectPropertyAddress address = Address(selector, scope);
            int status = CoreAudioNative.AudioObjectGetPropertyDataSize(objectId, ref address, 0, IntPtr.Zero, out uint size);
            if (status != 0) return status;
            if (size == 0) return 0;
            IntPtr native = Marshal.AllocHGlobal((int)size);
            try
            {
                status = CoreAudioNative.AudioObjectGetPropertyData(objectId, ref address, 0, IntPtr.Zero, ref size, native);
                if (status != 0) return status;
                data = new byte[size]; // size may have shrunk between the two calls
                Marshal.Copy(native, data, 0, (int)size);
                return 0;
            }
            finally
            {
                Marshal.FreeHGlobal(native);
            }
        }

        internal static int ReadUInt32(uint objectId, uint selector, uint scope, out uint value)
        {
            value = 0;
            AudioObjectPropertyAddress address = Address(selector, scope);
            uint size = 4;
            IntPtr native = Marshal.AllocHGlobal(8);
            try
            {
                int status = CoreAudioNative.AudioObjectGetPropertyData(objectId, ref address, 0, IntPtr.Zero, ref size, native);
                if (status == 0) value = unchecked((uint)Marshal.ReadInt32(native));
                return status;
            }
            finally
            {
                Marshal.FreeHGlobal(native);
            }
        }

        private static int ReadDouble(uint objectId, uint selector, out double value)
        {
            value = 0;
            AudioObjectPropertyAddress address = Address(selector, CoreAudioNative.kAudioObjectPropertyScopeGlobal);
            uint size = 8;
            IntPtr native = Marshal.AllocHGlobal(8);
            try
            {
                int status = CoreAudioNative.AudioObjectGetPropertyData(objectId, ref address, 0, IntPtr.Zero, ref size, native);
                if (status == 0) value = BitConverter.Int64BitsToDouble(Marshal.ReadInt64(native));
                return status;
            }
            finally
            {
                Marshal.FreeHGlobal(native);
            }
        }

        /// <summary>A CFStringRef property (name, UID): we own the returned reference and release it.</summary>
        private static string? ReadString(uint objectId, uint selector, out int status)
        {
            AudioObjectPropertyAddress address = Address(selector, CoreAudioNative.kAudioObjectPropertyScopeGlobal);
            uint size = (uint)IntPtr.Size;
            IntPtr native = Marshal.AllocHGlobal(IntPtr.Size);
            try
            {
                Marshal.WriteIntPtr(native, IntPtr.Zero);
                status = CoreAudioNative.AudioObjectGetPropertyData(objectId, ref address, 0, IntPtr.Zero, ref size, native);
                if (status != 0) return null;
                IntPtr cfString = Marshal.ReadIntPtr(native);
                if (cfString == IntPtr.Zero) return null;
                try
                {
                    return CoreAudioNative.ToManagedString(cfString);
                }
                finally
                {
                    CoreAudioNative.CFRelease(cfString);
                }
            }
            finally
            {
                Marshal.FreeHGlobal(native);
            }
        }
    }
}
