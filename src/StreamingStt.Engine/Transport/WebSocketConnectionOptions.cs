// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Transport
{
    /// <summary>How to open a provider WebSocket.</summary>
    internal sealed class WebSocketConnectionOptions
    {
        public WebSocketConnectionOptions(Uri uri)
        {
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        }

        /// <summary>The endpoint, query included. May carry a token: never print it whole (see <see cref="EndpointRedactor"/>).</summary>
        public Uri Uri { get; }

        /// <summary>Request headers (Authorization among them).</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The largest message accepted; a bigger one fails the connection (TransportMessageTooLarge).</summary>
        public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>
        /// Time a WebSocket ping may wait for its pong before the connection is dropped as stalled; pings then
        /// go out every 5 s. Zero keeps the runtime's unanswered keep-alive. Needs .NET 9 or later (ignored before).
        /// </summary>
        public TimeSpan PingTimeout { get; set; }

        /// <summary>WebSocket sub-protocols to offer (Deepgram token auth uses one).</summary>
        public IList<string> SubProtocols { get; } = new List<string>();
    }
}
