// Copyright (c) StreamingStt contributors. MIT License.

using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// Deepgram's HTTP answers: every response carries <c>dg-request-id</c>; failures also carry <c>dg-error</c> and the
/// REST error body <c>{err_code, err_msg, request_id}</c> (protocols.md §2.2; the body for upgrades is UNCONFIRMED).
/// </summary>
internal static class DeepgramHttpResponses
{
    public const string RequestIdHeader = "dg-request-id";
    public const string ErrorHeader = "dg-error";

    public static async Task WriteErrorAsync(HttpContext context, int status, string errorCode, string message, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.Headers[RequestIdHeader] = requestId;
        context.Response.Headers[ErrorHeader] = message;
        await WriteJsonAsync(context, w =>
        {
            w.WriteString("err_code", errorCode);
            w.WriteString("err_msg", message);
            w.WriteString("request_id", requestId);
        }).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        byte[] bytes = buffer.ToArray();
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
