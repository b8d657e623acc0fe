// Copyright (c) StreamingStt contributors. MIT License.
//
// Streams audio to a running StreamingStt Speechmatics emulator with the official real-time client
// @speechmatics/real-time-client (pinned in package.json) and checks that the client and the emulator agree on the
// wire protocol. It starts nothing itself: run.sh starts the emulator (--provider speechmatics, plain ws://, which the
// client accepts) and passes its URLs.
//
//   node speechmatics-sdk.mjs --ws-url ws://127.0.0.1:PORT/v2 --http-url http://127.0.0.1:PORT \
//        --script script.json [--key test-key] [--wav audio.wav]
//
// Exit 0 only if every check passed; the last line is then "SUMMARY turns=N".

import { setTimeout as sleep } from "node:timers/promises";
import { RealtimeClient } from "@speechmatics/real-time-client";
import { SAMPLE_RATE, endOf, loadRun, runChecks, synthesize } from "./common.mjs";

const CHUNK_MS = 50;
const CHUNK_BYTES = (SAMPLE_RATE * 2 * CHUNK_MS) / 1000;
const TAIL_SECONDS = 1.0; // enough silence after the last word for its EndOfUtterance
const OVERALL_TIMEOUT_MS = 25000;
const CONFIG = {
  audio_format: { type: "raw", encoding: "pcm_s16le", sample_rate: SAMPLE_RATE },
  transcription_config: { language: "en", enable_partials: true, conversation_config: { end_of_utterance_silence_trigger: 0.5 } },
};

const { args, script, expected, audio, apiKey } = loadRun({
  usage: "node speechmatics-sdk.mjs --ws-url URL --http-url URL --script FILE [--key KEY] [--wav FILE]",
  required: ["ws-url", "http-url", "script"],
  tailSeconds: TAIL_SECONDS,
});

await runChecks(OVERALL_TIMEOUT_MS, () => [
  temporaryKey().then((jwt) => streamSession("utterances", jwt, audio, expected)),
  temporaryKey().then((jwt) => forcedEndOfUtterance(jwt)),
  badKeyIsRefused(),
  keyLimitsAreChecked(),
]);

