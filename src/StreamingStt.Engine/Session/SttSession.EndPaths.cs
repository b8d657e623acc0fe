// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session.Reconnect;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// How a session ends: every path (abort, fault, cancel, stop timeout, provider close, oversized message) ends it
    /// exactly once, with the first cause's error, after the turns received before it.
    /// </summary>
    /// <remarks>
    /// The rules, and why:
    /// <list type="bullet">
    /// <item>The receiver is the authority on why the connection ended (close frame, drop, oversized message); it
    /// records that cause before anything that can yield. A send that fails on the same dead socket is a consequence:
    /// it is noted apart (<see cref="NoteSendFailure"/>) and used only when nothing else explains the end.</item>
    /// <item>The end can never be skipped: a loop's unexpected exception is recorded, a failing Dispose is swallowed,
    /// and a runner that fails anyway still ends the session (<see cref="EndIfRunnerFails"/>).</item>
    /// <item>A stop timeout drops the connection and delivers the open turn as it stood, with a warning; a
    /// provider that ends the session on its own says how much audio was not transcribed.</item>
    /// </list>
    /// </remarks>
    public sealed partial class SttSession
    {
        // A send failed because the connection is gone: the end's cause only if the receiver saw nothing better.
        private SttException? _sendFailure;

        // Set before the runner drops the connection after a stop timeout: the receiver's failure is then ours.
        private int _stopTimedOut;

        /// <summary>The error the session ends with: the first recorded cause, else a send failure nothing explains.</summary>
        // Called under _gate.
        private SttException? ChooseEndError()
        {
            if (_error is not null) return _error;
            bool explained = _closeStatus.HasValue || _terminationReceived || Volatile.Read(ref _stopTimedOut) != 0;
            return explained ? null : _sendFailure;
        }

        /// <summary>
        /// The sender cannot send: the connection is gone (or we closed it after the provider's close). Note it, and
        /// drop the connection so the receiver ends now and reports the cause it saw.
        /// </summary>
        private void NoteSendFailure(SttException failure)
        {
            bool closeSeen;
            lock (_gate)
            {
                _sendFailure ??= failure;
                closeSeen = _closeStatus.HasValue;
            }
            // After the provider's close the receiver is done and our close handshake is under way: leave it be.
            if (!closeSeen && Volatile.Read(ref _receiverEnded) == 0) Current.Transport?.Abort();
        }

        /// <summary>
        /// The provider did not acknowledge the stop in time: drop the connection, then deliver the finalised text of
        /// the open turn as an end-of-turn turn (as a dropped connection does), and warn that it may be incomplete.
        /// </summary>
        private async Task EndAfterStopTimeoutAsync(SessionConnection connection, Task receiver)
        {
            lock (_gate) _endReason = SessionEndReason.StopTimedOut;
            Volatile.Write(ref _stopTimedOut, 1);
            connection.Transport?.Abort();
            await ObserveAsync(receiver).ConfigureAwait(false);
            List<Turn> flushed = await FlushOpenTurnsAsync(connection).ConfigureAwait(false);
            string timeout = _options.StopTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            Warn(flushed.Count == 0
                ? $"{Provider} did not finish within {timeout} s of the stop request; the connection was dropped and the last turn may be missing."
                : $"{Provider} did not finish within {timeout} s of the stop request; the connection was dropped and the last turn was ended as it stood (\"{Shorten(flushed[flushed.Count - 1].Transcript)}\"): it may be incomplete.");
        }

        /// <summary>Delivers the turns the protocol still holds, ended now; returns the end-of-turn ones. Only after the receiver stopped, or on it.</summary>
        private async Task<List<Turn>> FlushOpenTurnsAsync(SessionConnection connection)
        {
            var parsed = new List<ProviderMessage>(2);
            var ended = new List<Turn>(1);
            try
            {
                connection.Protocol.Flush(_options.Clock.UtcNow, parsed);
            }
            catch (SttException ex)
            {
                RecordFailure(ex);
                return ended;
            }
            foreach (ProviderMessage item in parsed)
            {
                if (item is ProviderTurn { Turn: { EndOfTurn: true } turn }) ended.Add(turn);
            }
            await DeliverAsync(parsed, connection).ConfigureAwait(false);
            return ended;
        }

        /// <summary>
        /// The provider ended the session on its own (a normal close before our stop request, or without
        /// acknowledging it): say so, with how much audio was not transcribed, because nothing else would.
        /// </summary>
        private void WarnProviderEndedEarly()
        {
            int? status;
            string? reason;
            bool stopSent;
            lock (_gate)
            {
                status = _closeStatus;
                reason = _closeReason;
                stopSent = _stopMessageSent;
            }
            string close = status.HasValue
                ? "close " + status.Value.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrWhiteSpace(reason) ? string.Empty : " " + reason!.Trim())
                : "no close status";
            TimeSpan sent = AudioSent;
            if (stopSent)
            {
                Warn($"{Provider} ended the session ({close}) without confirming the end of the audio: all {Seconds(sent)} s were sent, but the turns after the last one received may be missing.");
                return;
            }
            TimeSpan? total = IntendedAudio();
            if (total.HasValue && total.Value - sent > TimeSpan.FromMilliseconds(1))
            {
                Warn($"{Provider} ended the session early ({close}) after {Seconds(sent)} s of audio: {Seconds(total.Value - sent)} s of the {Seconds(total.Value)} s source were not sent and are not transcribed.");
            }
            else if (total.HasValue)
            {
                Warn($"{Provider} ended the session ({close}) before the stop request, after all {Seconds(sent)} s of audio were sent: the turns after the last one received may be missing.");
            }
            else
            {
                Warn($"{Provider} ended the session early ({close}) after {Seconds(sent)} s of audio: the audio after that was not transcribed.");
            }
        }

        // How much audio the session meant to send: the source, cut to MaxAudioDuration; null when unknown (live, pipes).
        private TimeSpan? IntendedAudio()
        {
            if (_live is not null) return null;
            TimeSpan? duration = _source.Duration;
            TimeSpan? limit = _options.MaxAudioDuration;
            if (duration.HasValue && limit.HasValue && limit.Value < duration.Value) return limit;
            return duration;
        }

        private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

        private static string Shorten(string? text)
        {
            const int max = 60;
            text ??= string.Empty;
            return text.Length <= max ? text : "…" + text.Substring(text.Length - max + 1);
        }

        private SttException UnexpectedFailure(Exception ex) =>
            ex as SttException ?? new SttException(SttErrorKind.ProviderError, "The session failed unexpectedly: " + ex.Message, Source, ex);

        private static void ReleaseQuietly(IDisposable? resource)
        {
            try
            {
                resource?.Dispose();
            }
            catch (Exception)
            {
                // Releasing is best effort; the session's end must still be reported.
            }
        }

        /// <summary>
        /// The last guard: should the runner ever fail in a way nothing above caught, the session still ends
        /// (Failed, with the bug as its error), so no consumer waits forever.
        /// </summary>
        private void EndIfRunnerFails(Task runner)
        {
            runner.ContinueWith(t =>
            {
                Exception failure = t.Exception?.GetBaseException() ?? new InvalidOperationException("The session runner was cancelled.");
                RecordFailure(UnexpectedFailure(failure));
                Finish(SessionEndReason.Failed, SttSessionState.Failed, Error);
            }, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
