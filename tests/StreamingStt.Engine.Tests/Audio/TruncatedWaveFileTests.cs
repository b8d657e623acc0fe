// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.TestSupport;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>A WAV file shorter than its header says streams what it holds, with a warning saying how much is missing.</summary>
    public sealed class TruncatedWaveFileTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        // Declares 2 s of 16 kHz mono 16-bit audio but holds 0.5 s.
        private string TruncatedFile()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, new byte[16000]);
            builder.DeclaredDataSize = 64000;
            return builder.WriteTo(_folder);
        }

        [Fact]
        public void ATruncatedFileSaysHowMuchAudioIsMissingAndStillReadsWhatIsThere()
        {
            using var source = WaveFileAudioSource.Open(TruncatedFile());

            Assert.Equal(TimeSpan.FromSeconds(1.5), source.MissingAudio);
            string warning = Assert.Single(source.Warnings);
            Assert.Contains("should hold 2.0 s of audio but ends after 0.5 s, so the last 1.5 s are missing", warning);
            Assert.Contains(source.Name, warning);
            Assert.Equal(8000, AudioFrameReaderTests.ReadAllSamples(source, 16000).Length);
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(0xFFFFFFFFu)]
        [InlineData(0x7FFFF000u)]
        public void AStreamingWritersPlaceholderSizeIsNoWarning(uint declaredSize)
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, new byte[16000]);
            builder.DeclaredDataSize = declaredSize;
            using var source = WaveFileAudioSource.Open(builder.WriteTo(_folder));
            Assert.Null(source.MissingAudio);
            Assert.Empty(source.Warnings);
        }

        [Fact]
        public void ACompleteFileIsNoWarning()
        {
            var builder = WaveFileBuilder.For(SampleEncoding.Pcm16, 1, 16000, new byte[16000]);
            using var source = WaveFileAudioSource.Open(builder.WriteTo(_folder));
            Assert.Empty(source.Warnings);
        }

        [Fact]
        public async Task TheSessionWritesTheWarningBeforeItConnects()
        {
            await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
            var options = new SttSessionOptions { Credential = SttCredential.FromApiKey("test-key"), Clock = new VirtualClock() };
            options.AssemblyAI.Endpoint = emulator.WebSocketUri;
            using var session = new SttSession(WaveFileAudioSource.Open(TruncatedFile()), options);
            session.Start();
            SessionRun run = SessionRun.Drain(session, TimeSpan.FromSeconds(30));

            Assert.Null(run.Fault);
            DiagnosticEvent[] warnings = run.Events.OfType<DiagnosticEvent>().Where(d => d.Level == DiagnosticLevel.Warning).ToArray();
            Assert.Contains("1.5 s are missing", Assert.Single(warnings).Message);
            int warningAt = run.Events.IndexOf(warnings[0]);
            int connectedAt = run.Events.FindIndex(e => e is DiagnosticEvent d && d.Message.StartsWith("Connected to ", StringComparison.Ordinal));
            Assert.True(warningAt < connectedAt, "the warning comes before the connection");
        }
    }
}
