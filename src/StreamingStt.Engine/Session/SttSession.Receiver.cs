// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session.Reconnect;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Session
{
    /// <summary>The receiver: provider messages become session events, and the way the connection ended is recorded first.</summary>
    public sealed partial class SttSession
    {
        private async Task ReceiveLoopAsync(SessionConnection connection)
        {
            WebSocketTransport transport = connection.Transport!;
            ISttProtocol protocol = connection.Protocol;
            var parsed = new List<ProviderMessage>(4);
            CancellationToken cancel = _cancel.Token;
            try
            {
                while (true)
                {
                    TransportMessage message = await transport.ReceiveAsync(cancel).ConfigureAwait(false);
                    connection.Watchdog.MessageReceived();
                    DateTimeOffset receivedAt = _options.Clock.UtcNow;
                    if (message.Kind == TransportMessageKind.Close)
                    {
                        if (TryHandOverAfterClose(connection, message.CloseStatus, message.CloseReason)) return;
                        parsed.Clear();
                        protocol.Flush(receivedAt, parsed);
                        await DeliverAsync(parsed, connection).ConfigureAwait(false);
                        OnClose(connection, message.CloseStatus, message.CloseReason);
                        return;
                    }
                    if (message.Kind == TransportMessageKind.Binary)
                    {
                        Debug($"{Provider} sent a {message.Binary!.Length}-byte binary message; ignored.");
                        continue;
                    }

                    parsed.Clear();
                    protocol.Parse(message.Text!, receivedAt, parsed);
                    if (await DeliverAsync(parsed, connection).ConfigureAwait(false))
                    {
                        // The provider acknowledged the end: every turn is in. Close our side; the
                        // server's close frame (or its absence) changes nothing now.
                        await transport.CloseAsync(1000, "done", CancellationToken.None).ConfigureAwait(false);
                        await DrainCloseAsync(transport).ConfigureAwait(false);
                        return;
                    }
                }
            }
            catch (SttException ex) when (!cancel.IsCancellationRequested)
            {
                // The runner dropped the connection after a stop timeout; it flushes the open turn itself.
                if (Volatile.Read(ref _stopTimedOut) != 0) return;
                // A stall is found by the watchdog, which drops the socket: the drop is its consequence.
                SttException cause = connection.StallError ?? ex;
                if (TryHandOver(connection, cause)) return;
                // Recorded before anything that can yield: the sender, failing on the same dead socket, must
                // not get its consequence in first (an oversized message is TooLarge, never ConnectionLost).
                // A connection that drops after the provider acknowledged the end lost nothing.
                if (!(cause.Kind == SttErrorKind.ProviderConnectionLost && _terminationReceived)) RecordFailure(cause);
                await FlushOpenTurnsAsync(connection).ConfigureAwait(false);
            }
            finally
            {
                if (!connection.HandedOver && IsCurrent(connection)) Volatile.Write(ref _receiverEnded, 1);
            }
        }

        // Waits briefly for the server's close frame so the close status can be reported.
        private async Task DrainCloseAsync(WebSocketTransport transport)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    TransportMessage message = await transport.ReceiveAsync(timeout.Token).ConfigureAwait(false);
                    if (message.Kind == TransportMessageKind.Close)
                    {
                        lock (_gate)
                        {
                            _closeStatus = message.CloseStatus;
                            _closeReason = message.CloseReason;
                        }
                        Verbose($"{Provider} closed the connection ({message.CloseStatus} {message.CloseReason}).");
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is SttException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is System.Net.WebSockets.WebSocketException)
            {
                // After Termination nothing more is expected; a missing close frame is harmless.
            }
        }

        private void OnClose(SessionConnection connection, int? status, string? reason)
        {
            WebSocketTransport transport = connection.Transport!;
            bool stopRequested;
            lock (_gate)
            {
                _closeStatus = status;
                _closeReason = reason;
                stopRequested = _stopMessageSent;
            }
            Verbose($"{Provider} closed the connection ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}).");
            SttException? error = connection.Protocol.DescribeClose(status, reason, stopRequested || _terminationReceived);
            if (error is not null) RecordFailure(error);
            _ = transport.CloseAsync(1000, string.Empty, CancellationToken.None);
        }

        /// <summary>Turns parsed messages into events; returns true when the provider acknowledged the end of the session.</summary>
        private async Task<bool> DeliverAsync(List<ProviderMessage> parsed, SessionConnection connection)
        {
            if (parsed.Count == 0) return false;
            // One delivery at a time against a connection switch: a retired connection's late turns are dropped
            // (the new connection hears that audio again), and nothing is delivered while the replay is chosen.
            await _deliverGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!IsCurrent(connection)) return DeliverToPendingConnection(parsed, connection);
                return await DeliverCurrentAsync(parsed, connection).ConfigureAwait(false);
            }
            finally
            {
                _deliverGate.Release();
            }
        }

        private async Task<bool> DeliverCurrentAsync(List<ProviderMessage> parsed, SessionConnection connection)
        {
            bool terminated = false;
            foreach (ProviderMessage item in parsed)
            {
                switch (item)
                {
                    case ProviderTurn providerTurn:
                        Turn turn = _timeline.Map(providerTurn.Turn, SessionId, Source);
                        if (turn.EndOfTurn) Interlocked.Increment(ref _turnCount);
                        else Interlocked.Increment(ref _partialCount);
                        await EnqueueTurnAsync(turn).ConfigureAwait(false);
                        if (turn.EndOfTurn) _link.Replay?.MarkTurnEnded(turn.EndTime);
                        break;
                    case ProviderSessionBegan began:
                        lock (_gate)
                        {
                            _sessionId = began.SessionId;
                            _expiresAt = began.ExpiresAt;
                        }
                        connection.Deadline = DeadlineFor(began.ExpiresAt);
                        Enqueue(new SessionBeganEvent(_options.Clock.UtcNow, began.SessionId, began.ExpiresAt));
                        Verbose($"{Provider} session {began.SessionId} began{(began.ExpiresAt.HasValue ? $"; it expires at {began.ExpiresAt.Value:u}" : string.Empty)}.");
                        connection.Began.TrySetResult(true);
                        break;
                    case ProviderSpeechStarted speech:
                        Enqueue(new SpeechStartedEvent(_options.Clock.UtcNow, _timeline.MapAudioTime(speech.AudioTime)));
                        break;
                    case ProviderSessionTerminated end:
                        lock (_gate)
                        {
                            _terminationReceived = true;
                            _providerAudioDuration = end.AudioDuration;
                            _providerSessionDuration = end.SessionDuration;
                        }
                        Verbose($"{Provider} acknowledged the end of the session" +
                            (end.AudioDuration.HasValue ? $" ({end.AudioDuration.Value.TotalSeconds:0.##} s of audio)." : "."));
                        terminated = true;
                        break;
                    case ProviderError providerError:
                        if (providerError.IsFatal && CanReconnect(connection, providerError.Error))
                        {
                            // The close that follows decides; a reconnect may cure this one.
                            Verbose($"{Provider} reported: {providerError.Error.Message}");
                        }
                        else if (providerError.IsFatal) RecordFailure(providerError.Error);
                        else Enqueue(new SessionFaultEvent(_options.Clock.UtcNow, providerError.Error, isTerminating: false));
                        break;
                    case ProviderWarning warning:
                        Warn(warning.Message);
                        break;
                    case ProviderInfo info:
                        Debug(info.Message);
                        break;
                }
            }
            return terminated;
        }
    }
}
