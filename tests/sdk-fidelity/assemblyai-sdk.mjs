// Copyright (c) StreamingStt contributors. MIT License.
//
// Streams audio to a running StreamingStt emulator with the official AssemblyAI JS SDK (pinned in package.json)
// and checks that the SDK and the emulator agree on the wire protocol. It starts nothing itself: run.sh starts the
// emulator (wss, self-signed certificate trusted through NODE_EXTRA_CA_CERTS) and passes its URLs.
//
//   node assemblyai-sdk.mjs --ws-url wss://127.0.0.1:PORT/v3/ws --http-url https://127.0.0.1:PORT \
//        --script script.json [--key test-key] [--wav audio.wav]
//
// Exit 0 only if every check passed; the last line is then "SUMMARY turns=N".

import { setTimeout as sleep } from "node:timers/promises";
import { AssemblyAI } from "assemblyai";
import { SAMPLE_RATE, endOf, loadRun, runChecks, synthesize } from "./common.mjs";

const CHUNK_MS = 50;
const CHUNK_BYTES = (SAMPLE_RATE * 2 * CHUNK_MS) / 1000;
const TAIL_SECONDS = 1.0; // enough silence after the last word for every end of turn to be detected
const OVERALL_TIMEOUT_MS = 25000;

const { args, script, expected, audio, apiKey } = loadRun({
  usage: "node assemblyai-sdk.mjs --ws-url URL --http-url URL --script FILE [--key KEY] [--wav FILE]",
  required: ["ws-url", "http-url", "script"],
  tailSeconds: TAIL_SECONDS,
});

await runChecks(OVERALL_TIMEOUT_MS, () => [
  streamSession("u3-rt-pro", { speechModel: "u3-rt-pro" }, audio, expected),
  streamSession("universal-streaming-english+format_turns", { speechModel: "universal-streaming-english", formatTurns: true }, audio, expected),
  tokenSession(),
  badKeyIsRefused(),
  tokenLimitsAreChecked(),
]);

/** Streams audio paced at real time with one SDK transcriber; returns the number of end-of-turn transcripts checked. */
async function streamSession(label, params, pcm, expectedTranscripts, clientOptions = { apiKey }) {
  const client = new AssemblyAI({ ...clientOptions, streamingBaseUrl: args["http-url"] });
  const transcriber = client.streaming.transcriber({
    websocketBaseUrl: args["ws-url"],
    sampleRate: SAMPLE_RATE,
    encoding: "pcm_s16le",
    maxConnectionRetries: 0,
    ...params,
  });
  const log = (line) => console.log(`[${label}] ${line}`);
  const errors = [];
  const turns = [];
  let speechStarted = 0;
  transcriber.on("turn", (turn) => {
    turns.push(turn);
    log(`Turn ${turn.turn_order} end_of_turn=${turn.end_of_turn} formatted=${turn.turn_is_formatted} '${turn.transcript}'`);
  });
  transcriber.on("speechStarted", () => speechStarted++);
  transcriber.on("error", (error) => errors.push(error));
  transcriber.on("close", (code, reason) => errors.push(new Error(`closed early: ${code} ${reason}`)));

  const begin = await transcriber.connect();
  log(`Begin id=${begin.id}`);
  // The SDK swallows Termination (it only ends close()'s wait), so watch the raw frames to prove it arrived.
  const serverTypes = [];
  transcriber.socket.addEventListener("message", ({ data }) => serverTypes.push(JSON.parse(data.toString()).type));

  const started = performance.now();
  for (let offset = 0, i = 0; offset < pcm.length; offset += CHUNK_BYTES, i++) {
    const due = started + i * CHUNK_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    transcriber.sendAudio(padTo50ms(pcm.subarray(offset, offset + CHUNK_BYTES)));
  }
  const closing = performance.now();
  await transcriber.close(true, 3000);
  const closeMs = performance.now() - closing;

  if (errors.length > 0) throw new Error(`${label}: ${errors.map((e) => e.message).join("; ")}`);
  if (!serverTypes.includes("Termination")) throw new Error(`${label}: no Termination (close() took ${closeMs.toFixed(0)} ms)`);
  if (serverTypes.at(-1) !== "Termination") throw new Error(`${label}: Termination was not last: ${serverTypes.join(",")}`);

  // One end of turn per turn order; with format_turns the formatted copy must follow the unformatted one.
  const finalByOrder = new Map();
  for (const turn of turns.filter((t) => t.end_of_turn)) {
    const previous = finalByOrder.get(turn.turn_order);
    if (previous?.turn_is_formatted) throw new Error(`${label}: turn ${turn.turn_order} got another end of turn after its formatted one`);
    finalByOrder.set(turn.turn_order, turn);
  }
  const finals = [...finalByOrder.entries()].sort(([a], [b]) => a - b).map(([, t]) => t);
  const got = finals.map((t) => t.transcript);
  if (JSON.stringify(got) !== JSON.stringify(expectedTranscripts)) {
    throw new Error(`${label}: expected ${JSON.stringify(expectedTranscripts)}, got ${JSON.stringify(got)}`);
  }
  if (finals.some((t, i) => t.turn_order !== i || !t.turn_is_formatted || t.words.some((w) => !w.word_is_final))) {
    throw new Error(`${label}: final turns are not formatted, 0-based and all-final`);
  }
  if (params.speechModel === "u3-rt-pro" && speechStarted !== expectedTranscripts.length) {
    throw new Error(`${label}: expected ${expectedTranscripts.length} SpeechStarted, got ${speechStarted}`);
  }
  log(`OK: ${got.length} end-of-turn transcripts in order, Termination last`);
  return got.length;
}

