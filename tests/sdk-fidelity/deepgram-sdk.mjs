// Copyright (c) StreamingStt contributors. MIT License.
//
// Streams audio to a running StreamingStt Deepgram emulator with the official JS SDK @deepgram/sdk (pinned in
// package.json) and checks that the SDK and the emulator agree on the wire protocol. It starts nothing itself: run.sh
// starts the emulator (--provider deepgram, plain ws://, which the SDK accepts) and passes its URLs.
//
//   node deepgram-sdk.mjs --base-url ws://127.0.0.1:PORT --http-url http://127.0.0.1:PORT \
//        --script script.json [--key test-key] [--wav audio.wav]
//
// Exit 0 only if every check passed; the last line is then "SUMMARY turns=N".

import { setTimeout as sleep } from "node:timers/promises";
import { DeepgramClient } from "@deepgram/sdk";
import { SAMPLE_RATE, endOf, loadRun, runChecks, synthesize } from "./common.mjs";

const CHUNK_MS = 100;
const CHUNK_BYTES = (SAMPLE_RATE * 2 * CHUNK_MS) / 1000;
const SPEEDUP = 5; // Deepgram accepts audio faster than real time; a little pacing still interleaves sends and results
const TAIL_SECONDS = 1.5; // enough silence after the last word for its speech_final and UtteranceEnd
const CLOSE_TIMEOUT_MS = 5000;
const OVERALL_TIMEOUT_MS = 25000;
const LIVE = { model: "nova-3", encoding: "linear16", sample_rate: SAMPLE_RATE, reconnectAttempts: 0 };

const { args, script, expected, audio, apiKey } = loadRun({
  usage: "node deepgram-sdk.mjs --base-url URL --http-url URL --script FILE [--key KEY] [--wav FILE]",
  required: ["base-url", "http-url", "script"],
  tailSeconds: TAIL_SECONDS,
  evenBytes: true,
});
const baseUrl = args["base-url"];

await runChecks(OVERALL_TIMEOUT_MS, () => [
  streamSession("interim+punctuate", { interim_results: "true", punctuate: "true", vad_events: "true", utterance_end_ms: "1000" }, audio, expected),
  streamSession("plain", {}, audio, expected.map(plain)),
  finalizeSession(),
  tokenSession(),
  badKeyIsRefused(),
  badQueryIsRefused(),
  grantLimitsAreChecked(),
]);

/** Opens a live socket with the SDK, streams the audio, sends CloseStream and collects everything until the close. */
async function stream(label, params, pcm, { clientOptions = { apiKey, baseUrl }, beforeChunk } = {}) {
  const client = new DeepgramClient(clientOptions);
  const socket = await client.listen.v1.connect({ ...LIVE, ...params });
  const messages = [];
  const errors = [];
  let closeEvent;
  const closed = new Promise((resolve) => socket.on("close", (event) => resolve((closeEvent = event))));
  socket.on("message", (message) => messages.push(message));
  socket.on("error", (error) => errors.push(error));
  socket.connect();
  await socket.waitForOpen();

  for (let offset = 0, i = 0; offset < pcm.length; offset += CHUNK_BYTES, i++) {
    if (beforeChunk) await beforeChunk(socket, i * CHUNK_MS, messages);
    socket.sendMedia(pcm.subarray(offset, offset + CHUNK_BYTES));
    await sleep(CHUNK_MS / SPEEDUP);
  }
  socket.sendCloseStream({ type: "CloseStream" });
  const timedOut = await Promise.race([closed.then(() => false), sleep(CLOSE_TIMEOUT_MS).then(() => true)]);
  if (timedOut) throw new Error(`${label}: no close within ${CLOSE_TIMEOUT_MS} ms of CloseStream`);
  if (errors.length > 0) throw new Error(`${label}: ${errors.map((e) => e.message).join("; ")}`);
  if (closeEvent.code !== 1000) throw new Error(`${label}: closed ${closeEvent.code} ${closeEvent.reason}, expected 1000`);
  const types = messages.map((m) => m.type);
  if (types.at(-1) !== "Metadata" || types.filter((t) => t === "Metadata").length !== 1) {
    throw new Error(`${label}: Metadata must come once, last: ${types.join(",")}`);
  }
  const metadata = messages.at(-1);
  const requestIds = new Set(messages.filter((m) => m.type === "Results").map((m) => m.metadata.request_id));
  if (requestIds.size > 1 || (requestIds.size === 1 && !requestIds.has(metadata.request_id))) {
    throw new Error(`${label}: request ids disagree: ${[...requestIds].join(",")} vs ${metadata.request_id}`);
  }
  const seconds = pcm.length / (SAMPLE_RATE * 2);
  if (Math.abs(metadata.duration - seconds) > 0.01) throw new Error(`${label}: Metadata.duration ${metadata.duration}, sent ${seconds} s`);
  log(label, `${types.filter((t) => t === "Results").length} Results, Metadata ${metadata.request_id} duration=${metadata.duration}, close ${closeEvent.code}`);
  return messages;
}

