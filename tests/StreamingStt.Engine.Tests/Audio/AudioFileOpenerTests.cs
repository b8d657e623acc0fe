// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Ffmpeg;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.Audio.Ffmpeg;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio;

public class AudioFileOpenerTests : IClassFixture<FfmpegMedia>
{
    private const string NotFound = "ffmpeg, which was not found on PATH: install it (winget install ffmpeg / apt install ffmpeg / brew install ffmpeg) or pass its path.";

    private readonly FfmpegMedia _media;

    public AudioFileOpenerTests(FfmpegMedia media) => _media = media;

    [Fact]
    public void A_wav_file_goes_to_the_wav_reader_without_looking_for_ffmpeg()
    {
        string path = _media.ToneWav;
        using IAudioSource source = AudioFileOpener.Open(path, () => throw new InvalidOperationException("ffmpeg was looked for"));
        Assert.IsType<WaveFileAudioSource>(source);
        Assert.Equal(new AudioFormat(FfmpegMedia.Rate, 1, SampleEncoding.Pcm16), source.Format);
    }

    [Fact]
    public void An_rf64_file_goes_to_the_wav_reader()
    {
        var rf64 = new WaveFileBuilder { RiffId = "RF64", DeclaredDataSize = 0xFFFFFFFF, Rf64DataSize = 64, Data = new byte[64] };
        string path = _media.Write("rf64.wav", rf64.Build());
        using IAudioSource source = AudioFileOpener.Open(path, () => null);
        Assert.IsType<WaveFileAudioSource>(source);
    }

    [Fact]
    public void A_missing_file_is_AudioFileNotFound()
    {
        string path = Path.Combine(_media.Folder, "missing.mp3");
        var ex = Assert.Throws<SttException>(() => AudioFileOpener.Open(path));
        Assert.Equal(SttErrorKind.AudioFileNotFound, ex.Kind);
        Assert.Equal($"The audio file '{path}' does not exist.", ex.Message);
        Assert.Equal(path, ex.Target);
    }

    [Fact]
    public void An_empty_file_is_AudioFileCorrupt()
    {
        string path = _media.Write("empty.mp3", Array.Empty<byte>());
        var ex = Assert.Throws<SttException>(() => AudioFileOpener.Open(path, () => "/usr/bin/ffmpeg"));
        Assert.Equal(SttErrorKind.AudioFileCorrupt, ex.Kind);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Not_wav_without_ffmpeg_says_how_to_install_it()
    {
        string path = _media.Write("song.mp3", new byte[] { 0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        var ex = Assert.Throws<SttException>(() => AudioFileOpener.Open(path, () => FfmpegLocator.Find(null, null, "", isWindows: false)));
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, ex.Kind);
        Assert.Equal($"'{path}' is not a WAV file. StreamingStt decodes MP3, FLAC, Ogg, M4A and other formats with {NotFound}", ex.Message);
        Assert.Equal(path, ex.Target);
    }

    [Fact]
    public void A_wav_codec_the_reader_lacks_without_ffmpeg_adds_a_sentence_about_ffmpeg()
    {
        var adpcm = new WaveFileBuilder { FormatTag = 2, BitsPerSample = 4, BlockAlign = 256, Data = new byte[512] };
        string path = _media.Write("adpcm-built.wav", adpcm.Build());
        var ex = Assert.Throws<SttException>(() => AudioFileOpener.Open(path, () => null));
        Assert.Equal(SttErrorKind.AudioFormatNotSupported, ex.Kind);
        Assert.Contains("which StreamingStt cannot decode", ex.Message);
        Assert.EndsWith("ffmpeg could decode it, but it was not found on PATH: install it (winget install ffmpeg / apt install ffmpeg / brew install ffmpeg) or pass its path.", ex.Message);
        Assert.IsType<SttException>(ex.InnerException);
    }

    [FfmpegFact]
    public void Other_formats_go_to_ffmpeg()
    {
        using IAudioSource source = AudioFileOpener.Open(_media.Encoded(".flac"));
        Assert.IsType<FfmpegAudioSource>(source);
        Assert.Equal(_media.ToneSamples.Length * 4, FfmpegMedia.ReadAll(source).Length);
    }

    [FfmpegFact]
    public void A_wav_codec_the_reader_lacks_goes_to_ffmpeg()
    {
        using IAudioSource source = AudioFileOpener.Open(_media.AdpcmWav);
        Assert.IsType<FfmpegAudioSource>(source);
        Assert.Equal(FfmpegMedia.Rate, source.Format.SampleRate);
        Assert.InRange(FfmpegMedia.ReadAll(source).Length / 4.0 / FfmpegMedia.Rate, 1.9, 2.1);
    }

    [FfmpegFact]
    public void An_explicit_ffmpeg_path_that_does_not_exist_is_named()
    {
        string missing = Path.Combine(_media.Folder, "no", "ffmpeg");
        var ex = Assert.Throws<SttException>(() => AudioFileOpener.Open(_media.Encoded(".flac"), new FfmpegOptions { ExecutablePath = missing }));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains(missing, ex.Message);
    }
}
