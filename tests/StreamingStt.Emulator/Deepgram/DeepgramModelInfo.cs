// Copyright (c) StreamingStt contributors. MIT License.

using System.Security.Cryptography;
using System.Text;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>The metadata.model_info / model_uuid the emulator reports for a model: invented but stable per model name.</summary>
internal sealed record DeepgramModelInfo(string Name, string Version, string Arch, string Uuid)
{
    public static DeepgramModelInfo For(string model)
    {
        // A stable UUID per model name, so repeated runs and sessions agree.
        var uuid = new Guid(MD5.HashData(Encoding.UTF8.GetBytes("streamingstt-emulator:" + model)));
        string arch = model.StartsWith("nova-3", StringComparison.Ordinal) ? "nova-3"
            : model.StartsWith("nova-2", StringComparison.Ordinal) ? "nova-2"
            : model.StartsWith("nova", StringComparison.Ordinal) ? "nova"
            : model.StartsWith("enhanced", StringComparison.Ordinal) ? "enhanced"
            : "base";
        return new DeepgramModelInfo("emulated-" + model, "2026-01-01.0", arch, uuid.ToString());
    }
}
