// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>How a session presented its credentials (the credential itself is never stored).</summary>
public enum DeepgramAuthMethod
{
    /// <summary>No Authorization header and no auth subprotocol.</summary>
    None,

    /// <summary><c>Authorization: Token &lt;api key&gt;</c> (server-side clients, the SDKs in Node).</summary>
    TokenHeader,

    /// <summary><c>Authorization: Bearer &lt;jwt&gt;</c> with a token from <c>/v1/auth/grant</c>.</summary>
    BearerHeader,

    /// <summary><c>Sec-WebSocket-Protocol: token, &lt;api key&gt;</c> (browsers, which cannot set headers).</summary>
    TokenSubprotocol,

    /// <summary><c>Sec-WebSocket-Protocol: bearer, &lt;jwt&gt;</c>.</summary>
    BearerSubprotocol,

    /// <summary>An Authorization header in neither form (e.g. a raw key without the Token scheme).</summary>
    Malformed,
}
