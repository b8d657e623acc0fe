// Copyright (c) StreamingStt contributors. MIT License.
// PLACEHOLDER: replaced by the backend's implementation in this change.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    internal sealed class AlsaCaptureBackend : IAudioCaptureBackend
    {
        public string Name => "ALSA";

        public bool IsAvailable => false;

        public IReadOnlyList<AudioDevice> ListDevices() => throw new NotSupportedException();

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request) => throw new NotSupportedException();
    }
}
