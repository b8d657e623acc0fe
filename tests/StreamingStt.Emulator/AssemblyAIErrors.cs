// Copyright (c) StreamingStt contributors. MIT License.

using System.Globalization;

namespace StreamingStt.Emulator;

/// <summary>
/// Close codes and reason texts of Universal-Streaming v3. Texts marked documented come from AssemblyAI's
/// "Common session errors and closures" page (protocols.md §1.8); the rest are UNCONFIRMED choices of this emulator.
/// </summary>
internal static class AssemblyAIErrors
{
    public const int NormalClosure = 1000;
    public const int Unauthorized = 1008;
    public const int InvalidInput = 3006;
    public const int InputDuration = 3007;
    public const int SessionExpired = 3008;
    public const int TooManyConcurrentSessions = 3009;

    /// <summary>Documented (the errors page: 3009; the Concurrency page says 1008 for the same condition).</summary>
    public const string TooManyConcurrentSessionsReason = "Unauthorized Connection: Too many concurrent sessions";

    /// <summary>Documented.</summary>
    public const string MissingAuthorization = "Unauthorized Connection: Missing Authorization header";

    /// <summary>UNCONFIRMED wording; the documented family is "Unauthorized Connection: &lt;reason&gt;".</summary>
    public const string InvalidApiKey = "Unauthorized Connection: Invalid API key";

    /// <summary>UNCONFIRMED wording (unknown, already used, or minted by another emulator).</summary>
    public const string InvalidTemporaryToken = "Unauthorized Connection: Invalid temporary token";

    /// <summary>UNCONFIRMED wording.</summary>
    public const string ExpiredTemporaryToken = "Unauthorized Connection: Temporary token expired";

    /// <summary>Documented.</summary>
    public const string MaxSessionDurationExceeded = "Session Expired: Maximum session duration exceeded";

    /// <summary>Documented family; the real server validates with pydantic, its exact query-parameter wording is UNCONFIRMED.
    /// The "User Input Validation Error: " prefix was observed on a real 3006 Error message.</summary>
    public static string InvalidParameter(string detail) => "User Input Validation Error: " + detail;

    /// <summary>Documented.</summary>
    public static string InvalidJson(string json) => "Invalid JSON: " + json;

    /// <summary>Documented.</summary>
    public static string InvalidMessage(string message) => "Invalid Message: " + message;

    /// <summary>Documented.</summary>
    public static string InvalidMessageType(string type) => "Invalid Message Type: " + type;

    /// <summary>Documented close reason; the real server writes the duration with one decimal ("25.0 ms").</summary>
    public static string InputDurationViolation(double milliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Input duration violation: {milliseconds:F1} ms. Expected between 50 and 1000 ms");

    /// <summary>Documented close reason.</summary>
    public static string TransmissionRateExceeded(double audioSeconds, double wallSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Audio Transmission Rate Exceeded: Received {audioSeconds:F1} sec. audio in {wallSeconds:F6} sec");

    /// <summary>
    /// Error-message text for a chunk-duration 3007, as observed from the real service (note the different casing
    /// from the documented close reason).
    /// </summary>
    public static string InputDurationViolationError(double milliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Input Duration Error: Input Duration Violation: {milliseconds:F1} ms. Expected between 50 and 1000 ms");

    /// <summary>Error-message text for a rate 3007, as observed from the real service.</summary>
    public static string TransmissionRateExceededError(double audioSeconds, double wallSeconds) =>
        "Input Duration Error: " + TransmissionRateExceeded(audioSeconds, wallSeconds);
}