/** Mints a token with the SDK against the emulator and opens a session with it (token query, no header). */
async function tokenSession() {
  const minter = new AssemblyAI({ apiKey, streamingBaseUrl: args["http-url"] });
  const token = await minter.streaming.createTemporaryToken({ expires_in_seconds: 60, max_session_duration_seconds: 600 });
  if (typeof token !== "string" || token.length < 16) throw new Error(`token: unexpected token ${token}`);
  const first = script.utterances[0];
  // The client's own key is deliberately wrong: only the token may authenticate this session.
  return streamSession("token", { speechModel: "u3-rt-pro", token }, synthesize(endOf(first) + 0.5), [expected[0]], { apiKey: "not-a-key" });
}

/** A wrong key must fail connect() with the documented 1008 reason. */
async function badKeyIsRefused() {
  const transcriber = new AssemblyAI({ apiKey: "wrong-key" }).streaming.transcriber({
    websocketBaseUrl: args["ws-url"],
    sampleRate: SAMPLE_RATE,
    speechModel: "u3-rt-pro",
    maxConnectionRetries: 0,
  });
  try {
    await transcriber.connect();
  } catch (error) {
    if (error.code !== 1008 || !/^Unauthorized Connection/.test(error.message)) {
      throw new Error(`bad key: expected 1008 Unauthorized Connection, got ${error.code} ${error.message}`);
    }
    console.log(`[bad key] refused: ${error.code} ${error.message}`);
    return 0;
  }
  throw new Error("bad key: connect() succeeded");
}

/** The token endpoint's 400 must reach the SDK as an error carrying the server's message. */
async function tokenLimitsAreChecked() {
  const minter = new AssemblyAI({ apiKey, streamingBaseUrl: args["http-url"] });
  try {
    await minter.streaming.createTemporaryToken({ expires_in_seconds: 601 });
  } catch (error) {
    if (!/expires_in_seconds/.test(error.message)) throw new Error(`token limits: unexpected error ${error.message}`);
    console.log(`[token limits] refused: ${error.message}`);
    return 0;
  }
  throw new Error("token limits: expires_in_seconds=601 was accepted");
}

/** A frame shorter than 50 ms is refused by the service, so the last chunk is padded with silence. */
function padTo50ms(chunk) {
  if (chunk.length === CHUNK_BYTES) return chunk;
  const padded = new Uint8Array(CHUNK_BYTES);
  padded.set(chunk);
  return padded;
}
