// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>One HAL device as the listing reads it, before it becomes an <see cref="AudioDevice"/>.</summary>
    internal sealed class CoreAudioDeviceInfo
    {
        public CoreAudioDeviceInfo(uint objectId, string uid, string? name, int inputChannels, double nominalSampleRate)
        {
            ObjectId = objectId;
            Uid = uid;
            Name = name;
            InputChannels = inputChannels;
            NominalSampleRate = nominalSampleRate;
        }

        public uint ObjectId { get; }
        public string Uid { get; }
        public string? Name { get; }
        public int InputChannels { get; }
        public double NominalSampleRate { get; }
    }

    /// <summary>
    /// The platform-independent pieces of the CoreAudio backend: four-character codes, struct
    /// layouts read from bytes, the AudioQueue format we ask for, and the device list.
    /// </summary>
    internal static class MacAudioFormats
    {
        /// <summary>Rate asked for when a device does not report its nominal rate.</summary>
        public const int FallbackSampleRate = 48000;

        /// <summary>'dev#' → 0x64657623: Apple's four-character codes are big-endian ASCII.</summary>
        public static uint FourCC(string code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (code.Length != 4) throw new ArgumentException($"A four-character code needs 4 characters, not {code.Length}.", nameof(code));
            uint value = 0;
            foreach (char c in code)
            {
                if (c > 0x7F) throw new ArgumentException("A four-character code is ASCII.", nameof(code));
                value = (value << 8) | c;
            }
            return value;
        }

        /// <summary>The code's text when all four bytes are printable ASCII, otherwise null.</summary>
        public static string? FourCCText(uint value)
        {
            var text = new StringBuilder(4);
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                uint b = (value >> shift) & 0xFF;
                if (b < 0x20 || b > 0x7E) return null;
                text.Append((char)b);
            }
            return text.ToString();
        }

        /// <summary>
        /// Sums mNumberChannels over an AudioBufferList's buffers. Layout: UInt32 mNumberBuffers,
        /// then AudioBuffer { UInt32 mNumberChannels; UInt32 mDataByteSize; void* mData } aligned to
        /// the pointer size (so the first buffer starts at 8 on 64-bit, each is 16 bytes).
        /// </summary>
        public static int CountChannels(byte[] bufferList, int pointerSize)
        {
            if (bufferList is null) throw new ArgumentNullException(nameof(bufferList));
            if (pointerSize != 4 && pointerSize != 8) throw new ArgumentOutOfRangeException(nameof(pointerSize), pointerSize, "A pointer is 4 or 8 bytes.");
            if (bufferList.Length < 4) return 0;
            uint buffers = BitConverter.ToUInt32(bufferList, 0);
            int first = pointerSize; // offset of mBuffers[0]: 4 rounded up to the pointer alignment
            int stride = 8 + pointerSize;
            long channels = 0;
            for (long i = 0; i < buffers; i++)
            {
                long offset = first + i * stride;
                if (offset + 4 > bufferList.Length) break; // truncated: count what is there
                channels += BitConverter.ToUInt32(bufferList, (int)offset);
            }
            return (int)Math.Min(channels, int.MaxValue);
        }

        /// <summary>
        /// Offset of AudioQueueBuffer.mAudioData: after the UInt32 mAudioDataBytesCapacity, aligned to
        /// the pointer size (8 on 64-bit).
        /// </summary>
        public static int AudioQueueBufferDataOffset(int pointerSize) => pointerSize;

        /// <summary>Offset of AudioQueueBuffer.mAudioDataByteSize: right after the mAudioData pointer (16 on 64-bit).</summary>
        public static int AudioQueueBufferByteSizeOffset(int pointerSize) => 2 * pointerSize;

        /// <summary>Linear PCM, 32-bit float, packed, interleaved, native (little) endian.</summary>
        public static AudioStreamBasicDescription Float32Interleaved(int sampleRate, int channels)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
            if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channel count must be positive.");
            uint bytesPerFrame = 4u * (uint)channels;
            return new AudioStreamBasicDescription
            {
                SampleRate = sampleRate,
                FormatId = CoreAudioNative.kAudioFormatLinearPCM,
                FormatFlags = CoreAudioNative.kAudioFormatFlagIsFloat | CoreAudioNative.kAudioFormatFlagIsPacked,
                BytesPerPacket = bytesPerFrame,
                FramesPerPacket = 1,
                BytesPerFrame = bytesPerFrame,
                ChannelsPerFrame = (uint)channels,
                BitsPerChannel = 32,
                Reserved = 0,
            };
        }

        /// <summary>The <see cref="AudioFormat"/> of the bytes an AudioQueue delivers in <paramref name="description"/>.</summary>
        public static AudioFormat ToAudioFormat(AudioStreamBasicDescription description)
        {
            if (description.FormatId != CoreAudioNative.kAudioFormatLinearPCM)
                throw new NotSupportedException($"Only linear PCM is captured, not '{FourCCText(description.FormatId) ?? description.FormatId.ToString(CultureInfo.InvariantCulture)}'.");
            uint flags = description.FormatFlags;
            if ((flags & CoreAudioNative.kAudioFormatFlagIsNonInterleaved) != 0) throw new NotSupportedException("Non-interleaved audio is not captured.");
            if ((flags & CoreAudioNative.kAudioFormatFlagIsBigEndian) != 0) throw new NotSupportedException("Big-endian audio is not captured.");
            int channels = (int)description.ChannelsPerFrame;
            int rate = (int)Math.Round(description.SampleRate);
            uint bits = description.BitsPerChannel;
            SampleEncoding encoding;
            if ((flags & CoreAudioNative.kAudioFormatFlagIsFloat) != 0)
            {
                encoding = bits == 32 ? SampleEncoding.Float32 : bits == 64 ? SampleEncoding.Float64 : throw new NotSupportedException($"{bits}-bit float audio is not captured.");
            }
            else if ((flags & CoreAudioNative.kAudioFormatFlagIsSignedInteger) != 0)
            {
                encoding = bits == 16 ? SampleEncoding.Pcm16 : bits == 24 ? SampleEncoding.Pcm24 : bits == 32 ? SampleEncoding.Pcm32 : throw new NotSupportedException($"{bits}-bit integer audio is not captured.");
            }
            else
            {
                throw new NotSupportedException("Unsigned integer audio is not captured.");
            }
            var format = new AudioFormat(rate, channels, encoding);
            if (description.BytesPerFrame != (uint)format.BlockAlign || description.FramesPerPacket != 1)
                throw new NotSupportedException($"Only packed audio is captured ({description.BytesPerFrame} bytes per frame for {channels} x {bits} bits).");
            return format;
        }

        /// <summary>
        /// Channels to ask the AudioQueue for: the device's own count, at most 2. The queue's converter
        /// reduces channels by discarding (not mixing) the extra ones, so asking a stereo device for
        /// mono would lose its right channel; the shared layer averages channels to mono instead.
        /// Beyond stereo (audio interfaces) the first two inputs are kept.
        /// </summary>
        public static int ChooseChannels(int deviceChannels) => Math.Max(1, Math.Min(deviceChannels, 2));

        /// <summary>The device's nominal rate (so the queue does not resample), or 48 kHz when it reports none.</summary>
        public static int ChooseSampleRate(double nominalSampleRate)
        {
            if (double.IsNaN(nominalSampleRate) || nominalSampleRate < 1 || nominalSampleRate > 1_000_000) return FallbackSampleRate;
            return (int)Math.Round(nominalSampleRate);
        }

        /// <summary>Bytes in each AudioQueue buffer: half the requested latency, 20..100 ms, whole frames.</summary>
        public static int BufferBytes(AudioFormat format, TimeSpan latency)
        {
            double milliseconds = Math.Max(20, Math.Min(100, latency.TotalMilliseconds / 2));
            int frames = Math.Max(1, (int)(format.SampleRate * milliseconds / 1000));
            return frames * format.BlockAlign;
        }

        /// <summary>
        /// The listing: devices with input channels only (the HAL lists outputs too), in the HAL's
        /// order, Index 0..n-1, IsDefault for the default input device.
        /// </summary>
        public static IReadOnlyList<AudioDevice> BuildDevices(IEnumerable<CoreAudioDeviceInfo> devices, uint defaultInputId, string backendName)
        {
            var list = new List<AudioDevice>();
            foreach (CoreAudioDeviceInfo device in devices)
            {
                if (device.InputChannels <= 0 || string.IsNullOrEmpty(device.Uid)) continue;
                string name = string.IsNullOrWhiteSpace(device.Name) ? device.Uid : device.Name!;
                int rate = device.NominalSampleRate >= 1 && device.NominalSampleRate <= 1_000_000 ? (int)Math.Round(device.NominalSampleRate) : 0;
                list.Add(new AudioDevice(list.Count, name, device.Uid, backendName, device.ObjectId == defaultInputId && defaultInputId != 0,
                    device.InputChannels, rate));
            }
            return list;
        }
    }
}
