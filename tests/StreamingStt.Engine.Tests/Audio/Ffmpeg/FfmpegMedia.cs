// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Ffmpeg;

namespace StreamingStt.Engine.Tests.Audio.Ffmpeg;

/// <summary>
/// Test media made by ffmpeg itself in a temp folder, once per test class and only when a test
/// asks (so classes whose tests are skipped for want of ffmpeg never run it).
/// </summary>
public sealed class FfmpegMedia : IDisposable
{
    public const int Rate = 44100;
    public const double Seconds = 2.0;

    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, string> _made = new();
    private short[]? _toneSamples;

    public string Folder => _folder.Path;

    /// <summary>2 s of 44.1 kHz mono 16-bit: a tone plus a little deterministic noise, so every bit counts.</summary>
    public string ToneWav => Make("tone.wav", path =>
    {
        var random = new Random(7);
        var samples = new short[(int)(Rate * Seconds)];
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(Math.Sin(2 * Math.PI * 440 * i / Rate) * 12000 + random.Next(-300, 300));
            BitConverter.GetBytes(samples[i]).CopyTo(bytes, i * 2);
        }
        _toneSamples = samples;
        File.WriteAllBytes(path, WaveFileBuilder.For(SampleEncoding.Pcm16, 1, Rate, bytes).Build());
    });

    public short[] ToneSamples
    {
        get
        {
            _ = ToneWav;
            return _toneSamples!;
        }
    }

    public string Encoded(string extension, params string[] codec) =>
        Make("tone" + extension, path => Run(new[] { "-i", ToneWav }.Concat(codec).Append(path).ToArray()));

    public string StereoFlac48k => Make("stereo48k.flac", path =>
        Run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-ac", "2", path));

    public string LongFlac => Make("long.flac", path =>
        Run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=20", path));

    public string VideoWithoutAudio => Make("silent-video.mkv", path =>
        Run("-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10", "-c:v", "mpeg4", path));

    public string VideoWithAudio => Make("video.mp4", path =>
        Run("-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=1",
            "-c:v", "mpeg4", "-c:a", "aac", "-shortest", path));

    public string AdpcmWav => Make("adpcm.wav", path => Run("-i", ToneWav, "-c:a", "adpcm_ms", path));

    public string Copy(string source, string name)
    {
        string target = _folder.File(name);
        File.Copy(source, target, overwrite: true);
        return target;
    }

    public string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => _folder.Dispose();

    private string Make(string name, Action<string> make)
    {
        lock (_made)
        {
            if (!_made.TryGetValue(name, out string? path))
            {
                path = _folder.File(name);
                make(path);
                _made[name] = path;
            }
            return path;
        }
    }

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(FfmpegLocator.Find() ?? throw new InvalidOperationException("ffmpeg is not on PATH."))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-y" }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {errors}");
    }

    /// <summary>Everything a source returns, checking that each read is whole blocks.</summary>
    public static byte[] ReadAll(IAudioSource source)
    {
        var all = new MemoryStream();
        var buffer = new byte[source.Format.BlockAlign * 1000];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (read % source.Format.BlockAlign != 0) throw new InvalidOperationException($"Read returned {read} bytes, not whole blocks.");
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    public static float[] Floats(byte[] bytes)
    {
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }
}
