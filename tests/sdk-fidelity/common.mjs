// Copyright (c) StreamingStt contributors. MIT License.
//
// Helpers shared by the three SDK check scripts (assemblyai-sdk.mjs, deepgram-sdk.mjs, speechmatics-sdk.mjs):
// argument parsing, the script's timing, the test audio (synthesized tone or a WAV file), the overall watchdog and
// the final summary.

import { readFileSync } from "node:fs";

export const SAMPLE_RATE = 16000;

/** Where an utterance of script.json ends, in seconds (its end, or its start plus its words at wordSeconds each). */
export const endOf = (u) => u.end ?? u.start + (u.wordSeconds ?? 0.3) * u.text.trim().split(/\s+/).length;

/** 16 kHz mono 16-bit PCM: a quiet 220 Hz tone (the emulator transcribes by audio time, not content). */
export function synthesize(seconds) {
  const samples = Math.round(seconds * SAMPLE_RATE);
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE));
  return new Uint8Array(pcm.buffer);
}

/** Reads the data chunk of a 16 kHz mono 16-bit PCM WAV file (evenBytes: drop a trailing odd byte). */
export function readWav(path, { evenBytes = false } = {}) {
  const file = readFileSync(path);
  if (file.toString("ascii", 0, 4) !== "RIFF" || file.toString("ascii", 8, 12) !== "WAVE") throw new Error(`${path}: not a WAV file`);
  let format;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString("ascii", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === "fmt ") {
      format = { tag: file.readUInt16LE(body), channels: file.readUInt16LE(body + 2), rate: file.readUInt32LE(body + 4), bits: file.readUInt16LE(body + 14) };
    } else if (id === "data") {
      if (!format || format.tag !== 1 || format.channels !== 1 || format.rate !== SAMPLE_RATE || format.bits !== 16) {
        throw new Error(`${path}: need 16 kHz mono 16-bit PCM, got ${JSON.stringify(format)}`);
      }
      const length = Math.min(size, file.length - body);
      return new Uint8Array(file.subarray(body, body + (evenBytes ? length & ~1 : length)));
    }
    at = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Parses "--name value" pairs; exits 2 with the usage line if malformed or if one of the required names is missing. */
export function parseArgs(argv, usage, required) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
      console.error(`usage: ${usage}`);
      process.exit(2);
    }
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of required) {
    if (!parsed[name]) {
      console.error(`missing --${name}`);
      process.exit(2);
    }
  }
  return parsed;
}

/** Parses the arguments and loads the script: { args, script, expected (texts), scriptEnd (s), audio, apiKey }. */
export function loadRun({ usage, required, tailSeconds, evenBytes = false }) {
  const args = parseArgs(process.argv.slice(2), usage, required);
  const script = JSON.parse(readFileSync(args["script"], "utf8"));
  const expected = script.utterances.map((u) => u.text);
  const scriptEnd = Math.max(...script.utterances.map(endOf));
  const audio = args["wav"] ? readWav(args["wav"], { evenBytes }) : synthesize(scriptEnd + tailSeconds);
  return { args, script, expected, scriptEnd, audio, apiKey: args["key"] ?? "test-key" };
}

/** Settles every check under an overall timeout, prints the failures or "SUMMARY turns=N" and exits 1 or 0. */
export async function runChecks(timeoutMs, startChecks) {
  const watchdog = setTimeout(() => {
    console.error("FAIL: overall timeout");
    process.exit(1);
  }, timeoutMs);
  const results = await Promise.allSettled(startChecks());
  clearTimeout(watchdog);

  const failures = [];
  let turns = 0;
  for (const result of results) {
    if (result.status === "rejected") failures.push(String(result.reason?.stack ?? result.reason));
    else turns += result.value ?? 0;
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    process.exit(1);
  }
  console.log(`SUMMARY turns=${turns}`);
  process.exit(0);
}