/** Checks the turns of one streamed session: one speech_final per utterance, in order, plus the events asked for. */
async function streamSession(label, params, pcm, expectedTranscripts) {
  const messages = await stream(label, params, pcm);
  const results = messages.filter((m) => m.type === "Results");
  const ends = results.filter((m) => m.is_final && m.speech_final).map(transcriptOf);
  if (JSON.stringify(ends) !== JSON.stringify(expectedTranscripts)) {
    throw new Error(`${label}: expected speech_final transcripts ${JSON.stringify(expectedTranscripts)}, got ${JSON.stringify(ends)}`);
  }
  const finals = results.filter((m) => m.is_final).map(transcriptOf).filter((t) => t.length > 0);
  if (finals.join(" ") !== expectedTranscripts.join(" ")) throw new Error(`${label}: finals do not add up: ${JSON.stringify(finals)}`);
  for (const m of results) {
    const [channel, total] = m.channel_index;
    if (channel !== 0 || total !== 1 || typeof m.start !== "number" || typeof m.duration !== "number") {
      throw new Error(`${label}: bad Results header ${JSON.stringify({ channel_index: m.channel_index, start: m.start, duration: m.duration })}`);
    }
    for (const w of m.channel.alternatives[0].words) {
      if (typeof w.word !== "string" || !(w.end >= w.start) || (params.punctuate === "true") !== (typeof w.punctuated_word === "string")) {
        throw new Error(`${label}: bad word ${JSON.stringify(w)}`);
      }
    }
  }
  const count = (type) => messages.filter((m) => m.type === type).length;
  const interims = results.filter((m) => !m.is_final).length;
  if ((params.interim_results === "true") !== interims > 0) throw new Error(`${label}: ${interims} interim results`);
  const wanted = { SpeechStarted: params.vad_events === "true" ? expectedTranscripts.length : 0, UtteranceEnd: params.utterance_end_ms ? expectedTranscripts.length : 0 };
  for (const [type, n] of Object.entries(wanted)) {
    if (count(type) !== n) throw new Error(`${label}: expected ${n} ${type}, got ${count(type)}`);
  }
  log(label, `OK: ${ends.length} turns ${JSON.stringify(ends)}, ${interims} interims, ${count("SpeechStarted")} SpeechStarted, ${count("UtteranceEnd")} UtteranceEnd`);
  return ends.length;
}

/** sendFinalize after the first word: a from_finalize final comes back, and the finals still add up to the script. */
async function finalizeSession() {
  const label = "finalize";
  const firstWordEnd = (script.utterances[0].start + (script.utterances[0].wordSeconds ?? 0.3)) * 1000;
  let sent = false;
  const messages = await stream(label, {}, audio, {
    beforeChunk: async (socket, atMs, received) => {
      if (sent || atMs < firstWordEnd + CHUNK_MS) return;
      sent = true;
      socket.sendFinalize({ type: "Finalize" });
      for (let waited = 0; !received.some((m) => m.from_finalize) && waited < 2000; waited += 10) await sleep(10);
    },
  });
  const flushed = messages.filter((m) => m.type === "Results" && m.from_finalize);
  if (flushed.length !== 1 || !flushed[0].is_final || transcriptOf(flushed[0]).length === 0) {
    throw new Error(`${label}: expected one non-empty from_finalize final, got ${JSON.stringify(flushed.map(transcriptOf))}`);
  }
  const finals = messages.filter((m) => m.type === "Results" && m.is_final).map(transcriptOf).filter((t) => t.length > 0);
  if (finals.join(" ") !== expected.map(plain).join(" ")) throw new Error(`${label}: finals do not add up: ${JSON.stringify(finals)}`);
  log(label, `OK: from_finalize '${transcriptOf(flushed[0])}', finals ${JSON.stringify(finals)}`);
  return 1 + messages.filter((m) => m.type === "Results" && m.speech_final).length;
}

