// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Audio.Capture.Linux;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Linux;

/// <summary>
/// The real ALSA backend (libasound.so.2) against the ALSA file plugin: device listing from an
/// asoundrc, byte-exact capture, missing and broken devices, and speech captured through ALSA all
/// the way to a provider emulator.
/// </summary>
public sealed class AlsaCaptureBackendTests
{
    private static byte[] Noise(int bytes)
    {
        var random = new Random(42);
        var data = new byte[bytes];
        random.NextBytes(data);
        return data;
    }

    [LinuxFact]
    public void ListsDefaultFirstThenTheConfiguredDevices()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        var backend = new AlsaCaptureBackend();
        Assert.True(backend.IsAvailable);

        IReadOnlyList<AudioDevice> devices = backend.ListDevices();

        Assert.Equal("default", devices[0].Id);
        Assert.True(devices[0].IsDefault);
        AudioDevice file = Assert.Single(devices, d => d.Id == "sttfile");
        Assert.Equal("StreamingStt test microphone", file.Name);
        Assert.False(file.IsDefault);
        Assert.Contains(devices, d => d.Id == "broken");
        Assert.DoesNotContain(devices, d => d.Id == "null");
        Assert.Equal(Enumerable.Range(0, devices.Count), devices.Select(d => d.Index));
        Assert.All(devices, d => Assert.Equal("ALSA", d.Backend));
    }

    [LinuxFact]
    public void CapturesTheDeviceByteForByteInTheFormatItOffers()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        byte[] input = Noise(32000); // 1 s of 16 kHz mono 16-bit
        File.WriteAllBytes(alsa.PathOf("input.raw"), input);

        using MicrophoneAudioSource source = AudioCapture.Open("StreamingStt test*", new MicrophoneOptions { PreferredSampleRate = 16000, SilenceWarningAfter = TimeSpan.Zero });

        Assert.Equal("sttfile", source.Device.Id);
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16), source.Format);
        var captured = new MemoryStream();
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        while (captured.Length < input.Length) captured.Write(buffer, 0, source.Read(buffer, 0, buffer.Length));
        Assert.Equal(input, captured.ToArray().AsSpan(0, input.Length).ToArray());
        // The file plugin has no clock; capture still runs at real time (the providers refuse faster audio).
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.8, 10);
    }

    [LinuxFact]
    public void TheDefaultDeviceIsUsedWhenNoneIsNamed()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        byte[] input = Noise(3200);
        File.WriteAllBytes(alsa.PathOf("input.raw"), input);
        using MicrophoneAudioSource source = AudioCapture.Open(null, new MicrophoneOptions { SilenceWarningAfter = TimeSpan.Zero });
        Assert.Equal("default", source.Device.Id);
        var buffer = new byte[3200];
        int total = 0;
        while (total < buffer.Length) total += source.Read(buffer, total, buffer.Length - total);
        Assert.Equal(input, buffer);
    }

    [LinuxFact]
    public void APcmTheHintsDoNotListCanStillBeNamedLikeArecordDashD()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        byte[] input = Noise(3200);
        File.WriteAllBytes(alsa.PathOf("input.raw"), input);
        // A PCM spec with arguments, like "hw:1,0" or "plughw:CARD=USB,DEV=0": never in the hints.
        const string spec = "plug:sttfile";
        Assert.DoesNotContain(new AlsaCaptureBackend().ListDevices(), d => d.Id == spec);

        using MicrophoneAudioSource source = AudioCapture.Open(spec, new MicrophoneOptions { SilenceWarningAfter = TimeSpan.Zero });

        Assert.Equal(spec, source.Device.Id);
        Assert.Equal(spec, source.Name);
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16), source.Format);
        var buffer = new byte[3200];
        int total = 0;
        while (total < buffer.Length) total += source.Read(buffer, total, buffer.Length - total);
        Assert.Equal(input, buffer);
    }

    [LinuxFact]
    public void AnUnknownDeviceIsNotFoundAndTheMessageListsTheDevices()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        SttException error = Assert.Throws<SttException>(() => AudioCapture.Open("Studio Mic", new MicrophoneOptions()));
        SttException unopenable = Assert.Throws<SttException>(() => AudioCapture.Open("hw:9,0", new MicrophoneOptions()));
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, unopenable.Kind);
        Assert.Contains("No capture device is named 'hw:9,0'", unopenable.Message);
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Contains("No capture device is named 'Studio Mic'", error.Message);
        Assert.Contains("Available capture devices (ALSA):", error.Message);
        Assert.Contains("StreamingStt test microphone  (sttfile)", error.Message);
        Assert.Contains("Broken test device  (broken)", error.Message);
    }

    [LinuxFact]
    public void ADeviceThatCannotOpenSaysWhichAndWhy()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        SttException error = Assert.Throws<SttException>(() => AudioCapture.Open("broken", new MicrophoneOptions()));
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Contains("The ALSA capture device 'broken' does not exist or is not connected", error.Message);
        Assert.Contains("Available capture devices (ALSA):", error.Message);
        Assert.Contains("StreamingStt test microphone  (sttfile)", error.Message);
        Assert.Equal("Broken test device", error.Target);
    }

    [LinuxFact]
    public void WithoutAnyConfiguredDeviceTheDefaultCannotOpen()
    {
        // A machine without a sound card and without PulseAudio/PipeWire: ALSA's stock default is card 0.
        using var alsa = new AlsaTestConfiguration("# nothing\n");
        SttException error = Assert.Throws<SttException>(() => AudioCapture.Open(null, new MicrophoneOptions()));
        Assert.Equal(SttErrorKind.AudioDeviceNotFound, error.Kind);
        Assert.Contains("The ALSA capture device 'default' does not exist", error.Message);
        Assert.Contains("no sound card and no sound server", error.Message);
        Assert.Contains("raw audio with RawPcmStreamAudioSource", error.Message); // -StandardInput to a cmdlet user
    }

    [EspeakFact]
    public async Task SpeechCapturedThroughAlsaReachesTheProviderUnchanged()
    {
        using var alsa = new AlsaTestConfiguration(AlsaTestConfiguration.FileDevice());
        string wav = alsa.PathOf("speech.wav");
        Espeak.Speak("the quick brown fox jumps over the lazy dog", wav);
        byte[] speech = ToPcm16Mono16k(wav);
        File.WriteAllBytes(alsa.PathOf("input.raw"), speech);

        await using DeepgramEmulator emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions());
        var options = new SttSessionOptions
        {
            Provider = SttProvider.Deepgram,
            Credential = SttCredential.FromApiKey("test-key"),
            MaxAudioDuration = TimeSpan.FromSeconds(5),
        };
        options.Deepgram.Endpoint = emulator.WebSocketUri;

        MicrophoneAudioSource microphone = AudioCapture.Open(null, new MicrophoneOptions { PreferredSampleRate = options.SampleRate });
        Assert.Equal(new AudioFormat(16000, 1, SampleEncoding.Pcm16), microphone.Format);
        var clock = Stopwatch.StartNew();
        using var session = new SttSession(microphone, options);
        session.Start();
        SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

        Assert.Null(run.Fault);
        Assert.Equal(SessionEndReason.Completed, run.Summary.EndReason);
        Assert.Equal(TimeSpan.Zero, run.Summary.AudioDropped);
        Assert.InRange(clock.Elapsed.TotalSeconds, 4.8, 20); // live audio is live
        Assert.Equal(new[] { "hello world", "how are you today" }, run.Finals.Select(t => t.Transcript));
        Assert.All(run.Turns, t => Assert.Equal(microphone.Name, t.Source));

        // The provider hashes what it received (Metadata.sha256): the speech, then the plugin's silence.
        long sent = run.Summary.BytesSent;
        Assert.True(sent >= speech.Length, $"sent {sent} of {speech.Length} bytes of speech");
        var expected = new byte[sent];
        speech.CopyTo(expected, 0);
        DeepgramSessionRecord record = Assert.Single(emulator.Sessions);
        string metadata = record.ServerMessages.Single(m => m.Contains("\"Metadata\"", StringComparison.Ordinal));
        string? sha256 = JsonDocument.Parse(metadata).RootElement.GetProperty("sha256").GetString();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(expected)).ToLowerInvariant(), sha256);
    }

    // espeak-ng writes 22050 Hz; the file plugin's infile is raw in the format the backend opens (16 kHz mono s16).
    private static byte[] ToPcm16Mono16k(string wav)
    {
        using var reader = new AudioFrameReader(WaveFileAudioSource.Open(wav), 16000, OutputEncoding.PcmS16le, 50);
        var output = new MemoryStream();
        var frame = new byte[reader.FrameBytes];
        int count;
        while ((count = reader.ReadFrame(frame)) > 0) output.Write(frame, 0, count);
        return output.ToArray();
    }
}
