// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session.Pacing;
using StreamingStt.Engine.Session.Reconnect;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session
{
    /// <summary>The sender: frames from the audio link, paced, to the connection, then the provider's stop message; and the keep-alive that runs beside it (a stalled source blocks the sender in its read).</summary>
    public sealed partial class SttSession
    {
        private async Task SendLoopAsync()
        {
            CancellationToken stopSending = _stopSending.Token;
            CancellationToken cancel = _cancel.Token;
            try
            {
                using (var frames = new AudioFrameReader(_source, _options.SampleRate, _options.Encoding, _options.ChunkMilliseconds))
                {
                    var frame = new byte[frames.FrameBytes];
                    double bytesPerSecond = frames.FrameBytes / frames.FrameDuration.TotalSeconds;
                    bool pace = _options.PaceRealTime && !_source.IsRealTime;
                    TimeSpan origin = _options.Clock.Elapsed;
                    TimeSpan? limit = _options.MaxAudioDuration;
                    int connectionsSeen = Volatile.Read(ref _connectionsStarted);
                    // One delegate for the whole loop: a method group passed per frame would allocate per frame.
                    Action<WebSocketTransport> frameSent = OnFrameSent;
                    int sourceBytesPerFrame = (int)Math.Ceiling(frames.FrameDuration.TotalSeconds * _source.Format.SampleRate) * _source.Format.BlockAlign;
                    // On the real clock every session waits on the one shared pacing thread (test clocks keep Delay).
                    using FramePacer? pacer = pace && _options.Clock is SystemClock
                        ? new FramePacer(_options.Pacer ?? PacingScheduler.Shared, stopSending) : null;
                    // A file's reads never wait, so they may run on the pacing thread; a pipe's may, so those move off it.
                    bool readsMayBlock = !(_source is WaveFileAudioSource);

                    while (!stopSending.IsCancellationRequested)
                    {
                        if (limit.HasValue && AudioSent >= limit.Value)
                        {
                            Verbose($"Reached the requested duration ({limit.Value}).");
                            break;
                        }
                        if (_live is not null)
                        {
                            // Wait for a frame's worth of capture without holding a thread.
                            try
                            {
                                await _live.WaitForAudioAsync(sourceBytesPerFrame, stopSending).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                            {
                                break;
                            }
                        }
                        if (readsMayBlock && pacer is not null && pacer.OnPacingThread)
                        {
                            await Task.Yield();
                        }
                        int count = frames.ReadFrame(frame);
                        if (count == 0)
                        {
                            Verbose($"End of audio from {Source}.");
                            break;
                        }
                        if (connectionsSeen != Volatile.Read(ref _connectionsStarted))
                        {
                            // A new connection heard the replay; carry on at real time from here, not in a burst.
                            connectionsSeen = Volatile.Read(ref _connectionsStarted);
                            origin = _options.Clock.Elapsed - AudioSent;
                        }
                        if (pace)
                        {
                            // Send each frame when its audio would have been captured live: the service
                            // closes sessions that run ahead of real time.
                            TimeSpan due = origin + AudioSent;
                            TimeSpan wait = due - _options.Clock.Elapsed;
                            if (wait > TimeSpan.Zero)
                            {
                                try
                                {
                                    if (pacer is not null) await pacer.WaitAsync(wait).ConfigureAwait(false);
                                    else await _options.Clock.Delay(wait, stopSending).ConfigureAwait(false);
                                }
                                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                                {
                                    break;
                                }
                            }
                        }
                        TimeSpan frameStart = AudioSent;
                        TimeSpan frameEnd = frameStart + TimeSpan.FromTicks((long)(count / bytesPerSecond * TimeSpan.TicksPerSecond));
                        await _link.SendAsync(frame, count, frameStart, frameEnd, frameSent, cancel).ConfigureAwait(false);
                        Interlocked.Add(ref _bytesSent, count);
                        Interlocked.Increment(ref _framesSent);
                        Volatile.Write(ref _lastSendTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
                        Interlocked.Add(ref _audioSentTicks, (frameEnd - frameStart).Ticks);
                    }
                }
            }
            catch (SttException ex) when (!cancel.IsCancellationRequested)
            {
                // A lost connection is the receiver's to report: it sees the same drop with its cause (a close code, a
                // late pong, a stall), which a failed send cannot know. Noted, and the connection dropped so the
                // receiver ends now.
                if (ex.Kind == SttErrorKind.ProviderConnectionLost)
                {
                    NoteSendFailure(ex);
                    return;
                }
                // Audio errors end the session, but turns already received are still delivered first.
                RecordFailure(ex);
            }
            finally
            {
                // Whatever ended the sending (duration, stop, an error), the microphone stops now.
                _live?.StopCapture();
            }

            // Nothing to stop when the provider already ended the session (error, expiry, its own close).
            if (cancel.IsCancellationRequested || Volatile.Read(ref _receiverEnded) != 0) return;
            if (Error is not null && !EndsAudioOnly(Error.Kind))
            {
                return;
            }
            SetState(SttSessionState.Stopping);
            try
            {
                // Through the link: a reconnect under way delivers the stop message to the new connection.
                await _link.SendControlAsync(transport => StopMessageFor(transport), () => { lock (_gate) _stopMessageSent = true; }, cancel).ConfigureAwait(false);
                Verbose($"Sent the stop request to {Provider}; waiting up to {_options.StopTimeout.TotalSeconds:0.#} s for the last turns.");
            }
            catch (SttException ex) when (!cancel.IsCancellationRequested)
            {
                // The provider may have closed already (it ended the session first); that close explains it.
                NoteSendFailure(ex);
            }
        }

        // Failures of the audio source end the audio, not the provider session: its graceful stop still
        // delivers the words already sent (a file cut short, a microphone unplugged mid-sentence).
        private static bool EndsAudioOnly(SttErrorKind kind) =>
            kind == SttErrorKind.AudioReadFailed || kind == SttErrorKind.AudioFileCorrupt || kind == SttErrorKind.AudioFormatNotSupported
            || kind == SttErrorKind.AudioDeviceUnavailable || kind == SttErrorKind.AudioDeviceNotFound;

        // ---- keep-alive ----------------------------------------------------------------------

        // Runs beside the sender: a source that stalls (a paused pipe) blocks the sender in its
        // read, so the keep-alive cannot live in the send loop itself.
        private async Task KeepAliveLoopAsync(SessionConnection connection, CancellationToken stop)
        {
            WebSocketTransport transport = connection.Transport!;
            string? keepAlive = connection.Protocol.CreateKeepAliveMessage();
            TimeSpan interval = _options.KeepAliveInterval;
            if (keepAlive is null || interval <= TimeSpan.Zero) return;
            TimeSpan tick = interval < TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(tick, stop).ConfigureAwait(false);
                    long idleTicks = System.Diagnostics.Stopwatch.GetTimestamp() - Volatile.Read(ref _lastSendTimestamp);
                    if (idleTicks < interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) continue;
                    if (State != SttSessionState.Streaming || Volatile.Read(ref _receiverEnded) != 0) return;
                    Debug($"No audio for {interval.TotalSeconds:0.#} s; sent a keep-alive to {Provider}.");
                    await SendControlAsync(transport, keepAlive).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException)
            {
            }
        }
    }
}
