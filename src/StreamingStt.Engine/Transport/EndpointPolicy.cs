// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Net;

namespace StreamingStt.Engine.Transport
{
    /// <summary>
    /// Which endpoints StreamingStt connects to: absolute addresses of the right kind (WebSocket for streaming,
    /// HTTP for tokens), encrypted unless the host is a loopback address, and never a redirect (see
    /// <see cref="Redirected"/>). Everything is checked before any connection is made.
    /// </summary>
    internal static class EndpointPolicy
    {
        private static readonly char[] QueryOrFragmentStart = { '?', '#' };

        /// <summary>True for hosts that never leave the machine; only these may use ws:// or http:// (tests, emulators).</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri is null) throw new ArgumentNullException(nameof(uri));
            if (!uri.IsAbsoluteUri) return false;
            string host = uri.IdnHost.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address);
        }

        /// <summary>
        /// A streaming endpoint: wss://, or ws:// on a loopback address. Throws SttException OptionInvalid for a
        /// relative address, an http(s):// address (naming the ws(s):// one to pass) or any other scheme, and
        /// TransportEndpointInsecure for ws:// elsewhere. <paramref name="example"/> is shown as a model address.
        /// </summary>
        public static void RequireWebSocketEndpoint(Uri uri, Uri example)
        {
            if (uri is null) throw new ArgumentNullException(nameof(uri));
            RequireAbsolute(uri, example);
            string scheme = uri.Scheme.ToLowerInvariant();
            if (scheme == Uri.UriSchemeHttp || scheme == Uri.UriSchemeHttps)
            {
                // An HTTP address is a likely slip (the token host, a browser URL): name the address that would work.
                string suggested = WithScheme(uri, scheme == Uri.UriSchemeHttp && IsLoopback(uri) ? "ws" : "wss");
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The endpoint '{EndpointRedactor.WithoutQuery(uri)}' is an HTTP address; streaming needs a WebSocket address: pass '{suggested}'.",
                    "Endpoint")
                { RecommendedAction = $"Pass {EngineOptionNames.AnyEndpoint} '{suggested}'." };
            }
            if (scheme != "ws" && scheme != "wss")
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The endpoint '{EndpointRedactor.WithoutQuery(uri)}' uses {scheme}://, which cannot carry a streaming session: pass a wss:// address such as '{example}' (ws:// only on a loopback address).",
                    "Endpoint");
            }
            if (scheme == "ws" && !IsLoopback(uri)) throw Insecure(uri, "wss");
        }

        /// <summary>
        /// A token service base address: https://, or http:// on a loopback address. Throws SttException
        /// OptionInvalid for a relative address, a ws(s):// address (naming the http(s):// one to pass) or any
        /// other scheme, and TransportEndpointInsecure for http:// elsewhere.
        /// </summary>
        public static void RequireHttpEndpoint(Uri uri, Uri example)
        {
            if (uri is null) throw new ArgumentNullException(nameof(uri));
            RequireAbsolute(uri, example);
            string scheme = uri.Scheme.ToLowerInvariant();
            if (scheme == "ws" || scheme == "wss")
            {
                string suggested = WithScheme(uri, scheme == "ws" && IsLoopback(uri) ? Uri.UriSchemeHttp : Uri.UriSchemeHttps);
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The endpoint '{EndpointRedactor.WithoutQuery(uri)}' is a WebSocket address; tokens are requested over HTTPS: pass '{suggested}'.",
                    "Endpoint")
                { RecommendedAction = $"Pass {EngineOptionNames.AnyEndpoint} '{suggested}'." };
            }
            if (scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"The endpoint '{EndpointRedactor.WithoutQuery(uri)}' uses {scheme}://, which cannot request a token: pass an https:// address such as '{example}' (http:// only on a loopback address).",
                    "Endpoint");
            }
            if (scheme == Uri.UriSchemeHttp && !IsLoopback(uri)) throw Insecure(uri, Uri.UriSchemeHttps);
        }

        /// <summary>
        /// The error for a redirect, which is never followed: not to another host or port, not to plain text,
        /// not even to another path on the same host (the providers' endpoints do not redirect, so a redirect
        /// means a proxy or a wrong -Endpoint, and following it would send audio or a key somewhere unchosen).
        /// The message names where it pointed, without its query; <paramref name="locationReported"/> is false
        /// where the runtime does not expose the answer's headers (.NET Framework's ClientWebSocket).
        /// </summary>
        public static SttException Redirected(SttErrorKind kind, string what, Uri requested, int status, string? location, bool locationReported = true)
        {
            if (requested is null) throw new ArgumentNullException(nameof(requested));
            string from = EndpointRedactor.WithoutQuery(requested);
            string to = locationReported ? DescribeLocation(requested, location) : "an address this .NET runtime does not report";
            return new SttException(kind,
                $"The server at '{from}' answered the {what} with a redirect (HTTP {status}) to {to}. StreamingStt does not follow redirects, so nothing was sent there.",
                from)
            {
                ProviderCode = status,
                RecommendedAction = "If that address is the right one, pass it with " + EngineOptionNames.AnyEndpoint + "; otherwise check " + EngineOptionNames.AnyEndpoint + " and any proxy in between.",
            };
        }

        internal static bool IsRedirect(int status) => status >= 300 && status <= 399;

        private static string DescribeLocation(Uri requested, string? location)
        {
            if (string.IsNullOrWhiteSpace(location)) return "an address it did not give";
            string text = location!.Trim();
            Uri? target = null;
            // On Unix a Location such as "/moved" would parse as an absolute file path: read it as relative.
            if (!text.StartsWith("/", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out Uri? absolute)) target = absolute;
            else if (Uri.TryCreate(text, UriKind.Relative, out Uri? relative)) target = new Uri(requested, relative);
            return target is null ? "an address that is not a valid URL" : "'" + EndpointRedactor.WithoutQuery(target) + "'";
        }

        private static void RequireAbsolute(Uri uri, Uri example)
        {
            if (uri.IsAbsoluteUri) return;
            throw new SttException(SttErrorKind.OptionInvalid,
                $"The endpoint '{WithoutQuery(uri.OriginalString)}' is not an absolute address: pass the whole URL, scheme and host included, such as '{example}'.",
                "Endpoint");
        }

        // A relative address has no components to redact by; cut at the query, where secrets go.
        private static string WithoutQuery(string text)
        {
            int query = text.IndexOfAny(QueryOrFragmentStart);
            return query < 0 ? text : text.Substring(0, query);
        }

        private static SttException Insecure(Uri uri, string secureScheme) =>
            new SttException(SttErrorKind.TransportEndpointInsecure,
                $"Refusing to send credentials to '{EndpointRedactor.WithoutQuery(uri)}' without TLS: use {secureScheme}:// ({uri.Scheme}:// is allowed only for loopback addresses).",
                EndpointRedactor.WithoutQuery(uri))
            { RecommendedAction = $"Use a {secureScheme}:// endpoint." };

        private static string WithScheme(Uri uri, string scheme)
        {
            var builder = new UriBuilder(uri) { Scheme = scheme, Query = string.Empty, UserName = string.Empty, Password = string.Empty };
            // UriBuilder keeps the old scheme's explicit default port (80/443): drop it when it is the default of the old scheme.
            if (uri.IsDefaultPort) builder.Port = -1;
            return EndpointRedactor.WithoutQuery(builder.Uri);
        }
    }
}
