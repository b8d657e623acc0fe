// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// Speechmatics Error types (realtime.yaml ErrorTypeEnum) and the close frame the emulator sends after each
/// (protocols.md §3.8: the close payload is the error type).
/// </summary>
public static class SpeechmaticsErrorTypes
{
    public const string InvalidMessage = "invalid_message";
    public const string InvalidModel = "invalid_model";
    public const string InvalidLanguage = "invalid_language";
    public const string InvalidConfig = "invalid_config";
    public const string InvalidAudioType = "invalid_audio_type";
    public const string InvalidOutputFormat = "invalid_output_format";
    public const string NotAuthorised = "not_authorised";
    public const string NotAllowed = "not_allowed";
    public const string JobError = "job_error";
    public const string ProtocolError = "protocol_error";
    public const string QuotaExceeded = "quota_exceeded";
    public const string TimelimitExceeded = "timelimit_exceeded";
    public const string IdleTimeout = "idle_timeout";
    public const string SessionTimeout = "session_timeout";
    public const string UnknownError = "unknown_error";

    public const int NormalClosure = 1000;

    /// <summary>
    /// The documented close code for <paramref name="type"/>. UNCONFIRMED: invalid_message, invalid_config,
    /// invalid_language, invalid_audio_type and invalid_output_format have no documented code; the emulator uses 1003
    /// like protocol_error.
    /// </summary>
    public static int CloseCodeFor(string type) => type switch
    {
        ProtocolError or InvalidMessage or InvalidConfig or InvalidLanguage or InvalidAudioType or InvalidOutputFormat => 1003,
        IdleTimeout or SessionTimeout => 1008,
        NotAuthorised => 4001,
        NotAllowed => 4003,
        InvalidModel => 4004,
        QuotaExceeded => 4005,
        TimelimitExceeded => 4006,
        JobError => 4013,
        _ => 1011,
    };

    /// <summary>The close payload after <paramref name="type"/>: the type itself, except the generic 1008 and 1011 payloads.</summary>
    public static string CloseReasonFor(string type) => CloseCodeFor(type) switch
    {
        1008 => "policy_violation",
        1011 => "internal_error",
        _ => type,
    };
}
