// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>
    /// Audio from any file ffmpeg can read (MP3, FLAC, Ogg/Opus, M4A/AAC, WebM, video with sound):
    /// an ffmpeg child process decodes the first audio stream to 32-bit float WAV on its stdout, at
    /// the file's own rate and channel count (the shared AudioFrameReader mixes and resamples).
    /// </summary>
    internal sealed class FfmpegAudioSource : IAudioSource
    {
        // ffmpeg has described its input long before the first audio byte; this only covers the
        // stderr thread catching up, so a slow machine loses the percentage, never the audio.
        private static readonly TimeSpan DescriptionWait = TimeSpan.FromMilliseconds(500);

        // After stdout ends ffmpeg is exiting; it only flushes stderr and closes files.
        private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

        private readonly Process _process;
        private readonly Stream _stdout;
        private readonly Thread _stderrThread;
        private readonly FfmpegStderrLog _log;
        private readonly BlockAlignedStreamReader _reader;
        private SttException? _failure;
        private bool _ended;
        private int _disposed;

        private FfmpegAudioSource(string fullPath, string ffmpegPath, Process process, Thread stderrThread, FfmpegStderrLog log, AudioFormat format)
        {
            Name = fullPath;
            FfmpegPath = ffmpegPath;
            Format = format;
            _process = process;
            _stdout = process.StandardOutput.BaseStream;
            _stderrThread = stderrThread;
            _log = log;
            _reader = new BlockAlignedStreamReader(_stdout, format.BlockAlign, fullPath);
            ProcessId = process.Id;
        }

        /// <summary>The full path of the file.</summary>
        public string Name { get; }

        /// <summary>The ffmpeg executable that decodes it.</summary>
        public string FfmpegPath { get; }

        /// <summary>The file's own rate and channels, as 32-bit float samples.</summary>
        public AudioFormat Format { get; }

        /// <summary>The length ffmpeg reports for the file; null when it reports none.</summary>
        public TimeSpan? Duration { get; private set; }

        public bool IsRealTime => false;

        internal int ProcessId { get; }

        /// <summary>
        /// Starts ffmpeg on the file and reads the format of its output. Throws <see cref="SttException"/>:
        /// AudioFileNotFound, AudioFormatNotSupported (ffmpeg not found or cannot start, no audio
        /// stream, unknown codec), AudioFileCorrupt (ffmpeg cannot read the file), OptionInvalid
        /// (an ffmpeg path that does not exist).
        /// </summary>
        public static FfmpegAudioSource Open(string path, FfmpegOptions? options = null)
        {
            string fullPath = AudioFileOpener.ResolveExistingFile(path);
            return Start(fullPath, FfmpegLocator.Find(options?.ExecutablePath));
        }

        /// <summary>Starts decoding <paramref name="fullPath"/> with <paramref name="ffmpegPath"/> (null: ffmpeg was not found).</summary>
        internal static FfmpegAudioSource Start(string fullPath, string? ffmpegPath)
        {
            if (ffmpegPath == null)
            {
                throw new SttException(SttErrorKind.AudioFormatNotSupported,
                    $"StreamingStt decodes '{fullPath}' with ffmpeg, which was not found on PATH: {FfmpegLocator.InstallHint}", fullPath)
                {
                    RecommendedAction = $"Install ffmpeg, or set the {FfmpegLocator.EnvironmentVariable} environment variable to its path.",
                };
            }

            var startInfo = new ProcessStartInfo(ffmpegPath, FfmpegCommandLine.Join(Arguments(fullPath)))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardErrorEncoding = Encoding.UTF8,
            };
            var process = new Process { StartInfo = startInfo };
            try
            {
                process.Start();
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is PlatformNotSupportedException || ex is IOException)
            {
                process.Dispose();
                throw new SttException(SttErrorKind.AudioFormatNotSupported,
                    $"Cannot start ffmpeg ('{ffmpegPath}') to decode '{fullPath}': {ex.Message}", fullPath, ex)
                {
                    RecommendedAction = "Check that the ffmpeg path is an ffmpeg executable this account may run.",
                };
            }

            var log = new FfmpegStderrLog();
            Thread stderrThread;
            try
            {
                // ffmpeg must not wait for keyboard input; -nostdin already says so, EOF makes sure.
                TryClose(process.StandardInput);
                stderrThread = new Thread(() => Drain(process.StandardError, log))
                {
                    IsBackground = true,
                    Name = "ffmpeg stderr",
                };
                stderrThread.Start();
            }
            catch
            {
                Kill(process);
                process.Dispose();
                log.Dispose();
                throw;
            }

            try
            {
                WaveFileLayout layout = ReadHeader(process, stderrThread, log, fullPath);
                var source = new FfmpegAudioSource(fullPath, ffmpegPath, process, stderrThread, log, layout.Format);
                log.WaitForInputDescription(DescriptionWait);
                source.Duration = log.Duration;
                return source;
            }
            catch
            {
                Kill(process);
                process.Dispose();
                log.Dispose();
                throw;
            }
        }

        internal static string[] Arguments(string fullPath) => new[]
        {
            "-nostdin", "-hide_banner", "-nostats",
            // "level" tags every line with its severity: errors are told apart from the stream
            // description, whose Duration line gives the length.
            "-loglevel", "level+info",
            // "file:" stops ffmpeg from reading a path such as "http:x" or "a|b" as a protocol.
            "-i", "file:" + fullPath,
            "-vn", "-sn", "-dn", "-map", "0:a:0",
            // Float keeps lossy decoders' peaks above full scale (16-bit would clip them) and 24-bit sources exact.
            "-c:a", "pcm_f32le",
            "-f", "wav", "-",
        };

        /// <summary>Reads whole sample blocks; returns 0 at the end; throws when ffmpeg failed, after all the audio it produced.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(FfmpegAudioSource));
            if (_failure != null) throw _failure;
            if (_ended) return 0;

            int read;
            try
            {
                read = _reader.Read(buffer, offset, count);
            }
            catch (SttException ex) when (ex.Kind == SttErrorKind.AudioReadFailed)
            {
                if (IsDisposed) return 0;
                // A broken pipe usually means ffmpeg died: its own words explain more than the I/O error.
                _failure = ExitFailure(producedAudio: true, inner: ex) ?? ex;
                throw _failure;
            }
            if (read > 0)
            {
                return read;
            }
            if (IsDisposed)
            {
                // Disposed from another thread while this read waited: the end, not an ffmpeg failure.
                return 0;
            }
            _ended = true;
            _failure = ExitFailure(producedAudio: true, inner: null);
            if (_failure != null) throw _failure;
            return 0;
        }

        /// <summary>Stops ffmpeg if it is still running. Idempotent; never throws.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            Kill(_process);
            try
            {
                _stdout.Dispose();
            }
            catch (IOException)
            {
                // Closing a pipe whose writer was killed; nothing left to release.
            }
            _process.Dispose();
            // The stderr thread ends with the pipe; it only touches the log, which tolerates disposal.
            if (_stderrThread.Join(TimeSpan.FromSeconds(1)))
            {
                _log.Dispose();
            }
        }

        public override string ToString() => $"{Name} ({Format}, ffmpeg)";

        private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        private static WaveFileLayout ReadHeader(Process process, Thread stderrThread, FfmpegStderrLog log, string fullPath)
        {
            try
            {
                return WaveFileParser.Parse(process.StandardOutput.BaseStream, fullPath);
            }
            catch (SttException ex)
            {
                // No usable header: ffmpeg failed before writing audio (unreadable file, no audio stream).
                SttException? failure = ExitFailure(process, stderrThread, log, fullPath, producedAudio: false, inner: ex);
                if (failure != null) throw failure;
                throw new SttException(SttErrorKind.AudioFileCorrupt,
                    $"ffmpeg produced no usable audio for '{fullPath}': {ex.Message} ffmpeg said: {FfmpegFailure.Quote(log.Messages())}", fullPath, ex);
            }
        }

        private SttException? ExitFailure(bool producedAudio, Exception? inner) =>
            ExitFailure(_process, _stderrThread, _log, Name, producedAudio, inner);

        /// <summary>Waits for ffmpeg to exit; the error to report when it failed, else null.</summary>
        private static SttException? ExitFailure(Process process, Thread stderrThread, FfmpegStderrLog log, string fullPath, bool producedAudio, Exception? inner)
        {
            bool exited;
            try
            {
                exited = process.WaitForExit((int)ExitWait.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception)
            {
                return null;
            }
            if (!exited)
            {
                Kill(process);
                return new SttException(SttErrorKind.AudioReadFailed,
                    $"ffmpeg closed its output for '{fullPath}' but did not exit within {ExitWait.TotalSeconds:0} s; it was stopped.", fullPath, inner);
            }
            // All of stderr, so the message quotes ffmpeg's last words.
            stderrThread.Join(ExitWait);
            int exitCode = process.ExitCode;
            return exitCode == 0 ? null : FfmpegFailure.FromExit(fullPath, exitCode, log.Messages(), producedAudio, inner);
        }

        private static void Drain(StreamReader stderr, FfmpegStderrLog log)
        {
            try
            {
                string? line;
                while ((line = stderr.ReadLine()) != null)
                {
                    log.Add(line);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // The source was disposed and the pipe closed under us: nothing more to read.
            }
            finally
            {
                log.Complete();
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    // Reap it now so "disposed" means "gone", not "going".
                    process.WaitForExit(2000);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception || ex is NotSupportedException)
            {
                // Already exited (or never started): nothing to stop.
            }
        }

        private static void TryClose(StreamWriter writer)
        {
            try
            {
                writer.Dispose();
            }
            catch (IOException)
            {
                // ffmpeg already exited (e.g. it could not open the file): its pipe is gone.
            }
        }
    }
}
