// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text;

namespace StreamingStt.Engine.Providers
{
    /// <summary>Connection URLs: a provider's settings as query parameters after whatever query the endpoint already has.</summary>
    internal static class ProviderQuery
    {
        /// <summary>
        /// <paramref name="baseUri"/> with each parameter appended, names and values percent-encoded; a parameter may
        /// repeat (Deepgram's keywords, tags). The endpoint's own query (a custom -Endpoint's) is kept first.
        /// </summary>
        public static Uri Append(Uri baseUri, IEnumerable<KeyValuePair<string, string>> parameters)
        {
            var builder = new UriBuilder(baseUri);
            var query = new StringBuilder(builder.Query.TrimStart('?'));
            foreach (KeyValuePair<string, string> parameter in parameters)
            {
                if (query.Length > 0) query.Append('&');
                query.Append(Uri.EscapeDataString(parameter.Key)).Append('=').Append(Uri.EscapeDataString(parameter.Value));
            }
            builder.Query = query.ToString();
            return builder.Uri;
        }
    }
}
