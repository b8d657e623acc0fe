// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Transport
{
    /// <summary>
    /// Opens a ClientWebSocket without following redirects. Left alone, ClientWebSocket follows a 3xx answer
    /// to the upgrade: on .NET 7+ its built-in handler has AllowAutoRedirect on (and follows ws://, wss://,
    /// http:// and https:// Locations, to any host); on .NET Framework its HttpWebRequest does the same. Each
    /// runtime gets the way it offers to turn that off; the redirect then surfaces as a failed upgrade with
    /// its 3xx status.
    /// </summary>
    internal static class RedirectRefusingConnector
    {
        // ClientWebSocket.ConnectAsync(Uri, HttpMessageInvoker, CancellationToken), .NET 7 and later: the
        // request goes through a handler we configure. netstandard2.0 does not declare it, hence reflection.
        private static readonly MethodInfo? ConnectWithInvoker = typeof(ClientWebSocket).GetMethod(
            "ConnectAsync", new[] { typeof(Uri), typeof(HttpMessageInvoker), typeof(CancellationToken) });

        private static readonly bool IsNetFramework =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        private static readonly object RegisteredGate = new object();
        private static readonly HashSet<string> RegisteredPrefixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public static async Task ConnectAsync(ClientWebSocket socket, Uri uri, CancellationToken cancellationToken)
        {
            if (ConnectWithInvoker is not null)
            {
                // Only the upgrade request goes through this handler; the open socket does not need it afterwards.
                using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
                using var invoker = new HttpMessageInvoker(handler);
                Task connect;
                try
                {
                    connect = (Task)ConnectWithInvoker.Invoke(socket, new object[] { uri, invoker, cancellationToken })!;
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
                await connect.ConfigureAwait(false);
                return;
            }

            if (IsNetFramework) RefuseRedirectsFor(uri);
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// .NET Framework's ClientWebSocket asks WebRequest.Create for its HttpWebRequest, and WebRequest picks the
        /// creator registered for the longest matching prefix. Registering this endpoint (scheme, host, port, path)
        /// makes that request one with AllowAutoRedirect off; the creator delegates to the runtime's own ws:/wss:
        /// creator through CreateDefault, which looks at the scheme only. Registrations last for the process, so
        /// each endpoint is registered once; only requests to this endpoint are affected.
        /// </summary>
        private static void RefuseRedirectsFor(Uri uri)
        {
            string prefix = uri.GetLeftPart(UriPartial.Path);
            lock (RegisteredGate)
            {
                if (!RegisteredPrefixes.Add(prefix)) return;
                WebRequest.RegisterPrefix(prefix, NoRedirectRequestCreator.Instance);
            }
        }

        private sealed class NoRedirectRequestCreator : IWebRequestCreate
        {
            public static readonly NoRedirectRequestCreator Instance = new NoRedirectRequestCreator();

            public WebRequest Create(Uri uri)
            {
                WebRequest request = WebRequest.CreateDefault(uri);
                if (request is HttpWebRequest http) http.AllowAutoRedirect = false;
                return request;
            }
        }
    }
}
