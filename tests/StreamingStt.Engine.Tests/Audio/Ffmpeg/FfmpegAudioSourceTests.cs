// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Ffmpeg;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Ffmpeg;

public class FfmpegAudioSourceTests : IClassFixture<FfmpegMedia>
{
    private readonly FfmpegMedia _media;

    public FfmpegAudioSourceTests(FfmpegMedia media) => _media = media;

    [FfmpegFact]
    public void Flac_decodes_sample_exact_against_the_wav_it_was_made_from()
    {
        using var source = FfmpegAudioSource.Open(_media.Encoded(".flac"));

        Assert.Equal(new AudioFormat(FfmpegMedia.Rate, 1, SampleEncoding.Float32), source.Format);
        Assert.False(source.IsRealTime);
        Assert.Equal(Path.GetFullPath(_media.Encoded(".flac")), source.Name);
        Assert.Equal(TimeSpan.FromSeconds(FfmpegMedia.Seconds), source.Duration);

        float[] decoded = FfmpegMedia.Floats(FfmpegMedia.ReadAll(source));
        short[] original = _media.ToneSamples;
        Assert.Equal(original.Length, decoded.Length);
        for (int i = 0; i < original.Length; i++)
        {
            // ffmpeg converts 16-bit to float by dividing by 32768, which is exact.
            Assert.True(original[i] == decoded[i] * 32768f, $"sample {i}: {original[i]} became {decoded[i] * 32768f}");
        }
        Assert.Equal(0, source.Read(new byte[64], 0, 64));
    }

    [FfmpegFact]
    public void Lossy_formats_decode_at_their_own_rate_and_length()
    {
        var cases = new (string Extension, string[] Codec, int Rate)[]
        {
            (".mp3", new[] { "-c:a", "libmp3lame", "-b:a", "64k" }, 44100),
            (".ogg", new[] { "-c:a", "libvorbis" }, 44100),
            (".opus", new[] { "-c:a", "libopus" }, 48000),   // Opus always decodes at 48 kHz
            (".m4a", new[] { "-c:a", "aac" }, 44100),
        };
        foreach (var (extension, codec, rate) in cases)
        {
            using var source = FfmpegAudioSource.Open(_media.Encoded(extension, codec));
            Assert.Equal(new AudioFormat(rate, 1, SampleEncoding.Float32), source.Format);
            Assert.NotNull(source.Duration);
            Assert.InRange(source.Duration!.Value.TotalSeconds, 1.9, 2.15);

            float[] samples = FfmpegMedia.Floats(FfmpegMedia.ReadAll(source));
            double seconds = (double)samples.Length / rate;
            Assert.True(Math.Abs(seconds - FfmpegMedia.Seconds) < 0.1, $"{extension}: {seconds:0.000} s decoded");
            Assert.InRange(samples.Max(), 0.3f, 0.45f);   // the 12000/32768 tone, not silence or noise
        }
    }

    [FfmpegFact]
    public void Stereo_48k_stays_stereo_48k()
    {
        using var source = FfmpegAudioSource.Open(_media.StereoFlac48k);
        Assert.Equal(new AudioFormat(48000, 2, SampleEncoding.Float32), source.Format);
        byte[] bytes = FfmpegMedia.ReadAll(source);
        Assert.Equal(48000 * 2 * 4, bytes.Length);
    }

    [FfmpegFact]
    public void The_audio_of_a_video_is_decoded()
    {
        using var source = FfmpegAudioSource.Open(_media.VideoWithAudio);
        Assert.Equal(new AudioFormat(22050, 1, SampleEncoding.Float32), source.Format);
        Assert.InRange(FfmpegMedia.ReadAll(source).Length / 4 / 22050.0, 0.9, 1.1);
    }

