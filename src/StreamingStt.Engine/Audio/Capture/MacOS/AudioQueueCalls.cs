// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>The AudioQueue/HAL calls a running stream makes; a seam so its logic is testable off macOS.</summary>
    internal interface IAudioQueueCalls
    {
        int Start(IntPtr queue);

        int Enqueue(IntPtr queue, IntPtr buffer);

        /// <summary>kAudioQueueProperty_IsRunning.</summary>
        int IsRunning(IntPtr queue, out bool running);

        /// <summary>kAudioDevicePropertyDeviceIsAlive; an error status when the device object has gone.</summary>
        int IsDeviceAlive(uint deviceId, out bool alive);

        void RemoveRunningListener(IntPtr queue, IntPtr listener, IntPtr userData);

        /// <summary>Stops and disposes the queue synchronously (no callback runs afterwards); frees its buffers.</summary>
        void StopAndDispose(IntPtr queue);
    }

    internal sealed class NativeAudioQueueCalls : IAudioQueueCalls
    {
        public static readonly NativeAudioQueueCalls Instance = new NativeAudioQueueCalls();

        public int Start(IntPtr queue) => CoreAudioNative.AudioQueueStart(queue, IntPtr.Zero);

        public int Enqueue(IntPtr queue, IntPtr buffer) => CoreAudioNative.AudioQueueEnqueueBuffer(queue, buffer, 0, IntPtr.Zero);

        public int IsRunning(IntPtr queue, out bool running)
        {
            uint size = 4;
            int status = CoreAudioNative.AudioQueueGetProperty(queue, CoreAudioNative.kAudioQueueProperty_IsRunning, out uint value, ref size);
            running = value != 0;
            return status;
        }

        public int IsDeviceAlive(uint deviceId, out bool alive)
        {
            int status = CoreAudioCaptureBackend.ReadUInt32(deviceId, CoreAudioNative.kAudioDevicePropertyDeviceIsAlive,
                CoreAudioNative.kAudioObjectPropertyScopeGlobal, out uint value);
            alive = value != 0;
            return status;
        }

        public void RemoveRunningListener(IntPtr queue, IntPtr listener, IntPtr userData) =>
            _ = CoreAudioNative.AudioQueueRemovePropertyListener(queue, CoreAudioNative.kAudioQueueProperty_IsRunning, listener, userData);

        public void StopAndDispose(IntPtr queue)
        {
            // Immediate: both return only when no callback is running or will run, and dispose frees the buffers.
            // Teardown: a failure leaves nothing to retry.
            _ = CoreAudioNative.AudioQueueStop(queue, true);
            _ = CoreAudioNative.AudioQueueDispose(queue, true);
        }
    }
}
