// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using NAudio.CoreAudioApi;
using NAudio.CoreAudioApi.Interfaces;
using NAudio.Wave;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// Windows capture through WASAPI in shared mode, on NAudio.Wasapi: devices from the MMDevice
    /// enumerator, audio in the endpoint's mix format (usually 48000 Hz stereo Float32) from
    /// NAudio's WasapiCapture, whose pushed blocks <see cref="PushedCaptureStream"/> buffers for
    /// the shared layer to read. All COM work of ListDevices and Open runs on a short-lived MTA
    /// thread (<see cref="MtaWorker"/>), because the caller may be an STA PowerShell pipeline
    /// thread: WasapiCapture takes the endpoint's audio client on the thread that constructs it.
    /// </summary>
    internal sealed class WasapiCaptureBackend : IAudioCaptureBackend
    {
        public const string BackendName = "WASAPI";

        /// <summary>
        /// The WASAPI buffer asked for, whatever latency the caller wants. NAudio's thread waits on
        /// the engine's event (every 10 ms device period) and only copies each packet into the
        /// stream's ring, so 40 ms leaves it 30 ms of scheduling slack on Windows; the ring, not the
        /// WASAPI buffer, absorbs a slow reader. 40 ms is also the most Wine serves byte for byte
        /// (it gives ALSA four 10 ms periods; with more, the ALSA file plugin leaves gaps of silence).
        /// </summary>
        public const int BufferMilliseconds = 40;

        // A positive probe is kept: the enumerator does not disappear while the process runs.
        private static volatile bool s_knownAvailable;

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return false;
                if (s_knownAvailable) return true;
                try
                {
                    bool available = MtaWorker.Run(ProbeEnumerator);
                    s_knownAvailable = available;
                    return available;
                }
                catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
                {
                    return true; // so ListDevices reports the clash in plain words instead of "no capture API"
                }
                catch (Exception)
                {
                    return false; // IsAvailable never throws: no Core Audio, audio service broken, COM refused
                }
            }
        }

        public IReadOnlyList<AudioDevice> ListDevices()
        {
            try
            {
                return MtaWorker.Run(ListOnMta);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
            {
                throw WindowsAudioFormats.NAudioLoadFailure(ex);
            }
        }

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            if (device is null) throw new ArgumentNullException(nameof(device));
            AudioCaptureRequest wanted = request ?? new AudioCaptureRequest();
            try
            {
                return MtaWorker.Run(() => OpenOnMta(device, wanted));
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
            {
                throw WindowsAudioFormats.NAudioLoadFailure(ex);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)] // NAudio is loaded here, inside the caller's try
        private static bool ProbeEnumerator()
        {
            using (CreateEnumerator())
            {
                return true;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<AudioDevice> ListOnMta()
        {
            using MMDeviceEnumerator enumerator = CreateEnumerator();
            string? defaultId = ReadDefaultCaptureId(enumerator);
            var endpoints = new List<WasapiEndpointInfo>();
            try
            {
                MMDeviceCollection collection = enumerator.EnumerateAudioEndPoints(DataFlow.Capture, DeviceState.Active);
                int count = collection.Count;
                for (int i = 0; i < count; i++)
                {
                    MMDevice device;
                    try
                    {
                        device = collection[i];
                    }
                    catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
                    {
                        continue; // unplugged between Count and Item: it just drops out of the listing
                    }
                    WasapiEndpointInfo? info = ReadEndpoint(device);
                    if (info is not null) endpoints.Add(info);
                }
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Windows could not list its recording devices: {WindowsAudioFormats.DescribeHResult(ex.HResult)} ({WindowsAudioFormats.HResultCode(ex.HResult)}).",
                    "Microphone", ex);
            }
            return WindowsAudioFormats.BuildWasapiDevices(endpoints, defaultId, BackendName);
        }

        /// <summary>
        /// The default console capture endpoint's id; null when there is none (GetDefaultAudioEndpoint
        /// throws COMException E_NOTFOUND, 0x80070490, when Windows has no recording device) or it cannot be read.
        /// </summary>
        internal static string? ReadDefaultCaptureId(MMDeviceEnumerator enumerator)
        {
            try
            {
                MMDevice device = enumerator.GetDefaultAudioEndpoint(DataFlow.Capture, Role.Console);
                return device.ID;
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                return null; // no recording device at all: nothing is marked default
            }
        }

        private static WasapiEndpointInfo? ReadEndpoint(MMDevice device)
        {
            string id;
            try
            {
                id = device.ID;
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                return null;
            }
            if (string.IsNullOrEmpty(id)) return null;
            string? name = null;
            string? description = null;
            try
            {
                PropertyStore store = device.Properties;
                name = ReadString(store, PropertyKeys.PKEY_Device_FriendlyName);
                description = ReadString(store, PropertyKeys.PKEY_Device_DeviceDesc);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                // No names: the listing falls back to "Capture device N".
            }
            ReadMixFormatSummary(device, out int channels, out int sampleRate);
            return new WasapiEndpointInfo(id, name, description, channels, sampleRate);
        }

        /// <summary>A VT_LPWSTR property, or null (missing, another type); the PROPVARIANT is always cleared.</summary>
        private static string? ReadString(PropertyStore store, PropertyKey key)
        {
            for (int i = 0; i < store.Count; i++)
            {
                PropertyKey candidate = store.Get(i);
                if (candidate.formatId != key.formatId || candidate.propertyId != key.propertyId) continue;
                PropVariant value = store.GetValue(i);
                try
                {
                    return value.DataType == VarEnum.VT_LPWSTR && value.pointerValue != IntPtr.Zero ? Marshal.PtrToStringUni(value.pointerValue) : null;
                }
                finally
                {
                    ClearPropVariant(value);
                }
            }
            return null;
        }

        // NAudio leaves the string of a PROPVARIANT it hands out to the caller; PropVariantClear frees it.
        private static void ClearPropVariant(PropVariant value)
        {
            IntPtr native = Marshal.AllocHGlobal(Marshal.SizeOf<PropVariant>());
            try
            {
                Marshal.StructureToPtr(value, native, false);
                PropVariant.Clear(native);
            }
            finally
            {
                Marshal.FreeHGlobal(native);
            }
        }

        /// <summary>Channels and rate of the endpoint's shared-mode mix format; 0/0 when it cannot be read (e.g. privacy-blocked).</summary>
        private static void ReadMixFormatSummary(MMDevice device, out int channels, out int sampleRate)
        {
            channels = 0;
            sampleRate = 0;
            try
            {
                using AudioClient client = device.AudioClient;
                WaveFormat mix = client.MixFormat;
                channels = Math.Max(0, mix.Channels);
                sampleRate = Math.Max(0, mix.SampleRate);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                // Listing shows 0 (unknown) rather than failing for one odd endpoint.
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IAudioCaptureStream OpenOnMta(AudioDevice device, AudioCaptureRequest request)
        {
            string name = device.Name;
            using MMDeviceEnumerator enumerator = CreateEnumerator();
            MMDevice endpoint;
            try
            {
                endpoint = enumerator.GetDevice(device.Id);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                int hr = ex.HResult;
                // E_NOTFOUND for an unknown id; a malformed id can also give E_INVALIDARG or ERROR_FILE_NOT_FOUND.
                if (hr == WindowsAudioFormats.E_NOTFOUND || hr == WindowsAudioFormats.E_INVALIDARG || hr == WindowsAudioFormats.E_FILE_NOT_FOUND)
                {
                    throw NotPresent(device, $"Windows knows no recording device with the id '{device.Id}', so it was unplugged, disabled or removed ({WindowsAudioFormats.HResultCode(hr)})");
                }
                throw WindowsAudioFormats.OpenFailure(name, "look the device up", hr);
            }

            DeviceState state;
            try
            {
                state = endpoint.State;
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                state = DeviceState.Active; // unreadable state: activation below says what is wrong
            }
            if (state != DeviceState.Active)
            {
                throw NotPresent(device, $"it is {WindowsAudioFormats.DescribeDeviceState((uint)state)} (device state 0x{(uint)state:X})");
            }

            WasapiCapture capture;
            try
            {
                // Takes the endpoint's audio client and reads its mix format, here on the MTA. With no
                // synchronization context here, NAudio raises RecordingStopped on its own thread.
                capture = new WasapiCapture(endpoint, useEventSync: true, BufferMilliseconds);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex))
            {
                throw WindowsAudioFormats.OpenFailure(name, "activate its audio client", ex.HResult);
            }

            bool handedOver = false;
            try
            {
                // NAudio shows WAVE_FORMAT_EXTENSIBLE as the plain format with the same byte layout.
                AudioFormat? format = WindowsAudioFormats.FromWaveFormat(WaveFormatBytes(capture.WaveFormat), out string problem);
                if (format is null)
                {
                    throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"Cannot open the microphone '{name}': Windows mixes it in a format StreamingStt cannot read ({problem}).", name);
                }

                // Shared mode in the mix format: the audio engine already converts whatever the
                // hardware does to this, so Initialize cannot fail on the format; the shared layer resamples.
                var stream = new PushedCaptureStream(name, format, RingCapacity(request.Latency),
                    start: () => StartOnMta(capture),
                    release: () => ReleaseOnMta(capture),
                    describeStartFailure: ex => WindowsAudioFormats.IsNativeFailure(ex)
                        ? WindowsAudioFormats.OpenFailure(name, "initialize shared-mode capture", ex.HResult)
                        : new SttException(SttErrorKind.AudioDeviceUnavailable, $"Cannot open the microphone '{name}': {ex.Message}", name, ex),
                    describeStreamFailure: ex => WindowsAudioFormats.IsNativeFailure(ex)
                        ? WindowsAudioFormats.StreamFailure(name, "get a captured packet", ex.HResult)
                        : new SttException(SttErrorKind.AudioDeviceUnavailable, $"'{name}' stopped delivering audio: {ex.Message}", name, ex));
                capture.DataAvailable += (_, e) => stream.Deliver(e.Buffer, 0, e.BytesRecorded);
                capture.RecordingStopped += (_, e) => stream.Stopped(e.Exception);
                handedOver = true;
                return stream;
            }
            finally
            {
                if (!handedOver) capture.Dispose();
            }
        }

        /// <summary>The ring between NAudio's thread and the reader: twice the requested latency, at least a second.</summary>
        internal static TimeSpan RingCapacity(TimeSpan latency) =>
            TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(TimeSpan.FromSeconds(10).Ticks, latency.Ticks * 2)));

        // Initialize (on the calling thread) and NAudio's capture thread; an STA caller hands it to the MTA.
        private static void StartOnMta(WasapiCapture capture)
        {
            if (Thread.CurrentThread.GetApartmentState() == ApartmentState.STA)
            {
                MtaWorker.Run(() =>
                {
                    capture.StartRecording();
                    return true;
                });
            }
            else
            {
                capture.StartRecording();
            }
        }

        // Stops NAudio's thread (it stops the client), then releases the audio client in the MTA it belongs to.
        private static void ReleaseOnMta(WasapiCapture capture)
        {
            if (Thread.CurrentThread.GetApartmentState() == ApartmentState.STA)
            {
                MtaWorker.Run(() =>
                {
                    capture.Dispose();
                    return true;
                });
            }
            else
            {
                capture.Dispose();
            }
        }

        private static SttException NotPresent(AudioDevice device, string why) =>
            new SttException(SttErrorKind.AudioDeviceNotFound,
                $"The microphone '{device.Name}' is not present: {why}.", device.Name)
            {
                RecommendedAction = "List the present devices with " + EngineOptionNames.ListCaptureDevices + " and choose one with " + EngineOptionNames.CaptureDevice + ".",
            };

        /// <summary>A WaveFormat as the WAVEFORMATEX bytes Windows lays out (NAudio's Serialize writes a length first).</summary>
        internal static byte[] WaveFormatBytes(WaveFormat format)
        {
            using var memory = new MemoryStream();
            using (var writer = new BinaryWriter(memory))
            {
                format.Serialize(writer);
            }
            byte[] serialized = memory.ToArray();
            var bytes = new byte[serialized.Length - 4];
            Buffer.BlockCopy(serialized, 4, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>A new MMDevice enumerator; a failure is an SttException with the HRESULT.</summary>
        internal static MMDeviceEnumerator CreateEnumerator()
        {
            try
            {
                return new MMDeviceEnumerator();
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNativeFailure(ex) || ex is NotSupportedException)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Windows could not start its audio device enumerator: {WindowsAudioFormats.DescribeHResult(ex.HResult)} ({WindowsAudioFormats.HResultCode(ex.HResult)}).",
                    "Microphone", ex);
            }
        }
    }
}
