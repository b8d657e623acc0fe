// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// A source that captures in real time on its own thread (a microphone): the session waits
    /// for its audio without blocking a thread, stops it promptly, and relays its warnings.
    /// </summary>
    public interface ILiveAudioSource : IAudioSource
    {
        /// <summary>
        /// Stops capturing now (within about 100 ms). Audio already captured is still returned
        /// by Read, then Read returns 0, so the session's graceful stop sends every word.
        /// </summary>
        void StopCapture();

        /// <summary>Completes when at least <paramref name="bytes"/> are ready to Read, or the capture has ended.</summary>
        Task WaitForAudioAsync(int bytes, CancellationToken cancellationToken);

        /// <summary>Audio discarded because it could not be sent in time (oldest first).</summary>
        TimeSpan DroppedAudio { get; }

        /// <summary>Raised on the capture thread: dropped audio, a silent device, overruns. Handlers must only enqueue.</summary>
        event EventHandler<AudioSourceNoticeEventArgs>? Notice;
    }

    /// <summary>Something a person should know about the audio source.</summary>
    public sealed class AudioSourceNoticeEventArgs : EventArgs
    {
        public AudioSourceNoticeEventArgs(string message, bool isWarning)
        {
            Message = message;
            IsWarning = isWarning;
        }

        public string Message { get; }

        /// <summary>True for warnings; false for verbose narration.</summary>
        public bool IsWarning { get; }
    }
}
