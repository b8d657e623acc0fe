// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>What WASAPI told us about one capture endpoint while listing.</summary>
    internal sealed class WasapiEndpointInfo
    {
        public WasapiEndpointInfo(string id, string? friendlyName, string? description, int channels, int sampleRate)
        {
            Id = id;
            FriendlyName = friendlyName;
            Description = description;
            Channels = channels;
            SampleRate = sampleRate;
        }

        public string Id { get; }
        public string? FriendlyName { get; }
        public string? Description { get; }
        public int Channels { get; }
        public int SampleRate { get; }
    }

    /// <summary>What waveInGetDevCapsW told us about one WinMM input.</summary>
    internal sealed class WaveInCapsInfo
    {
        public WaveInCapsInfo(string? name, int channels)
        {
            Name = name;
            Channels = channels;
        }

        public string? Name { get; }
        public int Channels { get; }
    }

    /// <summary>
    /// The pure parts of the Windows backends: WAVEFORMATEX(TENSIBLE) bytes to <see cref="AudioFormat"/>,
    /// HRESULT / MMRESULT to plain words, and device-list building. No native calls: tested on every OS.
    /// </summary>
    internal static class WindowsAudioFormats
    {
        public const ushort WAVE_FORMAT_PCM = 0x0001;
        public const ushort WAVE_FORMAT_IEEE_FLOAT = 0x0003;
        public const ushort WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

        /// <summary>sizeof(WAVEFORMATEX) without the extra bytes cbSize announces.</summary>
        public const int WaveFormatExSize = 18;

        /// <summary>sizeof(WAVEFORMATEXTENSIBLE): WAVEFORMATEX + 22 extra bytes.</summary>
        public const int WaveFormatExtensibleSize = 40;

        public static readonly Guid KSDATAFORMAT_SUBTYPE_PCM = new Guid("00000001-0000-0010-8000-00aa00389b71");
        public static readonly Guid KSDATAFORMAT_SUBTYPE_IEEE_FLOAT = new Guid("00000003-0000-0010-8000-00aa00389b71");

        public const string WaveMapperId = "waveIn:mapper";
        public const string WaveMapperName = "Default (WinMM wave mapper)";
        public const string WaveInIdPrefix = "waveIn:";

        // HRESULTs (as the signed ints COM returns).
        public const int S_OK = 0;
        public const int E_NOTFOUND = unchecked((int)0x80070490);
        public const int E_ACCESSDENIED = unchecked((int)0x80070005);
        public const int E_FILE_NOT_FOUND = unchecked((int)0x80070002); // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
        public const int E_OUTOFMEMORY = unchecked((int)0x8007000E);
        public const int E_INVALIDARG = unchecked((int)0x80070057);
        public const int E_POINTER = unchecked((int)0x80004003);
        public const int E_NOINTERFACE = unchecked((int)0x80004002);
        public const int REGDB_E_CLASSNOTREG = unchecked((int)0x80040154);
        public const int CO_E_NOTINITIALIZED = unchecked((int)0x800401F0);
        public const int AUDCLNT_S_BUFFER_EMPTY = 0x08890001;
        public const int AUDCLNT_E_NOT_INITIALIZED = unchecked((int)0x88890001);
        public const int AUDCLNT_E_ALREADY_INITIALIZED = unchecked((int)0x88890002);
        public const int AUDCLNT_E_WRONG_ENDPOINT_TYPE = unchecked((int)0x88890003);
        public const int AUDCLNT_E_DEVICE_INVALIDATED = unchecked((int)0x88890004);
        public const int AUDCLNT_E_NOT_STOPPED = unchecked((int)0x88890005);
        public const int AUDCLNT_E_BUFFER_TOO_LARGE = unchecked((int)0x88890006);
        public const int AUDCLNT_E_OUT_OF_ORDER = unchecked((int)0x88890007);
        public const int AUDCLNT_E_UNSUPPORTED_FORMAT = unchecked((int)0x88890008);
        public const int AUDCLNT_E_INVALID_SIZE = unchecked((int)0x88890009);
        public const int AUDCLNT_E_DEVICE_IN_USE = unchecked((int)0x8889000A);
        public const int AUDCLNT_E_BUFFER_OPERATION_PENDING = unchecked((int)0x8889000B);
        public const int AUDCLNT_E_ENDPOINT_CREATE_FAILED = unchecked((int)0x8889000F);
        public const int AUDCLNT_E_SERVICE_NOT_RUNNING = unchecked((int)0x88890010);
        public const int AUDCLNT_E_BUFFER_SIZE_ERROR = unchecked((int)0x88890016);
        public const int AUDCLNT_E_CPUUSAGE_EXCEEDED = unchecked((int)0x88890017);
        public const int AUDCLNT_E_BUFFER_ERROR = unchecked((int)0x88890018);
        public const int AUDCLNT_E_RESOURCES_INVALIDATED = unchecked((int)0x88890026);

        // MMRESULTs.
        public const int MMSYSERR_NOERROR = 0;
        public const int MMSYSERR_ERROR = 1;
        public const int MMSYSERR_BADDEVICEID = 2;
        public const int MMSYSERR_NOTENABLED = 3;
        public const int MMSYSERR_ALLOCATED = 4;
        public const int MMSYSERR_INVALHANDLE = 5;
        public const int MMSYSERR_NODRIVER = 6;
        public const int MMSYSERR_NOMEM = 7;
        public const int MMSYSERR_NOTSUPPORTED = 8;
        public const int MMSYSERR_INVALFLAG = 10;
        public const int MMSYSERR_INVALPARAM = 11;
        public const int MMSYSERR_HANDLEBUSY = 12;
        public const int WAVERR_BADFORMAT = 32;
        public const int WAVERR_STILLPLAYING = 33;
        public const int WAVERR_UNPREPARED = 34;

        /// <summary>
        /// Reads a WAVEFORMATEX or WAVEFORMATEXTENSIBLE (little-endian bytes as Windows lays them out)
        /// into the layout of the bytes WASAPI will deliver. Returns null, with the reason in
        /// <paramref name="problem"/>, for anything we cannot hand on unchanged (compressed formats,
        /// 8-bit float, odd containers).
        /// </summary>
        public static AudioFormat? FromWaveFormat(byte[] bytes, out string problem)
        {
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            problem = string.Empty;
            if (bytes.Length < 16)
            {
                problem = $"the format block is only {bytes.Length} bytes long";
                return null;
            }
            ushort tag = BitConverter.ToUInt16(bytes, 0);
            int channels = BitConverter.ToUInt16(bytes, 2);
            long rate = BitConverter.ToUInt32(bytes, 4);
            int blockAlign = BitConverter.ToUInt16(bytes, 12);
            int containerBits = BitConverter.ToUInt16(bytes, 14);
            int validBits = containerBits;
            bool isFloat;
            switch (tag)
            {
                case WAVE_FORMAT_PCM:
                    isFloat = false;
                    break;
                case WAVE_FORMAT_IEEE_FLOAT:
                    isFloat = true;
                    break;
                case WAVE_FORMAT_EXTENSIBLE:
                    int cbSize = bytes.Length >= WaveFormatExSize ? BitConverter.ToUInt16(bytes, 16) : 0;
                    if (cbSize < WaveFormatExtensibleSize - WaveFormatExSize || bytes.Length < WaveFormatExtensibleSize)
                    {
                        problem = "it claims WAVE_FORMAT_EXTENSIBLE but the extension is missing";
                        return null;
                    }
                    // Samples union: wValidBitsPerSample for PCM/float; 0 means "all container bits".
                    int declaredValid = BitConverter.ToUInt16(bytes, 18);
                    if (declaredValid != 0) validBits = declaredValid;
                    var subFormatBytes = new byte[16];
                    Buffer.BlockCopy(bytes, 24, subFormatBytes, 0, 16);
                    var subFormat = new Guid(subFormatBytes);
                    if (subFormat == KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)
                    {
                        isFloat = true;
                    }
                    else if (subFormat == KSDATAFORMAT_SUBTYPE_PCM)
                    {
                        isFloat = false;
                    }
                    else
                    {
                        problem = $"its sub-format {subFormat} is neither PCM nor IEEE float";
                        return null;
                    }
                    break;
                default:
                    problem = string.Format(CultureInfo.InvariantCulture, "format tag 0x{0:X4} is neither PCM nor IEEE float", tag);
                    return null;
            }

            if (channels <= 0 || rate <= 0 || rate > int.MaxValue)
            {
                problem = $"it declares {channels} channel(s) at {rate} Hz";
                return null;
            }
            if (validBits > containerBits)
            {
                problem = $"it declares {validBits} valid bits in a {containerBits}-bit sample";
                return null;
            }

            SampleEncoding encoding;
            if (isFloat)
            {
                if (containerBits == 32) encoding = SampleEncoding.Float32;
                else if (containerBits == 64) encoding = SampleEncoding.Float64;
                else
                {
                    problem = $"it uses {containerBits}-bit float samples";
                    return null;
                }
            }
            else
            {
                // The container decides the byte layout: 24 valid bits in a 32-bit container are
                // left-justified, so reading them as Pcm32 is exact (the low byte is zero).
                switch (containerBits)
                {
                    case 8: encoding = SampleEncoding.Pcm8; break;
                    case 16: encoding = SampleEncoding.Pcm16; break;
                    case 24: encoding = SampleEncoding.Pcm24; break;
                    case 32: encoding = SampleEncoding.Pcm32; break;
                    default:
                        problem = $"it uses {containerBits}-bit PCM samples";
                        return null;
                }
            }

            var format = new AudioFormat((int)rate, channels, encoding);
            if (blockAlign != format.BlockAlign)
            {
                problem = $"its block size of {blockAlign} bytes does not match {channels} channel(s) of {containerBits}-bit samples";
                return null;
            }
            return format;
        }

        /// <summary>An MMDevice state (DEVICE_STATE_*) in words: "disabled", "unplugged"...</summary>
        public static string DescribeDeviceState(uint state)
        {
            switch (state)
            {
                case 0x1: return "active";
                case 0x2: return "disabled";
                case 0x4: return "not present";
                case 0x8: return "unplugged";
                default: return "not active";
            }
        }

        /// <summary>"HRESULT 0x88890004 AUDCLNT_E_DEVICE_INVALIDATED": the code as people search for it (messages put it in parentheses).</summary>
        public static string HResultCode(int hr)
        {
            string hex = string.Format(CultureInfo.InvariantCulture, "HRESULT 0x{0:X8}", hr);
            string? name = HResultName(hr);
            return name is null ? hex : hex + " " + name;
        }

        public static string? HResultName(int hr)
        {
            switch (hr)
            {
                case E_NOTFOUND: return "E_NOTFOUND";
                case E_ACCESSDENIED: return "E_ACCESSDENIED";
                case E_FILE_NOT_FOUND: return "ERROR_FILE_NOT_FOUND";
                case E_OUTOFMEMORY: return "E_OUTOFMEMORY";
                case E_INVALIDARG: return "E_INVALIDARG";
                case E_POINTER: return "E_POINTER";
                case E_NOINTERFACE: return "E_NOINTERFACE";
                case REGDB_E_CLASSNOTREG: return "REGDB_E_CLASSNOTREG";
                case CO_E_NOTINITIALIZED: return "CO_E_NOTINITIALIZED";
                case AUDCLNT_E_NOT_INITIALIZED: return "AUDCLNT_E_NOT_INITIALIZED";
                case AUDCLNT_E_ALREADY_INITIALIZED: return "AUDCLNT_E_ALREADY_INITIALIZED";
                case AUDCLNT_E_WRONG_ENDPOINT_TYPE: return "AUDCLNT_E_WRONG_ENDPOINT_TYPE";
                case AUDCLNT_E_DEVICE_INVALIDATED: return "AUDCLNT_E_DEVICE_INVALIDATED";
                case AUDCLNT_E_NOT_STOPPED: return "AUDCLNT_E_NOT_STOPPED";
                case AUDCLNT_E_BUFFER_TOO_LARGE: return "AUDCLNT_E_BUFFER_TOO_LARGE";
                case AUDCLNT_E_OUT_OF_ORDER: return "AUDCLNT_E_OUT_OF_ORDER";
                case AUDCLNT_E_UNSUPPORTED_FORMAT: return "AUDCLNT_E_UNSUPPORTED_FORMAT";
                case AUDCLNT_E_INVALID_SIZE: return "AUDCLNT_E_INVALID_SIZE";
                case AUDCLNT_E_DEVICE_IN_USE: return "AUDCLNT_E_DEVICE_IN_USE";
                case AUDCLNT_E_BUFFER_OPERATION_PENDING: return "AUDCLNT_E_BUFFER_OPERATION_PENDING";
                case AUDCLNT_E_ENDPOINT_CREATE_FAILED: return "AUDCLNT_E_ENDPOINT_CREATE_FAILED";
                case AUDCLNT_E_SERVICE_NOT_RUNNING: return "AUDCLNT_E_SERVICE_NOT_RUNNING";
                case AUDCLNT_E_BUFFER_SIZE_ERROR: return "AUDCLNT_E_BUFFER_SIZE_ERROR";
                case AUDCLNT_E_CPUUSAGE_EXCEEDED: return "AUDCLNT_E_CPUUSAGE_EXCEEDED";
                case AUDCLNT_E_BUFFER_ERROR: return "AUDCLNT_E_BUFFER_ERROR";
                case AUDCLNT_E_RESOURCES_INVALIDATED: return "AUDCLNT_E_RESOURCES_INVALIDATED";
                default: return null;
            }
        }

        /// <summary>What an HRESULT means for someone trying to use a microphone, in plain words (no code, no period).</summary>
        public static string DescribeHResult(int hr)
        {
            switch (hr)
            {
                case E_NOTFOUND:
                    return "the device is not present (unplugged, disabled or removed)";
                case AUDCLNT_E_DEVICE_INVALIDATED:
                case AUDCLNT_E_RESOURCES_INVALIDATED:
                    return "the device was unplugged, disabled or reconfigured";
                case AUDCLNT_E_SERVICE_NOT_RUNNING:
                    return "the Windows Audio service is not running";
                case AUDCLNT_E_ENDPOINT_CREATE_FAILED:
                    return "Windows could not open the audio endpoint (the driver failed)";
                case AUDCLNT_E_DEVICE_IN_USE:
                    return "the device is in use by another application in exclusive mode";
                case E_ACCESSDENIED:
                    return "microphone access is off in Windows Settings > Privacy & security > Microphone";
                case AUDCLNT_E_UNSUPPORTED_FORMAT:
                    return "the device does not accept its own mix format in shared mode";
                case AUDCLNT_E_WRONG_ENDPOINT_TYPE:
                    return "it is not a capture (recording) device";
                case AUDCLNT_E_BUFFER_SIZE_ERROR:
                case AUDCLNT_E_BUFFER_TOO_LARGE:
                case AUDCLNT_E_INVALID_SIZE:
                    return "the device refused the requested buffer size";
                case AUDCLNT_E_CPUUSAGE_EXCEEDED:
                    return "the audio engine ran out of processing time";
                case E_OUTOFMEMORY:
                    return "Windows ran out of memory";
                case REGDB_E_CLASSNOTREG:
                    return "the Windows audio device API (MMDevice) is not installed";
                case CO_E_NOTINITIALIZED:
                    return "COM was not initialized on the calling thread";
                default:
                    return "the Windows audio API failed";
            }
        }

        /// <summary>True when the HRESULT means the device is gone (reported as AudioDeviceNotFound on open).</summary>
        public static bool MeansDeviceGone(int hr) =>
            hr == E_NOTFOUND || hr == AUDCLNT_E_DEVICE_INVALIDATED || hr == AUDCLNT_E_RESOURCES_INVALIDATED;

        /// <summary>True when a running stream's HRESULT means the device went away under it.</summary>
        public static bool MeansStreamLost(int hr) =>
            MeansDeviceGone(hr) || hr == AUDCLNT_E_SERVICE_NOT_RUNNING;

        /// <summary>
        /// The error for a failed step of opening a WASAPI device: AudioDeviceNotFound when it has
        /// gone, AudioDeviceUnavailable otherwise (busy, privacy, driver). <paramref name="step"/> is
        /// what we were doing ("activate its audio client").
        /// </summary>
        public static SttException OpenFailure(string deviceName, string step, int hr)
        {
            SttErrorKind kind = MeansDeviceGone(hr) ? SttErrorKind.AudioDeviceNotFound : SttErrorKind.AudioDeviceUnavailable;
            string message = $"Cannot open the microphone '{deviceName}': {DescribeHResult(hr)} (could not {step}; {HResultCode(hr)}).";
            var error = new SttException(kind, message, deviceName);
            if (hr == E_ACCESSDENIED)
            {
                error.RecommendedAction = "Turn on 'Microphone access' and 'Let desktop apps access your microphone' in Windows Settings > Privacy & security > Microphone, then try again.";
            }
            else if (kind == SttErrorKind.AudioDeviceNotFound)
            {
                error.RecommendedAction = "List the present devices with " + EngineOptionNames.ListCaptureDevices + " and choose one with " + EngineOptionNames.CaptureDevice + ".";
            }
            return error;
        }

        /// <summary>The error for a running stream that failed: unplugged / disabled, or another failure.</summary>
        public static SttException StreamFailure(string deviceName, string step, int hr)
        {
            string message = hr == AUDCLNT_E_SERVICE_NOT_RUNNING
                ? $"'{deviceName}' stopped delivering audio: it was unplugged or disabled, or the Windows Audio service stopped ({HResultCode(hr)})."
                : MeansStreamLost(hr)
                ? $"'{deviceName}' stopped delivering audio: it was unplugged or disabled ({HResultCode(hr)})."
                : $"'{deviceName}' stopped delivering audio: {DescribeHResult(hr)} (could not {step}; {HResultCode(hr)}).";
            return new SttException(SttErrorKind.AudioDeviceUnavailable, message, deviceName);
        }

        /// <summary>
        /// The WASAPI listing: Index in endpoint order, the default endpoint marked by id (none when
        /// Windows names no default), a name even when the property store had none.
        /// </summary>
        public static IReadOnlyList<AudioDevice> BuildWasapiDevices(IReadOnlyList<WasapiEndpointInfo> endpoints, string? defaultId, string backendName)
        {
            var devices = new List<AudioDevice>(endpoints.Count);
            foreach (WasapiEndpointInfo endpoint in endpoints)
            {
                if (string.IsNullOrEmpty(endpoint.Id)) continue;
                int index = devices.Count;
                string name = !string.IsNullOrWhiteSpace(endpoint.FriendlyName) ? endpoint.FriendlyName!.Trim()
                    : !string.IsNullOrWhiteSpace(endpoint.Description) ? endpoint.Description!.Trim()
                    : "Capture device " + index.ToString(CultureInfo.InvariantCulture);
                bool isDefault = defaultId is not null && string.Equals(endpoint.Id, defaultId, StringComparison.OrdinalIgnoreCase);
                devices.Add(new AudioDevice(index, name, endpoint.Id, backendName, isDefault,
                    Math.Max(0, endpoint.Channels), Math.Max(0, endpoint.SampleRate), endpoint.Description));
            }
            return devices;
        }

        /// <summary>
        /// The WinMM listing: Index 0 is the wave mapper (Windows' default input, IsDefault), then
        /// every waveIn device by its index ("waveIn:0"...); empty when there is no input at all.
        /// WinMM truncates names to 31 characters.
        /// </summary>
        public static IReadOnlyList<AudioDevice> BuildWaveInDevices(IReadOnlyList<WaveInCapsInfo> inputs, string backendName)
        {
            // Without any input the mapper has nothing to map to: an empty listing says "no microphone".
            if (inputs.Count == 0) return Array.Empty<AudioDevice>();
            var devices = new List<AudioDevice>(inputs.Count + 1)
            {
                new AudioDevice(0, WaveMapperName, WaveMapperId, backendName, true, 0, 0, "Windows' default recording device, through the WinMM wave mapper"),
            };
            for (int i = 0; i < inputs.Count; i++)
            {
                string number = i.ToString(CultureInfo.InvariantCulture);
                string name = string.IsNullOrWhiteSpace(inputs[i].Name) ? "WinMM input " + number : inputs[i].Name!.Trim();
                devices.Add(new AudioDevice(devices.Count, name, WaveInIdPrefix + number, backendName, false, Math.Max(0, inputs[i].Channels), 0));
            }
            return devices;
        }

        /// <summary>
        /// The waveIn device number of a listing id: WAVE_MAPPER (uint.MaxValue) for the mapper, the
        /// index for "waveIn:N"; false for anything else (a WASAPI id, a typo).
        /// </summary>
        public static bool TryParseWaveInId(string? id, out uint deviceId)
        {
            deviceId = 0;
            if (id is null) return false;
            if (string.Equals(id, WaveMapperId, StringComparison.OrdinalIgnoreCase))
            {
                deviceId = uint.MaxValue;
                return true;
            }
            if (!id.StartsWith(WaveInIdPrefix, StringComparison.OrdinalIgnoreCase)) return false;
            string number = id.Substring(WaveInIdPrefix.Length);
            return number.Length > 0 && number[0] != '+' && number[0] != '-'
                && uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out deviceId)
                && deviceId != uint.MaxValue;
        }

        public static string? MmResultName(int result)
        {
            switch (result)
            {
                case MMSYSERR_NOERROR: return "MMSYSERR_NOERROR";
                case MMSYSERR_ERROR: return "MMSYSERR_ERROR";
                case MMSYSERR_BADDEVICEID: return "MMSYSERR_BADDEVICEID";
                case MMSYSERR_NOTENABLED: return "MMSYSERR_NOTENABLED";
                case MMSYSERR_ALLOCATED: return "MMSYSERR_ALLOCATED";
                case MMSYSERR_INVALHANDLE: return "MMSYSERR_INVALHANDLE";
                case MMSYSERR_NODRIVER: return "MMSYSERR_NODRIVER";
                case MMSYSERR_NOMEM: return "MMSYSERR_NOMEM";
                case MMSYSERR_NOTSUPPORTED: return "MMSYSERR_NOTSUPPORTED";
                case MMSYSERR_INVALFLAG: return "MMSYSERR_INVALFLAG";
                case MMSYSERR_INVALPARAM: return "MMSYSERR_INVALPARAM";
                case MMSYSERR_HANDLEBUSY: return "MMSYSERR_HANDLEBUSY";
                case WAVERR_BADFORMAT: return "WAVERR_BADFORMAT";
                case WAVERR_STILLPLAYING: return "WAVERR_STILLPLAYING";
                case WAVERR_UNPREPARED: return "WAVERR_UNPREPARED";
                default: return null;
            }
        }

        /// <summary>"MMRESULT 4 MMSYSERR_ALLOCATED: <paramref name="systemText"/>", the name and system text when known.</summary>
        public static string MmResultCode(int result, string? systemText)
        {
            string code = "MMRESULT " + result.ToString(CultureInfo.InvariantCulture);
            string? name = MmResultName(result);
            string? text = string.IsNullOrWhiteSpace(systemText) ? null : systemText!.Trim().TrimEnd('.');
            if (name is not null) code += " " + name;
            return text is null ? code : code + ": " + text;
        }

        /// <summary>What an MMRESULT from waveInOpen means, in plain words (no code, no period).</summary>
        public static string DescribeMmResult(int result)
        {
            switch (result)
            {
                case MMSYSERR_BADDEVICEID:
                case MMSYSERR_NODRIVER:
                    return "the device is not present (unplugged, disabled or removed)";
                case MMSYSERR_ALLOCATED:
                    return "the device is in use by another application, or microphone access is off in Windows Settings > Privacy & security > Microphone";
                case MMSYSERR_NOTENABLED:
                    return "the device's driver is not enabled";
                case WAVERR_BADFORMAT:
                    return "the device accepts none of the 16-bit PCM formats we asked for";
                case MMSYSERR_NOMEM:
                    return "Windows ran out of memory";
                default:
                    return "the WinMM audio API failed";
            }
        }

        public static bool MmResultMeansDeviceGone(int result) =>
            result == MMSYSERR_BADDEVICEID || result == MMSYSERR_NODRIVER;

        /// <summary>
        /// The error for a waveIn recording that failed (NAudio could not queue a buffer again):
        /// unplugged / disabled, or another failure. <paramref name="code"/> is the MMRESULT as
        /// <see cref="MmResultCode"/> writes it.
        /// </summary>
        public static SttException WaveInStreamFailure(string deviceName, int result, string code)
        {
            string message = MmResultMeansDeviceGone(result) || result == MMSYSERR_INVALHANDLE
                ? $"'{deviceName}' stopped delivering audio: it was unplugged or disabled ({code})."
                : $"'{deviceName}' stopped delivering audio: {DescribeMmResult(result)} (could not queue a buffer again; {code}).";
            return new SttException(SttErrorKind.AudioDeviceUnavailable, message, deviceName);
        }

        /// <summary>
        /// True for what NAudio throws when a Core Audio call fails: it passes each HRESULT to
        /// Marshal.ThrowExceptionForHR, which gives COMException, or for well-known codes
        /// UnauthorizedAccessException (E_ACCESSDENIED), ArgumentException (E_INVALIDARG),
        /// FileNotFoundException, OutOfMemoryException, InvalidCastException (E_NOINTERFACE)...
        /// Exception.HResult is then the HRESULT.
        /// </summary>
        public static bool IsNativeFailure(Exception ex) =>
            ex is ExternalException || ex is UnauthorizedAccessException || ex is ArgumentException
            || (ex is IOException && !IsNAudioLoadFailure(ex)) || ex is OutOfMemoryException || ex is InvalidCastException
            || ex is NotImplementedException || ex is NullReferenceException;

        /// <summary>The NAudio assemblies StreamingStt ships (strong-named, version 2.2.1.0).</summary>
        public const string NAudioVersion = "2.2.1";

        /// <summary>True when an NAudio assembly could not be loaded (missing, or another version already loaded in the session).</summary>
        public static bool IsNAudioLoadFailure(Exception ex)
        {
            string? file = ex switch
            {
                FileNotFoundException notFound => notFound.FileName,
                FileLoadException load => load.FileName,
                BadImageFormatException image => image.FileName,
                _ => null,
            };
            return file is not null && file.StartsWith("NAudio", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The error for an NAudio assembly that would not load: most likely another module loaded a different NAudio first.</summary>
        public static SttException NAudioLoadFailure(Exception ex) =>
            new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"StreamingStt captures on Windows through NAudio {NAudioVersion}, which could not be loaded: {ex.Message.TrimEnd('.')}. Another module in this PowerShell session has probably loaded a different version of NAudio.",
                "Microphone", ex)
            {
                RecommendedAction = "Start a new PowerShell session and import StreamingStt before the module that uses another NAudio (see Get-Help about_StreamingStt_Capture).",
            };
    }
}
