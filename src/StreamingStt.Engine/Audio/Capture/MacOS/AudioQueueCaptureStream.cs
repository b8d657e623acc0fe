// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>
    /// An AudioQueue input bound to one CoreAudio device. The queue calls back on its own thread
    /// with filled buffers; the callback copies them into a small ring and hands the buffer back.
    /// Read drains the ring, and notices a device that has gone (queue stopped by itself, re-enqueue
    /// refused, or the HAL saying the device is no longer alive).
    /// </summary>
    internal sealed class AudioQueueCaptureStream : IAudioCaptureStream
    {
        private const int BufferCount = 4;
        private const int RingSeconds = 2;
        private const int LivenessCheckMilliseconds = 500;
        private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(100);

        // Static so the delegates outlive every queue that holds their function pointers.
        private static readonly CoreAudioNative.AudioQueueInputCallback InputCallback = OnInput;
        private static readonly IntPtr InputCallbackPointer = Marshal.GetFunctionPointerForDelegate(InputCallback);
        private static readonly CoreAudioNative.AudioQueuePropertyListener RunningListener = OnRunningChanged;
        private static readonly IntPtr RunningListenerPointer = Marshal.GetFunctionPointerForDelegate(RunningListener);

        private readonly uint _deviceId;
        private readonly string _deviceName;
        private readonly IAudioQueueCalls _calls;
        private readonly CaptureRingBuffer _ring;
        private GCHandle _self;
        private IntPtr _queue;
        private byte[] _scratch;
        private bool _listening;
        private volatile bool _started;
        private volatile bool _stopping;
        private volatile string? _lostReason;
        private int _overruns;
        private int _disposed;
        private int _lastDataTick;
        private int _lastCheckTick;

        /// <summary>A stream over a queue made by <see cref="Create"/> (native) or handed in (tests, with fake calls).</summary>
        internal AudioQueueCaptureStream(uint deviceId, string deviceName, AudioFormat format, int bufferBytes, IAudioQueueCalls calls, IntPtr queue = default)
        {
            _deviceId = deviceId;
            _deviceName = deviceName;
            _calls = calls ?? throw new ArgumentNullException(nameof(calls));
            _queue = queue;
            Format = format;
            _ring = new CaptureRingBuffer(format.BytesPerSecond * RingSeconds, format.BlockAlign);
            _scratch = new byte[bufferBytes];
        }

        public AudioFormat Format { get; }

        public int Overruns => Volatile.Read(ref _overruns);

        /// <summary>Creates the queue on the device with the UID, allocates and enqueues its buffers (not started).</summary>
        public static AudioQueueCaptureStream Open(uint deviceId, string uid, string deviceName, AudioStreamBasicDescription description, TimeSpan latency)
        {
            AudioFormat format = MacAudioFormats.ToAudioFormat(description);
            int bufferBytes = MacAudioFormats.BufferBytes(format, latency);
            var stream = new AudioQueueCaptureStream(deviceId, deviceName, format, bufferBytes, NativeAudioQueueCalls.Instance);
            try
            {
                stream.Create(description, uid, bufferBytes);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private void Create(AudioStreamBasicDescription description, string uid, int bufferBytes)
        {
            _self = GCHandle.Alloc(this);
            IntPtr self = GCHandle.ToIntPtr(_self);
            // No run loop: the queue calls back on one of its own threads, so no thread of ours has to pump one.
            int status = CoreAudioNative.AudioQueueNewInput(ref description, InputCallbackPointer, self, IntPtr.Zero, IntPtr.Zero, 0, out _queue);
            if (status != 0)
            {
                _queue = IntPtr.Zero;
                throw Failure($"could not be opened for recording as {Format}", status);
            }

            IntPtr cfUid = CoreAudioNative.CreateCFString(uid);
            try
            {
                status = CoreAudioNative.AudioQueueSetProperty(_queue, CoreAudioNative.kAudioQueueProperty_CurrentDevice, ref cfUid, (uint)IntPtr.Size);
            }
            finally
            {
                if (cfUid != IntPtr.Zero) CoreAudioNative.CFRelease(cfUid);
            }
            if (status == KnownStatus.InvalidDevice || status == KnownStatus.BadDevice || status == KnownStatus.BadObject)
            {
                throw new SttException(SttErrorKind.AudioDeviceNotFound,
                    $"The CoreAudio capture device '{_deviceName}' (UID {uid}) is not present: {OSStatusText.Describe(status)}.", _deviceName);
            }
            if (status != 0) throw Failure("could not be selected for the audio queue", status);

            // Best effort: polling in Read covers a queue that stops without telling us.
            _listening = CoreAudioNative.AudioQueueAddPropertyListener(_queue, CoreAudioNative.kAudioQueueProperty_IsRunning, RunningListenerPointer, self) == 0;

            for (int i = 0; i < BufferCount; i++)
            {
                status = CoreAudioNative.AudioQueueAllocateBuffer(_queue, (uint)bufferBytes, out IntPtr buffer);
                if (status != 0) throw Failure("could not get audio buffers", status);
                status = CoreAudioNative.AudioQueueEnqueueBuffer(_queue, buffer, 0, IntPtr.Zero);
                if (status != 0) throw Failure("could not queue audio buffers", status);
            }
        }

        public void Start()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(AudioQueueCaptureStream));
            Volatile.Write(ref _lastDataTick, Environment.TickCount);
            _started = true;
            int status = _calls.Start(_queue);
            if (status != 0)
            {
                _started = false;
                throw PermissionAware(new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Could not start capturing from '{_deviceName}': {OSStatusText.Describe(status)}. If macOS denied microphone access, allow your terminal app (Terminal, iTerm2, Visual Studio Code) in System Settings > Privacy & Security > Microphone, then restart it.",
                    _deviceName));
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (buffer is null) throw new ArgumentNullException(nameof(buffer));
            if (count < Format.BlockAlign || Volatile.Read(ref _disposed) != 0) return 0;
            int read = _ring.Read(buffer, offset, count, ReadWait);
            if (read > 0) return read;
            if (_lostReason is not null) throw Lost();
            if (_started && !_stopping) CheckAlive();
            return 0;
        }

        /// <summary>
        /// A queue on an unplugged device may just fall silent: after half a second without a buffer,
        /// ask the HAL whether the device is alive and the queue whether it still runs.
        /// </summary>
        private void CheckAlive()
        {
            int now = Environment.TickCount;
            if (unchecked(now - Volatile.Read(ref _lastDataTick)) < LivenessCheckMilliseconds) return;
            if (unchecked(now - _lastCheckTick) < LivenessCheckMilliseconds) return;
            _lastCheckTick = now;

            int status = _calls.IsDeviceAlive(_deviceId, out bool alive);
            if (status != 0) MarkLost(OSStatusText.Describe(status));
            else if (!alive) MarkLost("CoreAudio reports the device is no longer alive");
            else if (_calls.IsRunning(_queue, out bool running) == 0 && !running) MarkLost("the audio queue stopped running");

            if (_lostReason is not null) throw Lost();
        }

        private static void OnInput(IntPtr userData, IntPtr queue, IntPtr buffer, IntPtr startTime, uint packetDescriptionCount, IntPtr packetDescriptions)
        {
            try
            {
                if (GCHandle.FromIntPtr(userData).Target is AudioQueueCaptureStream stream) stream.Deliver(queue, buffer);
            }
            catch
            {
                // Nothing may unwind into AudioToolbox's thread: that would kill the process.
            }
        }

        /// <summary>One filled AudioQueueBuffer: copy it out, hand it back to the queue.</summary>
        internal void Deliver(IntPtr queue, IntPtr buffer)
        {
            IntPtr data = Marshal.ReadIntPtr(buffer, MacAudioFormats.AudioQueueBufferDataOffset(IntPtr.Size));
            int size = Marshal.ReadInt32(buffer, MacAudioFormats.AudioQueueBufferByteSizeOffset(IntPtr.Size));
            if (size > 0 && data != IntPtr.Zero)
            {
                if (_scratch.Length < size) _scratch = new byte[size]; // only this callback thread touches it
                Marshal.Copy(data, _scratch, 0, size);
                if (_ring.Write(_scratch, 0, size) > 0) Interlocked.Increment(ref _overruns);
                Volatile.Write(ref _lastDataTick, Environment.TickCount);
            }
            if (_stopping) return; // stopping: let the queue keep the buffer and free it on dispose
            int status = _calls.Enqueue(queue, buffer);
            if (status != 0 && !_stopping) MarkLost(OSStatusText.Describe(status));
        }

        private static void OnRunningChanged(IntPtr userData, IntPtr queue, uint propertyId)
        {
            try
            {
                if (!(GCHandle.FromIntPtr(userData).Target is AudioQueueCaptureStream stream)) return;
                stream.RunningChanged(queue);
            }
            catch
            {
                // As in OnInput: never unwind into native code.
            }
        }

        /// <summary>kAudioQueueProperty_IsRunning changed: a drop to 0 we did not ask for means the device went away.</summary>
        internal void RunningChanged(IntPtr queue)
        {
            if (!_started || _stopping) return;
            if (_calls.IsRunning(queue, out bool running) == 0 && !running && !_stopping) MarkLost("the audio queue stopped running");
        }

        private void MarkLost(string reason)
        {
            if (_lostReason is null) _lostReason = reason;
            _ring.Complete(); // wake a waiting Read now rather than after its timeout
        }

        private SttException Lost() =>
            new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"'{_deviceName}' stopped delivering audio: it was unplugged or disabled ({_lostReason}).", _deviceName);

        private SttException Failure(string what, int status) =>
            PermissionAware(new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"The CoreAudio capture device '{_deviceName}' {what}: {OSStatusText.Describe(status)}.", _deviceName),
                status == KnownStatus.QueuePermissions || status == KnownStatus.DevicePermissions);

        private static SttException PermissionAware(SttException exception, bool permissionProblem = true)
        {
            if (permissionProblem)
            {
                exception.RecommendedAction = "Allow your terminal app in System Settings > Privacy & Security > Microphone, restart it, and try again.";
            }
            return exception;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stopping = true;
            IntPtr queue = _queue;
            _queue = IntPtr.Zero;
            bool released = true;
            if (queue != IntPtr.Zero)
            {
                try
                {
                    if (_listening) _calls.RemoveRunningListener(queue, RunningListenerPointer, GCHandle.ToIntPtr(_self));
                    _calls.StopAndDispose(queue);
                }
                catch
                {
                    released = false; // the queue may still call back: keep the handle valid (a small leak beats a crash)
                }
            }
            _ring.Complete();
            if (released && _self.IsAllocated) _self.Free();
        }

        /// <summary>The OSStatus values the stream reacts to.</summary>
        private static class KnownStatus
        {
            public const int InvalidDevice = -66680; // kAudioQueueErr_InvalidDevice
            public const int QueuePermissions = -66676; // kAudioQueueErr_Permissions
            public const int BadDevice = 0x21646576; // '!dev'
            public const int BadObject = 0x216F626A; // '!obj'
            public const int DevicePermissions = 0x21686F67; // '!hog'
        }
    }
}