/** Grants a token with the SDK's auth client and opens a session with it (Bearer). */
async function tokenSession() {
  const minter = new DeepgramClient({ apiKey, environment: { base: args["http-url"], production: baseUrl, agent: baseUrl, agentRest: args["http-url"] } });
  const grant = await minter.auth.v1.tokens.grant({ ttl_seconds: 60 });
  if (typeof grant.access_token !== "string" || grant.access_token.split(".").length !== 3 || grant.expires_in !== 60) {
    throw new Error(`token: unexpected grant ${JSON.stringify(grant)}`);
  }
  const first = script.utterances[0];
  const pcm = synthesize(endOf(first) + 0.5);
  const messages = await stream("token", {}, pcm, { clientOptions: { accessToken: grant.access_token, baseUrl } });
  const ends = messages.filter((m) => m.type === "Results" && m.speech_final).map(transcriptOf);
  if (JSON.stringify(ends) !== JSON.stringify([plain(first.text)])) throw new Error(`token: got ${JSON.stringify(ends)}`);
  log("token", `OK: Bearer session transcribed ${JSON.stringify(ends)}`);
  return ends.length;
}

/** A wrong key must be refused at the upgrade (HTTP 401), so the socket never opens. */
async function badKeyIsRefused() {
  return refused("bad key", { apiKey: "wrong-key", baseUrl }, {}, 401);
}

/** utterance_end_ms without interim_results is refused at the upgrade with 400. */
async function badQueryIsRefused() {
  return refused("bad query", { apiKey, baseUrl }, { utterance_end_ms: "1000" }, 400);
}

async function refused(label, clientOptions, params, status) {
  const socket = await new DeepgramClient(clientOptions).listen.v1.connect({ ...LIVE, ...params });
  let opened = false;
  socket.on("open", () => (opened = true));
  socket.connect();
  try {
    await Promise.race([socket.waitForOpen(), sleep(CLOSE_TIMEOUT_MS).then(() => Promise.reject(new Error("no answer")))]);
  } catch (error) {
    const text = String(error?.message ?? error?.error?.message ?? error);
    socket.close();
    if (opened || !text.includes(String(status))) throw new Error(`${label}: expected HTTP ${status}, got '${text}'`);
    log(label, `refused: ${text}`);
    return 0;
  }
  socket.close();
  throw new Error(`${label}: the socket opened`);
}

/** The grant endpoint's 400 must reach the SDK as a BadRequestError. */
async function grantLimitsAreChecked() {
  const minter = new DeepgramClient({ apiKey, environment: { base: args["http-url"], production: baseUrl, agent: baseUrl, agentRest: args["http-url"] } });
  try {
    await minter.auth.v1.tokens.grant({ ttl_seconds: 3601 });
  } catch (error) {
    if (error.statusCode !== 400) throw new Error(`grant limits: unexpected error ${error.statusCode} ${error.message}`);
    log("grant limits", `refused: ${error.statusCode} ${JSON.stringify(error.body)}`);
    return 0;
  }
  throw new Error("grant limits: ttl_seconds=3601 was accepted");
}

function transcriptOf(results) {
  return results.channel.alternatives[0].transcript;
}

/** What Deepgram writes without punctuate/smart_format: lowercase, no punctuation (the emulator's rule). */
function plain(text) {
  return text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, "").replace(/^['-]+|['-]+$/g, "") || w.toLowerCase())
    .join(" ");
}

function log(label, line) {
  console.log(`[${label}] ${line}`);
}
