// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Text.Json;

namespace StreamingStt.Engine.Providers
{
    /// <summary>
    /// Readers for one named field of a provider's JSON object: a missing or mistyped field reads as
    /// null (or false), never throws. The element must be an object (as with
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, anything else throws
    /// InvalidOperationException).
    /// </summary>
    internal static class JsonFields
    {
        public static string? GetString(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public static bool? GetBool(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value)) return null;
            if (value.ValueKind == JsonValueKind.True) return true;
            if (value.ValueKind == JsonValueKind.False) return false;
            return null;
        }

        public static double? GetDouble(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : (double?)null;

        /// <summary>A numeric field as a whole number; a fractional value is rounded.</summary>
        public static bool TryGetInt64(JsonElement element, string name, out long result)
        {
            result = 0;
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number) return false;
            if (value.TryGetInt64(out result)) return true;
            result = (long)Math.Round(value.GetDouble());
            return true;
        }
    }
}
