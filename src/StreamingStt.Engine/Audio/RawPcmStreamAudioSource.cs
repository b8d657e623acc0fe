// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Headerless interleaved samples from any readable stream (stdin, a pipe, a socket) in a format
    /// the caller declares. Copes with streams that return a few bytes at a time: reads return whole
    /// sample blocks only, and a partial block waits for the rest.
    /// </summary>
    public sealed class RawPcmStreamAudioSource : IAudioSource
    {
        private readonly Stream _stream;
        private readonly bool _leaveOpen;
        private readonly BlockAlignedStreamReader _reader;
        private bool _disposed;

        public RawPcmStreamAudioSource(Stream stream, AudioFormat format, string name, bool leaveOpen = false)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            Format = format ?? throw new ArgumentNullException(nameof(format));
            if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
            Name = string.IsNullOrEmpty(name) ? "stream" : name;
            _leaveOpen = leaveOpen;
            Duration = RemainingDuration(stream, format);
            _reader = new BlockAlignedStreamReader(stream, format.BlockAlign, Name);
        }

        public string Name { get; }

        public AudioFormat Format { get; }

        /// <summary>The audio from the stream's position to its end when it can seek; otherwise null.</summary>
        public TimeSpan? Duration { get; }

        public bool IsRealTime => false;

        /// <summary>Reads whole sample blocks; returns 0 at the end of the stream.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(RawPcmStreamAudioSource));
            return _reader.Read(buffer, offset, count);
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }

        public override string ToString() => $"{Name} ({Format})";

        private static TimeSpan? RemainingDuration(Stream stream, AudioFormat format)
        {
            if (!stream.CanSeek)
            {
                return null;
            }
            try
            {
                long bytes = Math.Max(0, stream.Length - stream.Position);
                return AudioTime.FromSamples(bytes / format.BlockAlign, format.SampleRate);
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is IOException)
            {
                return null;
            }
        }
    }
}
