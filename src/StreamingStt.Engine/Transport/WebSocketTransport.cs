// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Transport
{
    /// <summary>
    /// A provider connection over System.Net.WebSockets.ClientWebSocket: custom headers, connect
    /// timeout, whole-message reassembly with a size limit, serialised sends (audio and control
    /// messages come from different tasks), and the close code/reason surfaced.
    /// </summary>
    internal sealed class WebSocketTransport : IDisposable
    {
        private static readonly Regex StatusInMessage = new Regex(@"status code '(\d{3})'", RegexOptions.CultureInvariant);

        private readonly ClientWebSocket _socket;
        private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        private readonly int _maxMessageBytes;
        private readonly string _endpointForMessages;
        private byte[] _receiveBuffer;
        private int _disposed;

        /// <summary>
        /// The receive buffer a connection starts with. Providers' messages are mostly under 1 KiB (a long final Turn
        /// with its words a few KiB); the buffer doubles when one does not fit, up to the message limit, and keeps that
        /// size. Every session holds its buffer all the time (a receive is always pending), so this is paid per session.
        /// </summary>
        internal const int InitialReceiveBufferBytes = 4 * 1024;

        private WebSocketTransport(ClientWebSocket socket, int maxMessageBytes, string endpointForMessages)
        {
            _socket = socket;
            _maxMessageBytes = maxMessageBytes;
            _endpointForMessages = endpointForMessages;
            // Never more than the limit: a message that fills a buffer of the limit's size is over it.
            _receiveBuffer = new byte[Math.Max(1, Math.Min(InitialReceiveBufferBytes, maxMessageBytes))];
        }

        /// <summary>The receive buffer's size now (for tests).</summary>
        internal int ReceiveBufferBytes => _receiveBuffer.Length;

        /// <summary>The sub-protocol the server chose, if any.</summary>
        public string? SubProtocol => _socket.SubProtocol;

        public WebSocketState State => _socket.State;

        /// <summary>
        /// True for hosts that never leave the machine; only these may use ws:// (tests, emulators).
        /// </summary>
        public static bool IsLoopback(Uri uri) => EndpointPolicy.IsLoopback(uri);

        /// <summary>
        /// Refuses endpoints that would send the key in clear text: wss:// (or https://) is required
        /// except for loopback addresses; a relative address or another scheme is OptionInvalid.
        /// </summary>
        public static void RequireSecureOrLoopback(Uri uri)
        {
            if (uri is null) throw new ArgumentNullException(nameof(uri));
            bool http = uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
            if (http) EndpointPolicy.RequireHttpEndpoint(uri, new Uri("https://stt-proxy.example.com"));
            else EndpointPolicy.RequireWebSocketEndpoint(uri, new Uri("wss://stt-proxy.example.com/v3/ws"));
        }

        /// <summary>The address this transport connected to (query included: print it through <see cref="EndpointRedactor"/>).</summary>
        public Uri ConnectedUri { get; private set; } = null!;

        /// <summary>
        /// Opens the connection; a redirect is never followed (see <see cref="EndpointPolicy.Redirected"/>).
        /// Throws SttException: OptionInvalid or TransportEndpointInsecure (the address), ProviderTimeout,
        /// ProviderConnectionFailed (ProviderCode = HTTP status when the server refused the upgrade or
        /// redirected it); OperationCanceledException when <paramref name="cancellationToken"/> is cancelled.
        /// </summary>
        public static async Task<WebSocketTransport> ConnectAsync(WebSocketConnectionOptions options, CancellationToken cancellationToken)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            EndpointPolicy.RequireWebSocketEndpoint(options.Uri, new Uri("wss://stt-proxy.example.com/v3/ws"));
            string endpoint = EndpointRedactor.WithoutQuery(options.Uri);
            var socket = new ClientWebSocket();
            try
            {
                foreach (KeyValuePair<string, string> header in options.Headers)
                {
                    socket.Options.SetRequestHeader(header.Key, header.Value);
                }
                foreach (string subProtocol in options.SubProtocols)
                {
                    socket.Options.AddSubProtocol(subProtocol);
                }
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                if (options.PingTimeout > TimeSpan.Zero && TrySetKeepAliveTimeout(socket, options.PingTimeout))
                {
                    // Ping (not the unanswered pong of older runtimes) so a server that stopped answering is noticed.
                    socket.Options.KeepAliveInterval = PingInterval;
                }
                TrySetCollectHttpResponseDetails(socket);

                using var timeout = new CancellationTokenSource(options.ConnectTimeout);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                try
                {
                    await RedirectRefusingConnector.ConnectAsync(socket, options.Uri, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SttException(SttErrorKind.ProviderTimeout,
                        $"Could not connect to '{endpoint}' within {options.ConnectTimeout.TotalSeconds:0.#} s.", endpoint);
                }
                catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested && linked.IsCancellationRequested)
                {
                    throw new SttException(SttErrorKind.ProviderTimeout,
                        $"Could not connect to '{endpoint}' within {options.ConnectTimeout.TotalSeconds:0.#} s.", endpoint, ex);
                }
                catch (Exception ex) when (ex is WebSocketException || HttpRequestExceptionLike(ex) || ex is IOException || ex is SocketException || ex is System.Security.Authentication.AuthenticationException)
                {
                    throw DescribeConnectFailure(socket, ex, options.Uri);
                }

                return new WebSocketTransport(socket, options.MaxMessageBytes, endpoint) { ConnectedUri = options.Uri };
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        // HttpRequestException is not in netstandard2.0's System.Net.WebSockets surface everywhere; match by name.
        private static bool HttpRequestExceptionLike(Exception ex) => ex.GetType().Name == "HttpRequestException";

        private static SttException DescribeConnectFailure(ClientWebSocket socket, Exception ex, Uri requested)
        {
            string endpoint = EndpointRedactor.WithoutQuery(requested);
            int? status = ReadHttpStatus(socket, ex);
            string detail = InnermostMessage(ex);
            if (status.HasValue && EndpointPolicy.IsRedirect(status.Value))
            {
                IReadOnlyDictionary<string, string>? headers = ReadResponseHeaders(socket);
                string? location = null;
                if (headers is not null) headers.TryGetValue("Location", out location);
                SttException redirected = EndpointPolicy.Redirected(
                    SttErrorKind.ProviderConnectionFailed, "WebSocket upgrade", requested, status.Value, location, locationReported: headers is not null);
                return new SttException(redirected.Kind, redirected.Message, redirected.Target, ex)
                {
                    ProviderCode = status.Value,
                    RecommendedAction = redirected.RecommendedAction,
                };
            }
            if (status.HasValue)
            {
                return new SttException(SttErrorKind.ProviderConnectionFailed,
                    $"The server at '{endpoint}' refused the WebSocket upgrade with HTTP {status.Value}: {detail}", endpoint, ex)
                { ProviderCode = status.Value, ResponseHeaders = ReadResponseHeaders(socket) };
            }
            return new SttException(SttErrorKind.ProviderConnectionFailed,
                $"Could not connect to '{endpoint}': {detail}", endpoint, ex)
            { RecommendedAction = "Check the network, the endpoint and any proxy or firewall." };
        }

        private static string InnermostMessage(Exception ex)
        {
            var parts = new List<string>();
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                if (!string.IsNullOrWhiteSpace(e.Message) && !parts.Contains(e.Message)) parts.Add(e.Message.TrimEnd('.'));
            }
            return string.Join(": ", parts) + ".";
        }

        /// <summary>How often a ping goes out when <see cref="WebSocketConnectionOptions.PingTimeout"/> is set.</summary>
        public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

        // KeepAliveTimeout exists from .NET 9 on: the runtime then sends pings and aborts the socket when the pong is late.
        private static bool TrySetKeepAliveTimeout(ClientWebSocket socket, TimeSpan timeout)
        {
            PropertyInfo? property = socket.Options.GetType().GetProperty("KeepAliveTimeout");
            if (property is null || !property.CanWrite) return false;
            property.SetValue(socket.Options, timeout);
            return true;
        }

        // The runtime's words when a pong did not come back in time (.NET 9+: "...didn't receive a Pong frame...").
        private static bool IsPongTimeout(Exception ex)
        {
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                if (e is TimeoutException || e.Message.IndexOf("Pong", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            }
            return false;
        }

        // CollectHttpResponseDetails exists from .NET 7 on; set it where the runtime has it so a refused
        // upgrade tells us its status code (on .NET Framework we fall back to the exception text).
        private static void TrySetCollectHttpResponseDetails(ClientWebSocket socket)
        {
            PropertyInfo? property = socket.Options.GetType().GetProperty("CollectHttpResponseDetails");
            if (property is not null && property.CanWrite) property.SetValue(socket.Options, true);
        }

        private static int? ReadHttpStatus(ClientWebSocket socket, Exception ex)
        {
            PropertyInfo? property = socket.GetType().GetProperty("HttpStatusCode");
            if (property?.GetValue(socket) is HttpStatusCode code && code != 0 && (int)code != 101) return (int)code;
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                Match match = StatusInMessage.Match(e.Message);
                if (match.Success) return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            return null;
        }

        // Headers that may carry secrets are never kept: a refusal's headers end up in error messages.
        private static readonly string[] SecretHeaderFragments = { "cookie", "auth", "token", "secret", "key" };

        // HttpResponseHeaders comes with CollectHttpResponseDetails (.NET 7+): a refused upgrade's headers
        // carry the provider's explanation (Deepgram: dg-error, dg-request-id). Null where the runtime lacks it.
        private static IReadOnlyDictionary<string, string>? ReadResponseHeaders(ClientWebSocket socket)
        {
            PropertyInfo? property = socket.GetType().GetProperty("HttpResponseHeaders");
            if (!(property?.GetValue(socket) is IReadOnlyDictionary<string, IEnumerable<string>> headers)) return null;
            var kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
            {
                string name = header.Key.ToLowerInvariant();
                bool secret = false;
                foreach (string fragment in SecretHeaderFragments) secret |= name.Contains(fragment);
                if (!secret) kept[header.Key] = string.Join(", ", header.Value);
            }
            return kept;
        }

        public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
            SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes(text)), WebSocketMessageType.Text, cancellationToken);

        public Task SendBinaryAsync(ArraySegment<byte> data, CancellationToken cancellationToken) =>
            SendAsync(data, WebSocketMessageType.Binary, cancellationToken);

        private async Task SendAsync(ArraySegment<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
        {
            try
            {
                await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException ex)
            {
                throw ClosedLocally("sending", ex);
            }
            try
            {
                await _socket.SendAsync(data, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                throw new SttException(SttErrorKind.ProviderConnectionLost,
                    $"The connection to '{_endpointForMessages}' was lost while sending: {InnermostMessage(ex)}", _endpointForMessages, ex);
            }
            catch (Exception ex) when (IsLocalTeardown(ex, cancellationToken))
            {
                throw ClosedLocally("sending", ex);
            }
            finally
            {
                ReleaseSendLock();
            }
        }

        // An abort from another thread (an oversized message, a stop timeout, Cancel) surfaces in a pending or later
        // send or receive as ObjectDisposedException or an OperationCanceledException nobody asked for. Both mean
        // "the connection is gone": callers get the one exception they handle, never a stray one that skips their cleanup.
        private static bool IsLocalTeardown(Exception ex, CancellationToken cancellationToken) =>
            ex is ObjectDisposedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        private SttException ClosedLocally(string operation, Exception ex) =>
            new SttException(SttErrorKind.ProviderConnectionLost,
                $"The connection to '{_endpointForMessages}' was closed while {operation}: {InnermostMessage(ex)}", _endpointForMessages, ex);

        private SttException PongTimedOut(Exception ex) =>
            new SttException(SttErrorKind.ProviderStalled,
                $"'{_endpointForMessages}' stopped answering: no pong to a WebSocket ping in time ({InnermostMessage(ex)})", _endpointForMessages, ex);

        private void ReleaseSendLock()
        {
            try { _sendLock.Release(); }
            catch (ObjectDisposedException) { }
        }

        /// <summary>
        /// Receives one whole message (fragments reassembled). A close frame comes back as a
        /// <see cref="TransportMessageKind.Close"/> message; a connection that drops without one
        /// throws SttException ProviderConnectionLost; an oversized message throws TransportMessageTooLarge.
        /// </summary>
        public async Task<TransportMessage> ReceiveAsync(CancellationToken cancellationToken)
        {
            int length = 0;
            while (true)
            {
                if (length == _receiveBuffer.Length)
                {
                    if (_receiveBuffer.Length >= _maxMessageBytes)
                    {
                        _socket.Abort();
                        throw new SttException(SttErrorKind.TransportMessageTooLarge,
                            $"'{_endpointForMessages}' sent a message larger than the {_maxMessageBytes}-byte limit.", _endpointForMessages);
                    }
                    Array.Resize(ref _receiveBuffer, Math.Min(_receiveBuffer.Length * 2, _maxMessageBytes));
                }

                WebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(
                        new ArraySegment<byte>(_receiveBuffer, length, _receiveBuffer.Length - length), cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException ex) when (IsPongTimeout(ex))
                {
                    throw PongTimedOut(ex);
                }
                catch (WebSocketException ex)
                {
                    throw new SttException(SttErrorKind.ProviderConnectionLost,
                        $"The connection to '{_endpointForMessages}' was lost without a close frame: {InnermostMessage(ex)}", _endpointForMessages, ex);
                }
                catch (IOException ex)
                {
                    throw new SttException(SttErrorKind.ProviderConnectionLost,
                        $"The connection to '{_endpointForMessages}' was lost: {InnermostMessage(ex)}", _endpointForMessages, ex);
                }
                catch (Exception ex) when (IsLocalTeardown(ex, cancellationToken) && IsPongTimeout(ex))
                {
                    // Nobody cancelled and the runtime aborted the socket because a pong came back late: a stall.
                    throw PongTimedOut(ex);
                }
                catch (Exception ex) when (IsLocalTeardown(ex, cancellationToken))
                {
                    // Any other abort nobody cancelled (our own teardown, a dropped peer): the connection is lost.
                    throw ClosedLocally("receiving", ex);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return TransportMessage.FromClose(
                        result.CloseStatus.HasValue ? (int?)result.CloseStatus.Value : null,
                        result.CloseStatusDescription);
                }

                length += result.Count;
                if (!result.EndOfMessage) continue;

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    return TransportMessage.FromText(Encoding.UTF8.GetString(_receiveBuffer, 0, length));
                }
                var binary = new byte[length];
                Buffer.BlockCopy(_receiveBuffer, 0, binary, 0, length);
                return TransportMessage.FromBinary(binary);
            }
        }

        /// <summary>Completes the close handshake (best effort, bounded by the token).</summary>
        public async Task CloseAsync(int status, string reason, CancellationToken cancellationToken)
        {
            try
            {
                if (_socket.State == WebSocketState.Open || _socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)status, reason, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException)
            {
                // The peer may already be gone; closing is best effort.
                _socket.Abort();
            }
        }

        /// <summary>Drops the connection at once.</summary>
        public void Abort()
        {
            try { _socket.Abort(); }
            catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Abort();
            _socket.Dispose();
            _sendLock.Dispose();
        }
    }
}
