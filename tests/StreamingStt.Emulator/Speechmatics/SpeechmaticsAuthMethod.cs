// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>How a Speechmatics session presented its credentials (the credential itself is never stored).</summary>
public enum SpeechmaticsAuthMethod
{
    /// <summary>No Authorization header and no <c>jwt</c> query parameter.</summary>
    None,

    /// <summary><c>Authorization: Bearer &lt;api key&gt;</c> (server-side clients).</summary>
    ApiKeyHeader,

    /// <summary><c>Authorization: Bearer &lt;temporary key&gt;</c>.</summary>
    TemporaryKeyHeader,

    /// <summary>Temporary key in the <c>jwt</c> query parameter (browsers, the JS client).</summary>
    TemporaryKeyQuery,
}
