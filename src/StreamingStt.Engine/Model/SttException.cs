// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt
{
    /// <summary>
    /// The one exception type the engine raises for expected failures. It carries a stable
    /// <see cref="SttErrorKind"/> the cmdlets map to an error id and category, the thing it is
    /// about (a file, an endpoint), and the provider's close code and reason when there is one.
    /// Messages never contain keys or tokens.
    /// </summary>
    public sealed class SttException : Exception
    {
        public SttException(SttErrorKind kind, string message, string? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Target = target;
        }

        public SttErrorKind Kind { get; }

        /// <summary>What the error is about: a file path, an endpoint (without credentials), an option name.</summary>
        public string? Target { get; }

        /// <summary>WebSocket close status or provider error code, when the provider gave one.</summary>
        public int? ProviderCode { get; set; }

        /// <summary>The provider's reason text, when it gave one.</summary>
        public string? ProviderReason { get; set; }

        /// <summary>
        /// The response headers of a refused WebSocket upgrade (e.g. Deepgram's dg-error and
        /// dg-request-id), when the runtime exposes them; never cookies or credentials.
        /// </summary>
        public IReadOnlyDictionary<string, string>? ResponseHeaders { get; set; }

        /// <summary>A hint for the user: what to change to make it work.</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>The stable error id: "Stt" + kind.</summary>
        public string ErrorId => "Stt" + Kind;
    }
}
