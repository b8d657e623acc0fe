// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers
{
    /// <summary>
    /// One provider's wire protocol, with no I/O: how to connect (URL, headers), what to send
    /// (start, keep-alive, stop), and what the server's messages and close codes mean.
    /// One instance per connection; it may keep per-session state (e.g. de-duplication).
    /// Adding a provider = one class implementing this + its emulator.
    /// </summary>
    internal interface ISttProtocol
    {
        SttProvider Provider { get; }

        /// <summary>The WebSocket endpoint, query and headers for this session.</summary>
        WebSocketConnectionOptions CreateConnection(SttCredential credential);

        /// <summary>A text message to send right after connecting, or null (AssemblyAI needs none).</summary>
        string? CreateStartMessage();

        /// <summary>True when audio must wait for the provider's start message (AssemblyAI Begin).</summary>
        bool WaitsForSessionBegan { get; }

        /// <summary>The graceful end-of-audio request (AssemblyAI Terminate).</summary>
        string CreateStopMessage(long framesSent);

        /// <summary>A keep-alive text message, or null when the provider has none.</summary>
        string? CreateKeepAliveMessage();

        /// <summary>A message that ends the current turn now, or null when the provider has none.</summary>
        string? CreateForceEndpointMessage();

        /// <summary>
        /// A message that changes settings mid-session, or null when the provider has none.
        /// Throws SttException OptionInvalid for values the provider would refuse.
        /// </summary>
        string? CreateConfigurationUpdateMessage(SessionConfigurationUpdate update);

        /// <summary>Interprets one text message; appends zero or more results to <paramref name="output"/>.</summary>
        void Parse(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output);

        /// <summary>Turns held back (e.g. awaiting a formatted copy) that must be delivered now because the session is ending.</summary>
        void Flush(DateTimeOffset receivedAt, IList<ProviderMessage> output);

        /// <summary>
        /// What a close frame means. Returns null for a normal close (the session ended as asked);
        /// otherwise the error to report.
        /// </summary>
        SttException? DescribeClose(int? status, string? reason, bool stopRequested);

        /// <summary>Refines a failed upgrade (HTTP status in ProviderCode) into the provider's meaning (401 → authentication…).</summary>
        SttException DescribeConnectFailure(SttException failure);
    }
}
