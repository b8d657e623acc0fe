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

provider=assemblyai # the provider under check: named in every FAIL and PASS line

fail() {
  echo "sdk-fidelity $provider: FAIL ($1)"
  exit 1
}

# require_sdk PACKAGE VERSION [NPM-CI-FLAGS...]: installs the pinned packages if PACKAGE is missing, checks its version.
require_sdk() {
  local package="$1" version="$2" found
  shift 2
  if [[ ! -f "$here/node_modules/$package/package.json" ]]; then
    (cd "$here" && npm ci "$@" --no-audit --no-fund --loglevel=error) || fail "npm ci"
  fi
  found="$(node -p "require('$here/node_modules/$package/package.json').version")"
  [[ "$found" == "$version" ]] || fail "expected $package $version, found $found"
}

# start_emulator PREFIX EMULATOR-ARGS...: starts the built emulator with its files under $work/PREFIX* and waits for
# READY. The emulator runs until its stdin reaches end of file: feed it from a FIFO that this script holds open on fd 3.
start_emulator() {
  local prefix="$1"
  shift
  mkfifo "$work/${prefix}stdin"
  dotnet "$work/emulator/StreamingStt.Emulator.dll" "$@" \
    <"$work/${prefix}stdin" >"$work/${prefix}emulator.out" 2>"$work/${prefix}emulator.err" &
  emulator_pid=$! # cleanup() stops it on any exit
  exec 3>"$work/${prefix}stdin"

  for _ in $(seq 1 200); do
    grep -q '^READY$' "$work/${prefix}emulator.out" 2>/dev/null && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/${prefix}emulator.err"; fail "emulator exited before READY"; }
    sleep 0.1
  done
  grep -q '^READY$' "$work/${prefix}emulator.out" || fail "emulator not READY within 20 s"
}

# emulator_value PREFIX NAME: the value of the emulator's NAME=value line.
emulator_value() {
  sed -n "s/^$2=//p" "$work/$1emulator.out"
}

# finish_check PREFIX NODE-RC: stops the emulator (end of its stdin), shows its per-session log and prints the verdict.
finish_check() {
  local prefix="$1" node_rc="$2" emulator_rc turns
  exec 3>&-
  for _ in $(seq 1 50); do
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$emulator_pid" 2>/dev/null
  emulator_rc=$?
  emulator_pid=""
  cat "$work/${prefix}emulator.err"

  grep -q "INTERNAL ERROR" "$work/${prefix}emulator.err" && fail "the emulator reported an internal error"
  # Only the Deepgram emulator reports client faults (mistakes the real service would refuse).
  grep -q "CLIENT FAULTS" "$work/${prefix}emulator.err" && fail "the SDK made a mistake the service would not accept"
  [[ $node_rc -eq 0 ]] || fail "the SDK script exited $node_rc"
  [[ $emulator_rc -eq 0 ]] || fail "the emulator exited $emulator_rc"
  turns="$(sed -n 's/^SUMMARY turns=//p' "$work/${prefix}node.out")"
  echo "sdk-fidelity $provider: PASS (${turns:-0} turns)"
}

command -v node >/dev/null || fail "node not found"
command -v dotnet >/dev/null || fail "dotnet not found"

require_sdk assemblyai 4.41.5

if ! dotnet build "$root/tests/StreamingStt.Emulator/StreamingStt.Emulator.csproj" -c Release -o "$work/emulator" -nologo -v quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  fail "emulator build"
fi

start_emulator "" --tls --cert-out "$work/cert.pem" --key "$key" --script "$here/script.json" --lead-seconds 1
ws_url="$(emulator_value "" WS_URL)"
http_url="$(emulator_value "" HTTP_URL)"
cert="$(emulator_value "" CERT)"
echo "emulator: $ws_url (certificate $cert)"

NODE_EXTRA_CA_CERTS="$cert" node "$here/assemblyai-sdk.mjs" \
  --ws-url "$ws_url" --http-url "$http_url" --key "$key" --script "$here/script.json" ${WAV:+--wav "$WAV"} \
  | tee "$work/node.out"
finish_check "" "${PIPESTATUS[0]}"

# ---- Speechmatics: the official real-time client (@speechmatics/real-time-client 8.5.1) against the same emulator
# build with --provider speechmatics, over plain ws:// (the client takes any URL). Same FIFO-on-stdin contract.
provider=speechmatics
require_sdk @speechmatics/real-time-client 8.5.1 --prefer-offline
start_emulator sm- --provider speechmatics --key "$key" --script "$here/script.json"
sm_ws_url="$(emulator_value sm- WS_URL)"
sm_http_url="$(emulator_value sm- HTTP_URL)"
echo "emulator: $sm_ws_url"

node "$here/speechmatics-sdk.mjs" --ws-url "$sm_ws_url" --http-url "$sm_http_url" --key "$key" --script "$here/script.json" \
  ${WAV:+--wav "$WAV"} | tee "$work/sm-node.out"
finish_check sm- "${PIPESTATUS[0]}"

# ---- Deepgram: the official JS SDK (@deepgram/sdk 5.13.0) against the same emulator build with --provider deepgram,
# over plain ws:// (the SDK takes any baseUrl and appends /v1/listen). Same FIFO-on-stdin contract.
provider=deepgram
require_sdk @deepgram/sdk 5.13.0 --prefer-offline
start_emulator dg- --provider deepgram --key "$key" --script "$here/script.json"
dg_base_url="$(emulator_value dg- BASE_URL)"
dg_http_url="$(emulator_value dg- HTTP_URL)"
echo "emulator: $dg_base_url/v1/listen"

node "$here/deepgram-sdk.mjs" --base-url "$dg_base_url" --http-url "$dg_http_url" --key "$key" --script "$here/script.json" \
  ${WAV:+--wav "$WAV"} | tee "$work/dg-node.out"
finish_check dg- "${PIPESTATUS[0]}"
