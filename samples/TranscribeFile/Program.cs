// Copyright (c) StreamingStt contributors. MIT License.
//
// TranscribeFile: streams a WAV file through StreamingStt.Engine and prints each finished turn.
//
//   dotnet run --project samples/TranscribeFile -- meeting.wav            (AssemblyAI, key from ASSEMBLYAI_API_KEY)
//   dotnet run --project samples/TranscribeFile -- --emulator             (local emulator, synthesized audio)
//   dotnet run --project samples/TranscribeFile -- meeting.wav --endpoint wss://proxy.example/v3/ws
//
// The code between "The engine part" and "End of the engine part" is the whole of what a program
// needs; docs/engine-api.md walks through it.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt;
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Session;

namespace TranscribeFile
{
    internal static class Program
    {
        private const string Usage =
            "usage: TranscribeFile [<audio file>] [--emulator] [--endpoint <wss-url>] [--speech-model <name>]\n" +
            "                      [--no-pacing] [--partials] [--verbose]\n" +
            "\n" +
            "  <audio file>      WAV, or MP3/FLAC/Ogg/M4A/... through ffmpeg; without it a few seconds of audio are synthesized\n" +
            "  --emulator        stream to an in-process AssemblyAI emulator on 127.0.0.1 (no key, no network);\n" +
            "                    it answers with a fixed script whatever the audio says\n" +
            "  --endpoint <uri>  WebSocket endpoint instead of AssemblyAI's (ws:// only for loopback)\n" +
            "  --speech-model    AssemblyAI speech_model (default u3-rt-pro)\n" +
            "  --no-pacing       send as fast as allowed (emulators only; the real service closes with 3007)\n" +
            "  --partials        also print partial updates\n" +
            "  --verbose         print the session's narration on stderr\n" +
            "\n" +
            "The API key is read from ASSEMBLYAI_API_KEY (not needed with --emulator).";

        private static async Task<int> Main(string[] args)
        {
            Arguments a;
            try
            {
                a = Arguments.Parse(args);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            if (a.Help)
            {
                Console.WriteLine(Usage);
                return 0;
            }

            AssemblyAIEmulator? emulator = null;
            try
            {
                var options = new SttSessionOptions
                {
                    PaceRealTime = !a.NoPacing,
                };
                if (a.SpeechModel != null) options.AssemblyAI.SpeechModel = a.SpeechModel;
                if (a.Endpoint != null) options.AssemblyAI.Endpoint = a.Endpoint;

                if (a.Emulator)
                {
                    // The emulator accepts the key "test-key" and recognizes a fixed script
                    // ("Hello world." at 0.5 s, "How are you today?" at 3 s), whatever the audio.
                    emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
                    options.AssemblyAI.Endpoint = emulator.WebSocketUri;
                    options.Credential = SttCredential.FromApiKey("test-key");
                    Console.Error.WriteLine($"# emulator listening on {emulator.WebSocketUri}");
                }
                else
                {
                    options.Credential = SttCredential.FromEnvironment(SttProvider.AssemblyAI);
                    if (options.Credential == null)
                    {
                        Console.Error.WriteLine("Set ASSEMBLYAI_API_KEY, or run with --emulator to try it without a key.");
                        return 3;
                    }
                }

                return Transcribe(a, options);
            }
            finally
            {
                if (emulator != null) await emulator.DisposeAsync();
            }
        }

        // ---- The engine part ----------------------------------------------------------------
        private static int Transcribe(Arguments a, SttSessionOptions options)
        {
            IAudioSource source;
            try
            {
                if (a.Path != null)
                {
                    source = AudioFileOpener.Open(a.Path);
                }
                else
                {
                    if (!a.Emulator)
                    {
                        Console.Error.WriteLine("# no WAV file given: streaming synthesized sounds; a real service will hear no words");
                    }

                    var format = new AudioFormat(16000, 1, SampleEncoding.Pcm16);
                    source = new RawPcmStreamAudioSource(new MemoryStream(SynthesizeSpeechLikeAudio(format.SampleRate)), format, "synthesized");
                }
            }
            catch (SttException ex)
            {
                PrintError(ex);
                return 1;
            }

            // From here on the session owns the source and disposes it when the session ends.
            SttSession? created = CreateSession(source, options);
            if (created == null)
            {
                source.Dispose();
                return 1;
            }

            using SttSession session = created;

            // First Ctrl+C: graceful stop (the last turn still arrives). Second: cancel at once.
            int interrupts = 0;
            ConsoleCancelEventHandler onCancel = (sender, e) =>
            {
                e.Cancel = true;
                if (Interlocked.Increment(ref interrupts) == 1)
                {
                    Console.Error.WriteLine("# stopping (Ctrl+C again to cancel)");
                    session.RequestStop();
                }
                else
                {
                    session.Cancel();
                }
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                session.Start();

                SessionSummary? summary = null;
                while (!session.IsDrained)
                {
                    // Engine threads only enqueue; this thread takes events in order.
                    if (!session.TryTake(out SessionEvent? ev, TimeSpan.FromMilliseconds(250), CancellationToken.None))
                    {
                        continue;
                    }

                    switch (ev)
                    {
                        case SessionBeganEvent began when !a.Verbose: // --verbose narrates it already
                            Console.Error.WriteLine($"# session {began.SessionId} began" +
                                (began.ExpiresAt is DateTimeOffset expires ? $", expires {expires:u}" : string.Empty));
                            break;
                        case TurnEvent turnEvent when turnEvent.Turn.EndOfTurn:
                            Console.WriteLine($"[{FormatOffset(turnEvent.Turn.StartTime)}] {turnEvent.Turn.Transcript}");
                            break;
                        case TurnEvent partial:
                            if (a.Partials) Console.WriteLine($"  ...  {partial.Turn.Transcript}");
                            break;
                        case SpeechStartedEvent speech:
                            if (a.Verbose) Console.Error.WriteLine($"# speech started at {FormatOffset(speech.AudioTime)}");
                            break;
                        case DiagnosticEvent d when d.Level == DiagnosticLevel.Warning:
                            Console.Error.WriteLine($"warning: {d.Message}");
                            break;
                        case DiagnosticEvent d when d.Level == DiagnosticLevel.Verbose:
                            if (a.Verbose) Console.Error.WriteLine($"# {d.Message}");
                            break;
                        case SessionFaultEvent fault:
                            PrintError(fault.Error);
                            break;
                        case SessionEndedEvent ended:
                            summary = ended.Summary;
                            break;
                    }
                }

                summary ??= session.GetSummary();
                PrintSummary(summary);
                return summary.EndReason == SessionEndReason.Completed || summary.EndReason == SessionEndReason.Stopped ? 0 : 1;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        private static SttSession? CreateSession(IAudioSource source, SttSessionOptions options)
        {
            try
            {
                // Validates the options (OptionInvalid, ApiKeyMissing); opens nothing yet.
                return new SttSession(source, options);
            }
            catch (SttException ex)
            {
                PrintError(ex);
                return null;
            }
        }
        // ---- End of the engine part -----------------------------------------------------------

        private static void PrintError(SttException ex)
        {
            Console.Error.WriteLine($"error {ex.ErrorId}: {ex.Message}");
            if (ex.ProviderCode != null) Console.Error.WriteLine($"  provider code {ex.ProviderCode}: {ex.ProviderReason}");
            if (ex.RecommendedAction != null) Console.Error.WriteLine($"  {ex.RecommendedAction}");
        }

        private static void PrintSummary(SessionSummary s)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "summary: {0}, {1} turns ({2} partial updates, {3} dropped), {4:0.0} s of audio in {5:0.0} s, session {6}",
                s.EndReason, s.TurnCount, s.PartialCount, s.DroppedPartials, s.AudioSent.TotalSeconds,
                s.Elapsed.TotalSeconds, s.SessionId ?? "(none)"));
            if (s.CloseStatus != null && s.CloseStatus != 1000)
            {
                Console.WriteLine($"  closed with {s.CloseStatus}" + (string.IsNullOrEmpty(s.CloseReason) ? string.Empty : $": {s.CloseReason}"));
            }

            if (s.ErrorId != null) Console.WriteLine($"  {s.ErrorId}: {s.Error}");
        }

