// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>How a session presented its credentials (the credential itself is never stored).</summary>
public enum EmulatorAuthMethod
{
    /// <summary>No Authorization header and no token query parameter.</summary>
    None,

    /// <summary><c>Authorization: &lt;api key&gt;</c> header (server-side clients).</summary>
    ApiKeyHeader,

    /// <summary>Temporary token in the <c>token</c> query parameter, the documented way (browsers, the JS SDK).</summary>
    TemporaryToken,

    /// <summary>Temporary token in the Authorization header (the Python SDK does this).</summary>
    TemporaryTokenHeader,
}
