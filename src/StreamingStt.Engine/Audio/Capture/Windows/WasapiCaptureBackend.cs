// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// Windows capture through WASAPI in shared mode: devices from the MMDevice enumerator, audio in
    /// the endpoint's mix format (usually 48000 Hz stereo Float32) from an IAudioCaptureClient.
    /// All COM work of ListDevices and Open runs on a short-lived MTA thread (<see cref="MtaWorker"/>),
    /// because the caller may be an STA PowerShell pipeline thread.
    /// </summary>
    internal sealed class WasapiCaptureBackend : IAudioCaptureBackend
    {
        public const string BackendName = "WASAPI";

        // A positive probe is kept: the enumerator does not disappear while the process runs.
        private static volatile bool s_knownAvailable;

        public WasapiCaptureBackend()
        {
        }

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return false;
                if (s_knownAvailable) return true;
                try
                {
                    bool available = MtaWorker.Run(() =>
                    {
                        IMMDeviceEnumerator enumerator = CreateEnumerator();
                        Release(enumerator);
                        return true;
                    });
                    s_knownAvailable = available;
                    return available;
                }
                catch (Exception)
                {
                    return false; // IsAvailable never throws: no Core Audio, audio service broken, COM refused
                }
            }
        }

        public IReadOnlyList<AudioDevice> ListDevices() => MtaWorker.Run(ListOnMta);

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            if (device is null) throw new ArgumentNullException(nameof(device));
            AudioCaptureRequest wanted = request ?? new AudioCaptureRequest();
            return MtaWorker.Run(() => OpenOnMta(device, wanted));
        }

        private static IReadOnlyList<AudioDevice> ListOnMta()
        {
            IMMDeviceEnumerator enumerator = CreateEnumerator();
            IMMDeviceCollection? collection = null;
            try
            {
                string? defaultId = ReadDefaultCaptureId(enumerator);
                int hr = enumerator.EnumAudioEndpoints(WasapiInterop.eCapture, WasapiInterop.DEVICE_STATE_ACTIVE, out collection);
                if (hr < 0 || collection is null) throw ListFailure(hr);
                hr = collection.GetCount(out uint count);
                if (hr < 0) throw ListFailure(hr);

                var endpoints = new List<WasapiEndpointInfo>((int)Math.Min(count, 64));
                for (uint i = 0; i < count; i++)
                {
                    // A device unplugged between GetCount and Item just drops out of the listing.
                    if (collection.Item(i, out IMMDevice device) < 0 || device is null) continue;
                    try
                    {
                        WasapiEndpointInfo? info = ReadEndpoint(device);
                        if (info is not null) endpoints.Add(info);
                    }
                    finally
                    {
                        Release(device);
                    }
                }
                return WindowsAudioFormats.BuildWasapiDevices(endpoints, defaultId, BackendName);
            }
            finally
            {
                Release(collection);
                Release(enumerator);
            }
        }

        private static SttException ListFailure(int hr) =>
            new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"Windows could not list its recording devices: {WindowsAudioFormats.DescribeHResult(hr)} ({WindowsAudioFormats.HResultCode(hr)}).",
                "Microphone");

        /// <summary>The default console capture endpoint's id; null when there is none (E_NOTFOUND) or it cannot be read.</summary>
        private static string? ReadDefaultCaptureId(IMMDeviceEnumerator enumerator)
        {
            int hr = enumerator.GetDefaultAudioEndpoint(WasapiInterop.eCapture, WasapiInterop.eConsole, out IMMDevice device);
            if (hr < 0 || device is null) return null; // no recording device at all: nothing is marked default
            try
            {
                return ReadId(device);
            }
            finally
            {
                Release(device);
            }
        }

        private static WasapiEndpointInfo? ReadEndpoint(IMMDevice device)
        {
            string? id = ReadId(device);
            if (string.IsNullOrEmpty(id)) return null;
            string? name = null;
            string? description = null;
            if (device.OpenPropertyStore(WasapiInterop.STGM_READ, out IPropertyStore store) >= 0 && store is not null)
            {
                try
                {
                    name = ReadString(store, WasapiInterop.PKEY_Device_FriendlyName);
                    description = ReadString(store, WasapiInterop.PKEY_Device_DeviceDesc);
                }
                finally
                {
                    Release(store);
                }
            }
            ReadMixFormatSummary(device, out int channels, out int sampleRate);
            return new WasapiEndpointInfo(id!, name, description, channels, sampleRate);
        }

        private static string? ReadId(IMMDevice device)
        {
            if (device.GetId(out IntPtr native) < 0 || native == IntPtr.Zero) return null;
            try
            {
                return Marshal.PtrToStringUni(native);
            }
            finally
            {
                Marshal.FreeCoTaskMem(native);
            }
        }

        /// <summary>A VT_LPWSTR property, or null (missing, another type); the PROPVARIANT is always cleared.</summary>
        private static string? ReadString(IPropertyStore store, PropertyKey key)
        {
            if (store.GetValue(ref key, out PropVariant value) < 0) return null;
            try
            {
                return value.VarType == WasapiInterop.VT_LPWSTR && value.Value != IntPtr.Zero ? Marshal.PtrToStringUni(value.Value) : null;
            }
            finally
            {
                WasapiInterop.PropVariantClear(ref value);
            }
        }

        /// <summary>Channels and rate of the endpoint's shared-mode mix format; 0/0 when it cannot be read (e.g. privacy-blocked).</summary>
        private static void ReadMixFormatSummary(IMMDevice device, out int channels, out int sampleRate)
        {
            channels = 0;
            sampleRate = 0;
            IAudioClient? client = null;
            IntPtr mix = IntPtr.Zero;
            try
            {
                Guid iid = WasapiInterop.IID_IAudioClient;
                if (device.Activate(ref iid, WasapiInterop.CLSCTX_ALL, IntPtr.Zero, out object activated) < 0) return;
                client = activated as IAudioClient;
                if (client is null || client.GetMixFormat(out mix) < 0 || mix == IntPtr.Zero) return;
                // nChannels at offset 2, nSamplesPerSec at offset 4 of every WAVEFORMATEX.
                channels = (ushort)Marshal.ReadInt16(mix, 2);
                sampleRate = Math.Max(0, Marshal.ReadInt32(mix, 4));
            }
            catch (Exception ex) when (ex is COMException || ex is InvalidCastException)
            {
                // Listing shows 0 (unknown) rather than failing for one odd endpoint.
            }
            finally
            {
                if (mix != IntPtr.Zero) Marshal.FreeCoTaskMem(mix);
                Release(client);
            }
        }

        private static IAudioCaptureStream OpenOnMta(AudioDevice device, AudioCaptureRequest request)
        {
            string name = device.Name;
            IMMDeviceEnumerator enumerator = CreateEnumerator();
            IMMDevice? endpoint = null;
            IAudioClient? client = null;
            IAudioCaptureClient? capture = null;
            IntPtr mix = IntPtr.Zero;
            bool handedOver = false;
            try
            {
                int hr = enumerator.GetDevice(device.Id, out endpoint);
                if (hr < 0 || endpoint is null)
                {
                    // E_NOTFOUND for an unknown id; a malformed id can also give E_INVALIDARG or ERROR_FILE_NOT_FOUND.
                    if (hr == WindowsAudioFormats.E_NOTFOUND || hr == WindowsAudioFormats.E_INVALIDARG || hr == WindowsAudioFormats.E_FILE_NOT_FOUND || hr >= 0)
                    {
                        throw NotPresent(device, $"Windows knows no recording device with the id '{device.Id}', so it was unplugged, disabled or removed ({WindowsAudioFormats.HResultCode(hr)})");
                    }
                    throw WindowsAudioFormats.OpenFailure(name, "look the device up", hr);
                }
                if (endpoint.GetState(out uint state) >= 0 && state != WasapiInterop.DEVICE_STATE_ACTIVE)
                {
                    throw NotPresent(device, $"it is {WindowsAudioFormats.DescribeDeviceState(state)} (device state 0x{state:X})");
                }

                Guid clientIid = WasapiInterop.IID_IAudioClient;
                hr = endpoint.Activate(ref clientIid, WasapiInterop.CLSCTX_ALL, IntPtr.Zero, out object activated);
                if (hr < 0) throw WindowsAudioFormats.OpenFailure(name, "activate its audio client", hr);
                client = (IAudioClient)activated;

                hr = client.GetMixFormat(out mix);
                if (hr < 0 || mix == IntPtr.Zero) throw WindowsAudioFormats.OpenFailure(name, "read its mix format", hr);
                AudioFormat? format = WindowsAudioFormats.FromWaveFormat(CopyWaveFormat(mix), out string problem);
                if (format is null)
                {
                    throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"Cannot open the microphone '{name}': Windows mixes it in a format StreamingStt cannot read ({problem}).", name);
                }

                // Shared mode in the mix format: the audio engine already converts whatever the
                // hardware does to this, so Initialize cannot fail on the format; the shared layer resamples.
                hr = client.Initialize(WasapiInterop.AUDCLNT_SHAREMODE_SHARED, 0, WindowsAudioFormats.BufferDuration(request.Latency), 0, mix, IntPtr.Zero);
                if (hr < 0) throw WindowsAudioFormats.OpenFailure(name, "initialize shared-mode capture", hr);

                Guid captureIid = WasapiInterop.IID_IAudioCaptureClient;
                hr = client.GetService(ref captureIid, out object service);
                if (hr < 0) throw WindowsAudioFormats.OpenFailure(name, "get its capture client", hr);
                capture = (IAudioCaptureClient)service;

                var stream = new WasapiCaptureStream(name, format, client, capture);
                handedOver = true;
                return stream;
            }
            catch (InvalidCastException ex)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Cannot open the microphone '{name}': the Windows audio API returned an unexpected object ({ex.Message.TrimEnd('.')}).", name, ex);
            }
            finally
            {
                if (mix != IntPtr.Zero) Marshal.FreeCoTaskMem(mix);
                if (!handedOver)
                {
                    Release(capture);
                    Release(client);
                }
                Release(endpoint);
                Release(enumerator);
            }
        }

        private static SttException NotPresent(AudioDevice device, string why) =>
            new SttException(SttErrorKind.AudioDeviceNotFound,
                $"The microphone '{device.Name}' is not present: {why}.", device.Name)
            {
                RecommendedAction = "List the present devices with Get-SttAudioDevice and choose one with -Device.",
            };

        /// <summary>The WAVEFORMATEX(TENSIBLE) at <paramref name="format"/> as bytes: 18 + cbSize of them.</summary>
        private static byte[] CopyWaveFormat(IntPtr format)
        {
            ushort tag = (ushort)Marshal.ReadInt16(format, 0);
            ushort cbSize = (ushort)Marshal.ReadInt16(format, 16); // GetMixFormat always returns a full WAVEFORMATEX
            var bytes = new byte[WindowsAudioFormats.WaveFormatLength(tag, cbSize)];
            Marshal.Copy(format, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>CoCreateInstance(CLSID_MMDeviceEnumerator); a failure is an SttException with the HRESULT.</summary>
        internal static IMMDeviceEnumerator CreateEnumerator()
        {
            try
            {
                return (IMMDeviceEnumerator)new MMDeviceEnumeratorComObject();
            }
            catch (COMException ex)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Windows could not start its audio device enumerator: {WindowsAudioFormats.DescribeHResult(ex.HResult)} ({WindowsAudioFormats.HResultCode(ex.HResult)}).",
                    "Microphone", ex);
            }
        }

        /// <summary>Drops our reference to a COM object now instead of at the next garbage collection.</summary>
        internal static void Release(object? comObject)
        {
            if (comObject is null) return;
            try
            {
                if (Marshal.IsComObject(comObject)) Marshal.ReleaseComObject(comObject);
            }
            catch (Exception)
            {
                // Releasing never fails the caller (e.g. an RCW already separated from its object).
            }
        }
    }
}