        /// <summary>"mm:ss.f", minutes not wrapping at an hour.</summary>
        private static string FormatOffset(TimeSpan t) =>
            string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}.{2}", (int)t.TotalMinutes, t.Seconds, t.Milliseconds / 100);

        /// <summary>
        /// Six seconds of 16-bit mono PCM: voiced "syllables" (a 140 Hz buzz with a few harmonics,
        /// 300 ms each) where the emulator's default script places words, silence elsewhere.
        /// </summary>
        private static byte[] SynthesizeSpeechLikeAudio(int sampleRate)
        {
            var bursts = new List<(double Start, int Syllables)> { (0.5, 2), (3.0, 4) };
            int total = sampleRate * 6;
            var pcm = new byte[total * 2];
            const double syllable = 0.3;
            foreach (var (start, count) in bursts)
            {
                int first = (int)(start * sampleRate);
                int length = (int)(syllable * count * sampleRate);
                for (int i = 0; i < length && first + i < total; i++)
                {
                    double t = (double)i / sampleRate;
                    double inSyllable = (t % syllable) / syllable;
                    double envelope = Math.Sin(Math.PI * inSyllable); // rises and falls once per syllable
                    double f0 = 140 + 20 * Math.Sin(2 * Math.PI * 0.8 * t);
                    double v = 0;
                    for (int h = 1; h <= 5; h++) v += Math.Sin(2 * Math.PI * f0 * h * t) / h;
                    short sample = (short)(envelope * v * 6000);
                    int at = (first + i) * 2;
                    pcm[at] = (byte)sample;
                    pcm[at + 1] = (byte)(sample >> 8);
                }
            }

            return pcm;
        }

        private sealed class Arguments
        {
            public string? Path;
            public bool Emulator;
            public Uri? Endpoint;
            public string? SpeechModel;
            public bool NoPacing;
            public bool Partials;
            public bool Verbose;
            public bool Help;

            public static Arguments Parse(string[] args)
            {
                var a = new Arguments();
                for (int i = 0; i < args.Length; i++)
                {
                    switch (args[i])
                    {
                        case "--emulator": a.Emulator = true; break;
                        case "--no-pacing": a.NoPacing = true; break;
                        case "--partials": a.Partials = true; break;
                        case "--verbose": a.Verbose = true; break;
                        case "-h":
                        case "--help": a.Help = true; break;
                        case "--endpoint":
                            string value = Next(args, ref i);
                            if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)) throw new ArgumentException($"--endpoint: '{value}' is not an absolute URI.");
                            a.Endpoint = uri;
                            break;
                        case "--speech-model": a.SpeechModel = Next(args, ref i); break;
                        default:
                            if (args[i].StartsWith("-", StringComparison.Ordinal)) throw new ArgumentException($"Unknown option '{args[i]}'.");
                            if (a.Path != null) throw new ArgumentException("Give one WAV file.");
                            a.Path = args[i];
                            break;
                    }
                }

                if (a.Emulator && a.Endpoint != null) throw new ArgumentException("--emulator and --endpoint cannot be used together.");
                return a;
            }

            private static string Next(string[] args, ref int i)
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.");
                return args[++i];
            }
        }
    }
}
