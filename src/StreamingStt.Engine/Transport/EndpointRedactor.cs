// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Text.RegularExpressions;

namespace StreamingStt.Engine.Transport
{
    /// <summary>Makes endpoints safe to print: credentials in the query or user-info are masked.</summary>
    internal static class EndpointRedactor
    {
        private static readonly Regex SecretQuery = new Regex(
            @"(?<=[?&](token|jwt|key|api_key|apikey|access_token|auth)=)[^&#]*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static string Redact(Uri uri)
        {
            if (uri is null) return string.Empty;
            var builder = new UriBuilder(uri);
            if (!string.IsNullOrEmpty(builder.UserName) || !string.IsNullOrEmpty(builder.Password))
            {
                builder.UserName = string.Empty;
                builder.Password = string.Empty;
            }
            string text = builder.Uri.IsDefaultPort
                ? builder.Uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Port, UriFormat.UriEscaped)
                : builder.Uri.AbsoluteUri;
            return SecretQuery.Replace(text, "***");
        }

        /// <summary>The endpoint without its query: what error messages show.</summary>
        public static string WithoutQuery(Uri uri) =>
            uri is null ? string.Empty : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }
}
