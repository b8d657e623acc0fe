// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Text.Json;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>Tolerant readers for Deepgram's JSON: a missing or mistyped field, or a parent that is not an object, reads as null, never throws.</summary>
    internal static class DeepgramJson
    {
        public static string? GetString(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object ? JsonFields.GetString(element, name) : null;

        public static bool? GetBool(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object ? JsonFields.GetBool(element, name) : null;

        public static double? GetDouble(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object ? JsonFields.GetDouble(element, name) : null;

        public static int? GetInt(JsonElement element, string name)
        {
            double? value = GetDouble(element, name);
            return value.HasValue ? (int)Math.Round(value.Value) : (int?)null;
        }

        public static JsonElement? GetObject(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
                ? value
                : (JsonElement?)null;

        public static JsonElement? GetArray(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
                ? value
                : (JsonElement?)null;

        /// <summary>Deepgram times are seconds as floats; ticks keep sub-millisecond precision on every runtime.</summary>
        public static TimeSpan Seconds(double seconds) =>
            double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0
                ? TimeSpan.Zero
                : TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }
}
