// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Close codes, close reasons and HTTP refusals of /v1/listen (protocols.md §2.2, §2.7).</summary>
internal static class DeepgramErrors
{
    public const int NormalClosure = 1000;
    public const int PolicyViolation = 1008;
    public const int InternalError = 1011;

    /// <summary>Observed wording (deepgram-python-sdk issue 319).</summary>
    public const string IdleTimeout =
        "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001";

    /// <summary>Observed wording (deepgram-dotnet-sdk issue 133); the emulator sends it only as an injected fault.</summary>
    public const string NoResponse =
        "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000";

    /// <summary>UNCONFIRMED wording: the docs give only the id.</summary>
    public const string UndecodableAudio = "DATA-0000: the audio could not be decoded with the declared encoding and sample rate.";

    public const string InvalidCredentials = "Invalid credentials.";

    /// <summary>The err_code and dg-error text for a forced refusal with <paramref name="status"/> (UNCONFIRMED wording).</summary>
    public static (string Code, string Message) ForStatus(int status) => status switch
    {
        400 => ("Bad Request", "Bad Request: the request could not be processed."),
        401 => ("INVALID_AUTH", InvalidCredentials),
        402 => ("ASR_PAYMENT_REQUIRED", "Project does not have enough credits for an ASR request."),
        403 => ("INSUFFICIENT_PERMISSIONS", "This project does not have access to the requested model."),
        429 => ("TOO_MANY_REQUESTS", "Too many requests. Please try again later."),
        _ => ("INTERNAL_SERVER_ERROR", "The service is temporarily unavailable."),
    };
}
