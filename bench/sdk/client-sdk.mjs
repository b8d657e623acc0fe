// Copyright (c) StreamingStt contributors. MIT License.
//
// One benchmark client built on an official SDK: streams a 16 kHz mono s16 WAV file in 50 ms frames (paced at real
// time on an absolute schedule, or as fast as the SDK takes them) over N concurrent sessions to a running emulator,
// then prints one line: RESULT {json} with the process's own CPU and memory (bench/StreamingStt.LoadBench reads it).
//
//   node client-sdk.mjs --provider assemblyai|deepgram|speechmatics --url URL [--http-url URL] --key KEY --wav FILE
//                       [--paced true|false] [--sessions N]
//
// The start-up figure is everything before the first session starts (node, the SDK import, reading the file).
const startupCpu = process.cpuUsage();

const { readFileSync } = await import("node:fs");
const { setTimeout: sleep } = await import("node:timers/promises");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const provider = args.provider;
const paced = (args.paced ?? "true") === "true";
const sessions = Number(args.sessions ?? 1);
const FRAME_MS = 50;
const FRAME_BYTES = (16000 * 2 * FRAME_MS) / 1000;

const sdk =
  provider === "assemblyai" ? await import("assemblyai")
  : provider === "deepgram" ? await import("@deepgram/sdk")
  : provider === "speechmatics" ? await import("@speechmatics/real-time-client")
  : null;
if (!sdk) {
  console.error(`unknown --provider ${provider}`);
  process.exit(2);
}
const audio = readWavData(args.wav);
const audioSeconds = audio.length / 32000;

function readWavData(path) {
  const file = readFileSync(path);
  for (let at = 12; at + 8 <= file.length; ) {
    const size = file.readUInt32LE(at + 4);
    if (file.toString("ascii", at, at + 4) === "data") return new Uint8Array(file.subarray(at + 8, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** The frames of the file; the last one padded to a whole frame (providers refuse frames under 50 ms). */
function* frames() {
  for (let offset = 0; offset < audio.length; offset += FRAME_BYTES) {
    const frame = audio.subarray(offset, offset + FRAME_BYTES);
    if (frame.length === FRAME_BYTES) yield frame;
    else {
      const padded = new Uint8Array(FRAME_BYTES);
      padded.set(frame);
      yield padded;
    }
  }
}

/** Sends every frame through send(frame): on the real-time clock when paced, else yielding to I/O now and then. */
async function sendAll(send) {
  const started = performance.now();
  let i = 0;
  for (const frame of frames()) {
    if (paced) {
      const wait = started + i * FRAME_MS - performance.now();
      if (wait > 0) await sleep(wait);
    } else if (i % 20 === 19) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    send(frame);
    i++;
  }
  return i;
}

let turns = 0;
// Start-up to the first end-of-turn: wall ms from process start and the process's whole CPU by then.
let firstTurnWallMs = null;
let firstTurnCpuMs = null;
function countTurn() {
  turns++;
  if (firstTurnWallMs === null) {
    firstTurnWallMs = performance.now();
    const cpu = process.cpuUsage();
    firstTurnCpuMs = (cpu.user + cpu.system) / 1000;
  }
}

async function assemblyAISession() {
  const transcriber = new sdk.AssemblyAI({ apiKey: args.key }).streaming.transcriber({
    websocketBaseUrl: args.url,
    sampleRate: 16000,
    encoding: "pcm_s16le",
    speechModel: "u3-rt-pro",
    maxConnectionRetries: 0,
  });
  transcriber.on("turn", (turn) => { if (turn.end_of_turn) countTurn(); });
  transcriber.on("error", (error) => { throw error; });
  await transcriber.connect();
  await sendAll((frame) => transcriber.sendAudio(frame));
  await transcriber.close(true, 10000);
}

async function deepgramSession() {
  const client = new sdk.DeepgramClient({ apiKey: args.key, baseUrl: args.url });
  const socket = await client.listen.v1.connect({ model: "nova-3", encoding: "linear16", sample_rate: 16000, interim_results: "true", reconnectAttempts: 0 });
  const closed = new Promise((resolve) => socket.on("close", resolve));
  socket.on("message", (message) => { if (message.type === "Results" && message.is_final) countTurn(); });
  socket.on("error", (error) => { throw error; });
  socket.connect();
  await socket.waitForOpen();
  await sendAll((frame) => socket.sendMedia(frame));
  socket.sendCloseStream({ type: "CloseStream" });
  await closed;
}

async function speechmaticsSession(jwt) {
  const client = new sdk.RealtimeClient({ url: args.url });
  client.addEventListener("receiveMessage", ({ data }) => { if (data.message === "AddTranscript") countTurn(); });
  await client.start(jwt, {
    audio_format: { type: "raw", encoding: "pcm_s16le", sample_rate: 16000 },
    transcription_config: { language: "en", enable_partials: true },
  });
  const frameCount = await sendAll((frame) => client.sendAudio(frame));
  // The client's EndOfStream carries the last AudioAdded it saw: wait until the service acknowledged every frame.
  await new Promise((resolve) => {
    const check = () => { if (client.lastAudioAddedSeqNo >= frameCount) { client.removeEventListener("receiveMessage", check); resolve(); } };
    client.addEventListener("receiveMessage", check);
    check();
  });
  await client.stopRecognition();
}

// Speechmatics' client takes only a temporary key (sent as ?jwt=): mint them before the clock starts.
async function temporaryKey() {
  const response = await fetch(`${args["http-url"]}/v1/api_keys?type=rt`, {
    method: "POST",
    headers: { Authorization: `Bearer ${args.key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ttl: 3600 }),
  });
  if (response.status !== 201) throw new Error(`temporary key: HTTP ${response.status}`);
  return (await response.json()).key_value;
}
const jwts = provider === "speechmatics" ? await Promise.all(Array.from({ length: sessions }, temporaryKey)) : [];

const startupCpuUs = process.cpuUsage(startupCpu);
console.log("READY"); // the harness samples this process's CPU a fixed time after it, for the steady-state rate
const readyWallMs = performance.now();
const sessionStartCpu = process.cpuUsage();
const endTimes = await Promise.all(
  Array.from({ length: sessions }, async (_, i) => {
    if (provider === "assemblyai") await assemblyAISession();
    else if (provider === "deepgram") await deepgramSession();
    else await speechmaticsSession(jwts[i]);
    return performance.now();
  }),
);
const sessionCpu = process.cpuUsage(sessionStartCpu);
const wallMs = performance.now() - readyWallMs;
const result = {
  client: "sdk",
  provider,
  sessions,
  audioSeconds,
  startupCpuMs: (startupCpuUs.user + startupCpuUs.system) / 1000,
  startupWallMs: readyWallMs, // performance.now() counts from the start of the process
  sessionCpuMs: (sessionCpu.user + sessionCpu.system) / 1000,
  wallMs,
  slowestSessionLagMs: Math.max(...endTimes.map((t) => t - readyWallMs)) - audioSeconds * 1000,
  peakRssKiB: process.resourceUsage().maxRSS,
  endRssKiB: Math.round(process.memoryUsage.rss() / 1024),
  turns,
  firstTurnWallMs,
  firstTurnCpuMs,
};
console.log("RESULT " + JSON.stringify(result));
process.exit(0);
