#!/usr/bin/env bash
# Copyright (c) StreamingStt contributors. MIT License.
#
# Checks the AssemblyAI emulator against the official JS SDK (assemblyai 4.41.5), then the Speechmatics emulator
# against @speechmatics/real-time-client 8.5.1 and the Deepgram emulator against @deepgram/sdk 5.13.0 (see the end
# of this file): builds and starts the emulator
# console program with TLS, waits for READY, runs assemblyai-sdk.mjs with the emulator's certificate trusted, stops
# the emulator and exits with the script's code. Each check ends with the line
#   sdk-fidelity <provider>: PASS (N turns)   or   sdk-fidelity <provider>: FAIL (why)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sdk-fidelity-assemblyai.XXXXXX")"
key="fidelity-key-$$"
emulator_pid=""

cleanup() {
  exec 3>&- 2>/dev/null || true
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "sdk-fidelity assemblyai: FAIL ($1)"
  exit 1
}

command -v node >/dev/null || fail "node not found"
command -v dotnet >/dev/null || fail "dotnet not found"

if [[ ! -f "$here/node_modules/assemblyai/package.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci"
fi
sdk_version="$(node -p "require('$here/node_modules/assemblyai/package.json').version")"
[[ "$sdk_version" == "4.41.5" ]] || fail "expected assemblyai 4.41.5, found $sdk_version"

if ! dotnet build "$root/tests/StreamingStt.Emulator/StreamingStt.Emulator.csproj" -c Release -o "$work/emulator" -nologo -v quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  fail "emulator build"
fi

# The emulator runs until its stdin reaches end of file: feed it from a FIFO that this script holds open on fd 3.
mkfifo "$work/stdin"
dotnet "$work/emulator/StreamingStt.Emulator.dll" --tls --cert-out "$work/cert.pem" --key "$key" \
  --script "$here/script.json" --lead-seconds 1 <"$work/stdin" >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
exec 3>"$work/stdin"

for _ in $(seq 1 200); do
  grep -q '^READY$' "$work/emulator.out" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.err"; fail "emulator exited before READY"; }
  sleep 0.1
done
grep -q '^READY$' "$work/emulator.out" || fail "emulator not READY within 20 s"

ws_url="$(sed -n 's/^WS_URL=//p' "$work/emulator.out")"
http_url="$(sed -n 's/^HTTP_URL=//p' "$work/emulator.out")"
cert="$(sed -n 's/^CERT=//p' "$work/emulator.out")"
echo "emulator: $ws_url (certificate $cert)"

NODE_EXTRA_CA_CERTS="$cert" node "$here/assemblyai-sdk.mjs" \
  --ws-url "$ws_url" --http-url "$http_url" --key "$key" --script "$here/script.json" ${WAV:+--wav "$WAV"} \
  | tee "$work/node.out"
node_rc=${PIPESTATUS[0]}

# Stop the emulator (end of its stdin) and show its per-session log.
exec 3>&-
for _ in $(seq 1 50); do
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
wait "$emulator_pid" 2>/dev/null
emulator_rc=$?
emulator_pid=""
cat "$work/emulator.err"

grep -q "INTERNAL ERROR" "$work/emulator.err" && fail "the emulator reported an internal error"
[[ $node_rc -eq 0 ]] || fail "the SDK script exited $node_rc"
[[ $emulator_rc -eq 0 ]] || fail "the emulator exited $emulator_rc"
turns="$(sed -n 's/^SUMMARY turns=//p' "$work/node.out")"
echo "sdk-fidelity assemblyai: PASS (${turns:-0} turns)"

# ---- Speechmatics: the official real-time client (@speechmatics/real-time-client 8.5.1) against the same emulator
# build with --provider speechmatics, over plain ws:// (the client takes any URL). Same FIFO-on-stdin contract.
sm_fail() {
  echo "sdk-fidelity speechmatics: FAIL ($1)"
  exit 1
}

if [[ ! -f "$here/node_modules/@speechmatics/real-time-client/package.json" ]]; then
  (cd "$here" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || sm_fail "npm ci"
fi
sm_version="$(node -p "require('$here/node_modules/@speechmatics/real-time-client/package.json').version")"
[[ "$sm_version" == "8.5.1" ]] || sm_fail "expected @speechmatics/real-time-client 8.5.1, found $sm_version"

mkfifo "$work/sm-stdin"
dotnet "$work/emulator/StreamingStt.Emulator.dll" --provider speechmatics --key "$key" --script "$here/script.json" \
  <"$work/sm-stdin" >"$work/sm-emulator.out" 2>"$work/sm-emulator.err" &
emulator_pid=$! # cleanup() stops it on any exit
exec 4>"$work/sm-stdin"

for _ in $(seq 1 200); do
  grep -q '^READY$' "$work/sm-emulator.out" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/sm-emulator.err"; sm_fail "emulator exited before READY"; }
  sleep 0.1
done
grep -q '^READY$' "$work/sm-emulator.out" || sm_fail "emulator not READY within 20 s"

sm_ws_url="$(sed -n 's/^WS_URL=//p' "$work/sm-emulator.out")"
sm_http_url="$(sed -n 's/^HTTP_URL=//p' "$work/sm-emulator.out")"
echo "emulator: $sm_ws_url"

node "$here/speechmatics-sdk.mjs" --ws-url "$sm_ws_url" --http-url "$sm_http_url" --key "$key" --script "$here/script.json" \
  ${WAV:+--wav "$WAV"} | tee "$work/sm-node.out"
sm_node_rc=${PIPESTATUS[0]}

exec 4>&-
for _ in $(seq 1 50); do
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
wait "$emulator_pid" 2>/dev/null
sm_emulator_rc=$?
emulator_pid=""
cat "$work/sm-emulator.err"

grep -q "INTERNAL ERROR" "$work/sm-emulator.err" && sm_fail "the emulator reported an internal error"
[[ $sm_node_rc -eq 0 ]] || sm_fail "the SDK script exited $sm_node_rc"
[[ $sm_emulator_rc -eq 0 ]] || sm_fail "the emulator exited $sm_emulator_rc"
sm_turns="$(sed -n 's/^SUMMARY turns=//p' "$work/sm-node.out")"
echo "sdk-fidelity speechmatics: PASS (${sm_turns:-0} turns)"

# ---- Deepgram: the official JS SDK (@deepgram/sdk 5.13.0) against the same emulator build with --provider deepgram,
# over plain ws:// (the SDK takes any baseUrl and appends /v1/listen). Same FIFO-on-stdin contract.
dg_fail() {
  echo "sdk-fidelity deepgram: FAIL ($1)"
  exit 1
}

if [[ ! -f "$here/node_modules/@deepgram/sdk/package.json" ]]; then
  (cd "$here" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || dg_fail "npm ci"
fi
dg_version="$(node -p "require('$here/node_modules/@deepgram/sdk/package.json').version")"
[[ "$dg_version" == "5.13.0" ]] || dg_fail "expected @deepgram/sdk 5.13.0, found $dg_version"

mkfifo "$work/dg-stdin"
dotnet "$work/emulator/StreamingStt.Emulator.dll" --provider deepgram --key "$key" --script "$here/script.json" \
  <"$work/dg-stdin" >"$work/dg-emulator.out" 2>"$work/dg-emulator.err" &
emulator_pid=$! # cleanup() stops it on any exit
exec 5>"$work/dg-stdin"

for _ in $(seq 1 200); do
  grep -q '^READY$' "$work/dg-emulator.out" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/dg-emulator.err"; dg_fail "emulator exited before READY"; }
  sleep 0.1
done
grep -q '^READY$' "$work/dg-emulator.out" || dg_fail "emulator not READY within 20 s"

dg_base_url="$(sed -n 's/^BASE_URL=//p' "$work/dg-emulator.out")"
dg_http_url="$(sed -n 's/^HTTP_URL=//p' "$work/dg-emulator.out")"
echo "emulator: $dg_base_url/v1/listen"

node "$here/deepgram-sdk.mjs" --base-url "$dg_base_url" --http-url "$dg_http_url" --key "$key" --script "$here/script.json" \
  ${WAV:+--wav "$WAV"} | tee "$work/dg-node.out"
dg_node_rc=${PIPESTATUS[0]}

exec 5>&-
for _ in $(seq 1 50); do
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
wait "$emulator_pid" 2>/dev/null
dg_emulator_rc=$?
emulator_pid=""
cat "$work/dg-emulator.err"

grep -q "INTERNAL ERROR" "$work/dg-emulator.err" && dg_fail "the emulator reported an internal error"
grep -q "CLIENT FAULTS" "$work/dg-emulator.err" && dg_fail "the SDK made a mistake the service would not accept"
[[ $dg_node_rc -eq 0 ]] || dg_fail "the SDK script exited $dg_node_rc"
[[ $dg_emulator_rc -eq 0 ]] || dg_fail "the emulator exited $dg_emulator_rc"
dg_turns="$(sed -n 's/^SUMMARY turns=//p' "$work/dg-node.out")"
echo "sdk-fidelity deepgram: PASS (${dg_turns:-0} turns)"