    [FfmpegFact]
    public void Garbage_named_mp3_is_an_error_naming_the_file_and_quoting_ffmpeg()
    {
        var bytes = new byte[4000];
        new Random(42).NextBytes(bytes);
        string path = _media.Write("garbage.mp3", bytes);

        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Open(path));
        Assert.Equal(SttErrorKind.AudioFileCorrupt, ex.Kind);
        Assert.Equal(path, ex.Target);
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Matches("ffmpeg said: \".+\"\\.$", ex.Message);
    }

    [FfmpegFact]
    public void A_video_without_audio_says_so()
    {
        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Open(_media.VideoWithoutAudio));
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, ex.Kind);
        Assert.Contains("contains no audio stream", ex.Message);
        Assert.Contains("matches no streams", ex.Message);
    }

    [FfmpegFact]
    public void A_file_cut_short_returns_the_audio_that_is_there()
    {
        byte[] flac = File.ReadAllBytes(_media.Encoded(".flac"));
        string path = _media.Write("cut.flac", flac.AsSpan(0, flac.Length / 2).ToArray());

        using var source = FfmpegAudioSource.Open(path);
        int samples = FfmpegMedia.ReadAll(source).Length / 4;
        // ffmpeg decodes up to the cut and exits normally; the last frame may be lost.
        Assert.InRange(samples, FfmpegMedia.Rate * 0.5, FfmpegMedia.Rate * 1.5);
    }

    [FfmpegFact]
    public void A_file_cut_inside_its_header_is_an_error()
    {
        byte[] flac = File.ReadAllBytes(_media.Encoded(".flac"));
        string path = _media.Write("header-only.flac", flac.AsSpan(0, 30).ToArray());

        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Open(path));
        Assert.Equal(SttErrorKind.AudioFileCorrupt, ex.Kind);
        Assert.Contains(path, ex.Message);
    }

    [FfmpegFact]
    public void Paths_with_spaces_quotes_and_backslashes_reach_ffmpeg_intact()
    {
        string name = OperatingSystem.IsWindows() ? "my song (1) & 'more'.flac" : "it's a \"quoted\" name \\\" with\\ spaces\\.flac";
        string path = _media.Copy(_media.Encoded(".flac"), name);

        using var source = FfmpegAudioSource.Open(path);
        Assert.Equal(path, source.Name);
        Assert.Equal(_media.ToneSamples.Length * 4, FfmpegMedia.ReadAll(source).Length);
    }

    [FfmpegFact]
    public void Dispose_mid_stream_stops_ffmpeg()
    {
        var source = FfmpegAudioSource.Open(_media.LongFlac);
        var buffer = new byte[4096];
        Assert.True(source.Read(buffer, 0, buffer.Length) > 0);
        int pid = source.ProcessId;
        // 20 s of float audio is far more than a pipe holds: ffmpeg is still running, blocked on its output.
        using (var running = Process.GetProcessById(pid))
        {
            Assert.False(running.HasExited);
        }

        source.Dispose();
        source.Dispose();   // idempotent

        Assert.True(IsGone(pid), "ffmpeg is still running after Dispose");
        Assert.Throws<ObjectDisposedException>(() => source.Read(buffer, 0, buffer.Length));
    }

    [FfmpegFact]
    public void An_ffmpeg_that_cannot_start_is_named()
    {
        using var folder = new TempFolder();
        string notAProgram = folder.File(OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
        File.WriteAllText(notAProgram, "not a program");

        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Open(_media.Encoded(".flac"), new FfmpegOptions { ExecutablePath = notAProgram }));
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, ex.Kind);
        Assert.Contains(notAProgram, ex.Message);
        Assert.Contains(_media.Encoded(".flac"), ex.Message);
    }

    [Fact]
    public void Missing_ffmpeg_is_AudioFormatNotSupported_naming_ffmpeg()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.mp3");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });

        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Start(path, FfmpegLocator.Find(null, null, "", isWindows: false)));
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, ex.Kind);
        Assert.Contains("ffmpeg, which was not found on PATH", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void An_explicit_ffmpeg_path_that_does_not_exist_is_named()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.mp3");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        string missing = folder.File("bin/ffmpeg");

        var ex = Assert.Throws<SttException>(() => FfmpegAudioSource.Open(path, new FfmpegOptions { ExecutablePath = missing }));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains(missing, ex.Message);
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
