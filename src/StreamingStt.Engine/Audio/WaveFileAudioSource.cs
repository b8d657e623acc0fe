// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Audio from a WAV file (RIFF/WAVE, also RF64/BW64): PCM 8/16/24/32-bit, IEEE float 32/64-bit,
    /// G.711 A-law and µ-law, plain or WAVE_FORMAT_EXTENSIBLE, any channel count and sample rate.
    /// The file is opened with FileShare.ReadWrite so a file still being recorded can be read; when
    /// its header has no usable data size the samples are read to the end of the file.
    /// </summary>
    public sealed class WaveFileAudioSource : IAudioSource, IAudioSourceWarnings
    {
        private readonly FileStream _stream;
        private readonly BlockAlignedStreamReader _reader;
        private bool _disposed;

        private WaveFileAudioSource(string fullPath, FileStream stream, WaveFileLayout layout)
        {
            Name = fullPath;
            _stream = stream;
            Format = layout.Format;
            DataLength = layout.DataLength;
            if (layout.KnownDataBytes.HasValue)
            {
                long frames = layout.KnownDataBytes.Value / layout.Format.BlockAlign;
                Duration = AudioTime.FromSamples(frames, layout.Format.SampleRate);
            }
            _reader = new BlockAlignedStreamReader(stream, layout.Format.BlockAlign, fullPath, layout.DataLength);
            if (layout.MissingDataBytes.HasValue)
            {
                long blockBytes = (long)layout.Format.BlockAlign * layout.Format.SampleRate;
                MissingAudio = TimeSpan.FromTicks((long)(layout.MissingDataBytes.Value * (double)TimeSpan.TicksPerSecond / blockBytes));
                TimeSpan present = Duration ?? TimeSpan.Zero;
                Warnings = new[]
                {
                    string.Format(CultureInfo.InvariantCulture,
                        "'{0}' is shorter than its header says: it should hold {1:0.0} s of audio but ends after {2:0.0} s, so the last {3:0.0} s are missing (the file is truncated or still being written). The audio that is there is sent.",
                        fullPath, (present + MissingAudio.Value).TotalSeconds, present.TotalSeconds, MissingAudio.Value.TotalSeconds),
                };
            }
        }

        /// <summary>Audio the header declares beyond the end of the file (a truncated copy), or null.</summary>
        public TimeSpan? MissingAudio { get; }

        /// <summary>What was wrong but readable when the file was opened: a truncated file (see <see cref="MissingAudio"/>).</summary>
        public IReadOnlyList<string> Warnings { get; } = Array.Empty<string>();

        /// <summary>The full path of the file.</summary>
        public string Name { get; }

        public AudioFormat Format { get; }

        /// <summary>Length of the audio the file held when it was opened.</summary>
        public TimeSpan? Duration { get; }

        public bool IsRealTime => false;

        /// <summary>Bytes of samples the header declares, or -1 when they are read to the end of the file.</summary>
        public long DataLength { get; }

        /// <summary>
        /// Opens a WAV file and reads its header. Throws <see cref="SttException"/>:
        /// AudioFileNotFound, AudioFileCorrupt, AudioFormatNotSupported or AudioReadFailed.
        /// </summary>
        public static WaveFileAudioSource Open(string path)
        {
            string fullPath = AudioFilePath.Resolve(path);

            FileStream stream;
            try
            {
                stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SttException(SttErrorKind.AudioFileNotFound, $"The audio file '{fullPath}' does not exist.", fullPath, ex)
                {
                    RecommendedAction = "Check the path; relative paths are resolved against the current directory.",
                };
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                throw new SttException(SttErrorKind.AudioReadFailed, $"Cannot open '{fullPath}': {ex.Message}", fullPath, ex);
            }

            try
            {
                WaveFileLayout layout = WaveFileParser.Parse(stream, fullPath);
                return new WaveFileAudioSource(fullPath, stream, layout);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Reads whole sample blocks; returns 0 at the end of the audio.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(WaveFileAudioSource));
            return _reader.Read(buffer, offset, count);
        }

        public void Dispose()
        {
            _disposed = true;
            _stream.Dispose();
        }

        public override string ToString() => $"{Name} ({Format})";
    }
}