/** POST /v1/api_keys?type=rt as the docs show; returns key_value (the client always sends it as ?jwt=). */
async function temporaryKey(ttl = 60) {
  const response = await fetch(`${args["http-url"]}/v1/api_keys?type=rt`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ttl }),
  });
  const body = await response.json();
  if (response.status !== 201 || typeof body.key_value !== "string" || body.key_value.length < 16) {
    throw new Error(`temporary key: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.key_value;
}

/** Records every server message of a client, in order. */
function record(client) {
  const messages = [];
  client.addEventListener("receiveMessage", ({ data }) => messages.push(data));
  return messages;
}

/** Streams audio paced at real time, stops once every frame is acknowledged, checks the transcripts per utterance. */
async function streamSession(label, jwt, pcm, expectedUtterances) {
  const client = new RealtimeClient({ url: args["ws-url"] });
  const messages = record(client);
  const log = (line) => console.log(`[${label}] ${line}`);

  const started = await client.start(jwt, CONFIG);
  log(`RecognitionStarted id=${started.id}`);
  const frames = await sendPaced(client, pcm);

  // The client's EndOfStream carries the last AudioAdded it saw, so wait until the service has read every frame.
  for (let waited = 0; client.lastAudioAddedSeqNo < frames && waited < 3000; waited += 20) await sleep(20);
  await client.stopRecognition();
  log(`EndOfTranscript after ${frames} frames (last_seq_no ${client.lastAudioAddedSeqNo})`);

  const types = messages.map((m) => m.message);
  const errors = messages.filter((m) => m.message === "Error");
  if (errors.length > 0) throw new Error(`${label}: Error ${JSON.stringify(errors)}`);
  const startedAt = types.indexOf("RecognitionStarted");
  const infos = messages.slice(0, startedAt).filter((m) => m.message === "Info").map((m) => m.type);
  if (!infos.includes("recognition_quality") || !infos.includes("concurrent_session_usage")) {
    throw new Error(`${label}: expected both Info messages before RecognitionStarted, got ${JSON.stringify(infos)}`);
  }
  const seqNos = messages.filter((m) => m.message === "AudioAdded").map((m) => m.seq_no);
  if (seqNos.length !== frames || seqNos.some((n, i) => n !== i + 1)) {
    throw new Error(`${label}: expected AudioAdded seq_no 1..${frames}, got ${seqNos.length} (${seqNos.slice(0, 5).join(",")}…)`);
  }
  if (types.at(-1) !== "EndOfTranscript") throw new Error(`${label}: EndOfTranscript was not last: ${types.slice(-5).join(",")}`);
  if (!messages.some((m) => m.message === "AddPartialTranscript" && m.results.length > 0)) throw new Error(`${label}: no partials`);

  const utterances = finalsByUtterance(messages);
  if (JSON.stringify(utterances) !== JSON.stringify(expectedUtterances)) {
    throw new Error(`${label}: expected ${JSON.stringify(expectedUtterances)}, got ${JSON.stringify(utterances)}`);
  }
  log(`OK: ${utterances.length} utterances ended by EndOfUtterance, in order, EndOfTranscript last`);
  return utterances.length;
}

/** forceEndOfUtterance() mid-session: the finals so far arrive at once, marked forced. */
async function forcedEndOfUtterance(jwt) {
  const first = script.utterances[0];
  const client = new RealtimeClient({ url: args["ws-url"] });
  const messages = record(client);
  await client.start(jwt, CONFIG);
  // All of the first utterance, but less silence than the end-of-utterance trigger.
  const frames = await sendPaced(client, synthesize(endOf(first) + 0.2));
  for (let waited = 0; client.lastAudioAddedSeqNo < frames && waited < 3000; waited += 20) await sleep(20);
  client.forceEndOfUtterance();
  for (let waited = 0; !messages.some((m) => m.message === "EndOfUtterance") && waited < 3000; waited += 20) await sleep(20);
  await client.stopRecognition();

  const forced = messages.filter((m) => m.forced === true).map((m) => m.message);
  if (JSON.stringify(forced) !== JSON.stringify(["AddTranscript", "EndOfUtterance"])) {
    throw new Error(`forced: expected a forced AddTranscript then a forced EndOfUtterance, got ${JSON.stringify(forced)}`);
  }
  const utterances = finalsByUtterance(messages);
  if (JSON.stringify(utterances) !== JSON.stringify([first.text])) throw new Error(`forced: got ${JSON.stringify(utterances)}`);
  console.log(`[forced] OK: '${utterances[0]}' ended by ForceEndOfUtterance`);
  return 1;
}

/** A key the service never issued must make start() reject (the upgrade is refused with HTTP 401). */
async function badKeyIsRefused() {
  const client = new RealtimeClient({ url: args["ws-url"] });
  try {
    await client.start("not-a-key", CONFIG);
  } catch (error) {
    if (!/401/.test(error.message ?? String(error))) throw new Error(`bad key: expected an HTTP 401 refusal, got ${error.message ?? error}`);
    console.log(`[bad key] refused: ${error.message}`);
    return 0;
  }
  throw new Error("bad key: start() succeeded");
}

/** ttl outside 60–86400 is a 400 from the key endpoint. */
async function keyLimitsAreChecked() {
  try {
    await temporaryKey(59);
  } catch (error) {
    if (!/HTTP 400/.test(error.message)) throw new Error(`key limits: unexpected error ${error.message}`);
    console.log(`[key limits] refused: ${error.message}`);
    return 0;
  }
  throw new Error("key limits: ttl 59 was accepted");
}

/** Sends pcm in 50 ms binary frames at real time; returns the number of frames. */
async function sendPaced(client, pcm) {
  const started = performance.now();
  let frames = 0;
  for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES, frames++) {
    const wait = started + frames * CHUNK_MS - performance.now();
    if (wait > 0) await sleep(wait);
    client.sendAudio(pcm.subarray(offset, offset + CHUNK_BYTES));
  }
  return frames;
}

/** The final text of each utterance: AddTranscript segments up to each EndOfUtterance, joined as the docs suggest. */
function finalsByUtterance(messages) {
  const utterances = [];
  let current = [];
  for (const message of messages) {
    if (message.message === "AddTranscript" && message.metadata.transcript.trim().length > 0) current.push(message.metadata.transcript.trim());
    if (message.message === "EndOfUtterance" && current.length > 0) {
      utterances.push(current.join(" "));
      current = [];
    }
  }
  if (current.length > 0) utterances.push(current.join(" "));
  return utterances;
}
