#!/usr/bin/env bash
# The Wine stage: the Windows code of the module run on Linux, under Wine 8 (Debian's wine64).
#   bash tests/Wine/run.sh
# 1. tests/StreamingStt.Windows.Tests (xunit v3, self-contained win-x64): WASAPI and waveIn against
#    Wine's ALSA driver, whose only capture device is the ALSA `file` plugin playing a known file;
#    then again with no capture device at all.
# 2. tests/StreamingStt.WindowsPwshHost (PowerShell 7.6.10 for Windows, self-contained win-x64):
#    imports out/StreamingStt and runs tests/Pester, without the LinuxOnly tests, against emulators
#    started here on Linux (Wine programs reach 127.0.0.1).
# Expects `dotnet build StreamingStt.slnx -c Release` (the emulator) and build.ps1 (out/StreamingStt)
# to have run. Installs wine64 when it is missing. Works in tests/.work/wine (git-ignored), with a
# fresh Wine prefix each run. Prints 'wine: N passed, N failed, N skipped' last; exits non-zero on
# any failure. Runs without stdin (CI).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n==> wine: %s\n' "$*"; }
stage_start=$SECONDS
passed=0 failed=0 skipped=0
failures=()

work="$repo/tests/.work/wine"
emulator_dll="$repo/tests/StreamingStt.Emulator/bin/Release/net10.0/StreamingStt.Emulator.dll"
module="$repo/out/StreamingStt"
nuget_packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

# A Linux path as Wine's Z: drive shows it.
windows_path() { printf 'Z:%s' "${1//\//\\}"; }

# ---- Wine --------------------------------------------------------------------------------------
find_wine() { dpkg -L wine64 2>/dev/null | grep -E '/wine64$' | head -n 1 || true; }
wine=$(find_wine)
if [[ -z "$wine" ]]; then
    step "apt-get install wine64"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo -n); fi
    "${sudo_cmd[@]+"${sudo_cmd[@]}"}" apt-get update -qq </dev/null
    "${sudo_cmd[@]+"${sudo_cmd[@]}"}" apt-get install -y -qq --no-install-recommends wine64 </dev/null
    wine=$(find_wine)
fi
# wine64 is not on PATH (plain `wine` wants the 32-bit part); its wineserver sits beside it.
if [[ -z "$wine" || ! -x "$wine" ]]; then
    echo "wine: the wine64 package installed no wine64 program (dpkg -L wine64)" >&2
    echo "wine: 0 passed, 1 failed, 0 skipped"
    exit 1
fi
wineserver="$(dirname "$wine")/wineserver64"
[[ -x "$wineserver" ]] || wineserver="$(dirname "$wine")/wineserver"

for needed in "$emulator_dll" "$module/StreamingStt.psd1"; do
    if [[ ! -f "$needed" ]]; then
        echo "wine: $needed is missing: run 'dotnet build StreamingStt.slnx -c Release' and build.ps1 first" >&2
        echo "wine: 0 passed, 1 failed, 0 skipped"
        exit 1
    fi
done

# ---- A fresh work folder and Wine prefix --------------------------------------------------------
prefix="$work/prefix"
if [[ -d "$prefix" ]]; then
    WINEPREFIX="$prefix" timeout 20 "$wineserver" -k >/dev/null 2>&1 || true   # a previous run's server
fi
rm -rf "$work"
mkdir -p "$work/home" "$work/xdg/alsa" "$work/no-alsa"

# Everything Wine starts sees only this: its own HOME (no ~/.asoundrc of the machine), no debug
# chatter, and no W^X (with it, .NET 10 under Wine 8 dies in the finalizer: "Internal CLR error").
wine_env=(
    "HOME=$work/home"
    "WINEPREFIX=$prefix"
    "WINEDEBUG=-all"
    "DOTNET_EnableWriteXorExecute=0"
    "DOTNET_CLI_TELEMETRY_OPTOUT=1"
)

cleanup() {
    local pid
    for pid in "${emulator_pids[@]+"${emulator_pids[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
    env "${wine_env[@]}" timeout 20 "$wineserver" -k >/dev/null 2>&1 || true
}
emulator_pids=()
trap cleanup EXIT

step "wineboot (prefix $prefix), in the background while the programs publish"
boot_started=$SECONDS
# One persistent server for the whole stage, started with no pipe of ours: a server that a later
# `wine ... | tee` started would hold that pipe open (and tee waiting) after the program ends.
mkdir -p "$prefix"
env "${wine_env[@]}" "$wineserver" -p </dev/null >/dev/null 2>&1
env "${wine_env[@]}" timeout 180 "$wine" wineboot -u </dev/null >"$work/wineboot.log" 2>&1 &
wineboot_pid=$!

# ---- Publish both programs ----------------------------------------------------------------------
publish() {
    local project=$1 output=$2
    step "dotnet publish $project -r win-x64 --self-contained"
    if ! timeout 600 dotnet publish "$project" -c Release -r win-x64 --self-contained -o "$output" -nologo -v quiet </dev/null; then
        failures+=("dotnet publish $project")
        return 1
    fi
}
tests_ok=1 host_ok=1
publish tests/StreamingStt.Windows.Tests "$work/tests" || tests_ok=0
publish tests/StreamingStt.WindowsPwshHost "$work/pwsh" || host_ok=0

if ! wait "$wineboot_pid"; then
    echo "wine: wineboot failed:" >&2
    tail -n 20 "$work/wineboot.log" >&2
    failures+=("wineboot")
    tests_ok=0 host_ok=0
fi
echo "wine: prefix ready ($((SECONDS - boot_started)) s after wineboot started)"

# ---- The microphone: the ALSA file plugin playing a known file ------------------------------------
# 2 s of raw float32 stereo 48 kHz, Wine's mix format, so WASAPI hands out these very bytes. The left
# channel is a rising tone, the right a ramp: no two frames are alike, so the capture aligns with
# the feed at exactly one offset.
feed="$work/feed.f32"
perl -e 'binmode STDOUT; for my $i (0 .. 95999) { my $t = $i / 48000;
    print pack("f<f<", 0.5 * sin(2 * 3.14159265358979 * (220 + 200 * $t) * $t), $i / 4194304); }' >"$feed"
cat >"$work/xdg/alsa/asoundrc" <<EOF
pcm.sttfeed { type file; slave.pcm "null"; file "/dev/null"; infile "$feed"; format "raw" }
pcm.!default sttfeed
EOF

# ---- 1. The Windows capture tests ----------------------------------------------------------------
# Reads xunit's summary: "   StreamingStt.Windows.Tests  Total: 86, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0, Time: 7.6s".
count_xunit() {
    local log=$1 label=$2 status=$3 line total errors fails skips notrun
    line=$(grep -E 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' "$log" | tail -n 1 || true)
    if [[ -z "$line" ]]; then
        echo "wine: $label printed no summary (exit $status); its last stderr lines:"
        grep -v '^ALSA lib' "${log%.log}.err" | tail -n 30 || true
        failed=$((failed + 1))
        failures+=("$label (exit $status, no summary)")
        return
    fi
    total=$(sed -E 's/.*Total: ([0-9]+).*/\1/' <<<"$line")
    errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
    fails=$(sed -E 's/.*Failed: ([0-9]+).*/\1/' <<<"$line")
    skips=$(sed -E 's/.*Skipped: ([0-9]+).*/\1/' <<<"$line")
    notrun=$(sed -E 's/.*Not Run: ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + total - fails - skips - notrun))
    failed=$((failed + fails + errors))
    skipped=$((skipped + skips + notrun))
    if ((status != 0 && fails + errors == 0)); then
        failed=$((failed + 1))   # a crash or a timeout after the summary: count it once
    fi
    if ((status != 0)); then failures+=("$label (exit $status)"); fi
}

run_tests() {
    local label=$1 audio=$2 xdg=$3 log="$work/$1.log"; shift 3
    step "$label"
    local status=0
    # stdout is the report; stderr is mostly ALSA complaining about the >40 ms buffers some tests ask for.
    env "${wine_env[@]}" "XDG_CONFIG_HOME=$xdg" "STT_WINE_AUDIO=$audio" "STT_WINE_FEED=$(windows_path "$feed")" \
        timeout 300 "$wine" "$work/tests/StreamingStt.Windows.Tests.exe" -noColor -noAutoReporters -showLiveOutput "$@" \
        </dev/null 2>"${log%.log}.err" | tee "$log" || status=${PIPESTATUS[0]}
    count_xunit "$log" "$label" "$status"
}

if ((tests_ok)); then
    run_tests windows-tests-fed-microphone feed "$work/xdg" -class- StreamingStt.Windows.Tests.WineNoDeviceTests
    # Without a device: its own tests, and the linked ones that need no device (not-found ids, listing).
    linked=StreamingStt.Engine.Tests.Audio.Capture.Windows
    run_tests windows-tests-no-device none "$work/no-alsa" -method 'StreamingStt.Windows.Tests.WineNoDeviceTests.*' \
        -method "$linked.WasapiCaptureBackendTests.EnumeratorIsAvailableAndListingIsConsistent" \
        -method "$linked.WasapiCaptureBackendTests.ListingFromAnStaThreadMatchesTheMta" \
        -method "$linked.WasapiCaptureBackendTests.OpeningAMadeUpIdIsDeviceNotFound" \
        -method "$linked.WaveInCaptureBackendTests.IsAvailableAndListsTheMapperFirstWhenThereAreInputs" \
        -method "$linked.WaveInCaptureBackendTests.OpeningAMadeUpIdIsDeviceNotFound"
else
    failed=$((failed + 1))
fi

# ---- 2. The cmdlets on Windows: the PowerShell host runs tests/Pester ------------------------------
start_emulator() {
    local provider=$1 out="$work/emulator-$1.out" fifo="$work/emulator-$1.in" fd
    mkfifo "$fifo"
    # The emulator runs until its stdin closes or SIGTERM: the fifo, held open here, is that stdin.
    dotnet "$emulator_dll" --provider "$provider" --port 0 --key test-key <"$fifo" >"$out" 2>"$work/emulator-$1.err" &
    emulator_pids+=("$!")
    exec {fd}>"$fifo"
    local deadline=$((SECONDS + 60))
    until grep -qx READY "$out" 2>/dev/null; do
        if ((SECONDS > deadline)) || ! kill -0 "${emulator_pids[-1]}" 2>/dev/null; then
            echo "wine: the $provider emulator did not start:" >&2
            cat "$out" "$work/emulator-$1.err" >&2
            return 1
        fi
        sleep 0.2
    done
    local upper=${provider^^}
    emulator_env+=("STT_EMULATOR_${upper}_WS_URL=$(sed -n 's/^WS_URL=//p' "$out")"
        "STT_EMULATOR_${upper}_HTTP_URL=$(sed -n 's/^HTTP_URL=//p' "$out")")
}

if ((host_ok)); then
    step "emulators (Linux side) for the Pester tests"
    emulator_env=()
    for provider in assemblyai deepgram speechmatics; do
        start_emulator "$provider" || { host_ok=0; failures+=("emulator $provider"); }
    done
fi

pester_file="$nuget_packages/pester/5.7.1/tools/Pester.psd1"
if ((host_ok)) && [[ ! -f "$pester_file" ]]; then
    step "dotnet restore tests/StreamingStt.Engine.Tests (it downloads Pester 5.7.1)"
    dotnet restore tests/StreamingStt.Engine.Tests </dev/null >/dev/null || true
fi

if ((host_ok)); then
    step "Pester under the Windows PowerShell host"
    pester_log="$work/pester.log"
    # Progress bars off: on the pseudo-terminal every session would redraw one into the log.
    pester_command="\$global:ProgressPreference = 'SilentlyContinue'; & '$(windows_path "$repo/tests/Pester/Invoke-PesterSuite.ps1")'"
    pester_command+=" -Path '$(windows_path "$repo/tests/Pester")' -ModulePath '$(windows_path "$module")' -ExcludeTag LinuxOnly; exit \$LASTEXITCODE"
    # The console host needs a terminal (with redirected output it fails), hence `script`; its NUnit
    # XML writer crashes under Wine, so the runner writes none and the exit code and count line tell.
    host_command=$(printf '%q ' env "${wine_env[@]}" "${emulator_env[@]}" \
        "XDG_CONFIG_HOME=$work/xdg" "STT_WINE_AUDIO=feed" "NUGET_PACKAGES=$(windows_path "$nuget_packages")" \
        "NO_COLOR=1" "TERM=dumb" \
        timeout 600 "$wine" "$work/pwsh/pwsh.exe" -NoProfile -NonInteractive -Command "$pester_command")
    pester_status=0
    # Console escapes and carriage returns off; ALSA's complaints (see above) out.
    # A wide terminal keeps Pester's lines whole; Wine's note that Z: has no volume label is noise too.
    SHELL=/bin/bash script -qec "stty cols 200 rows 50 2>/dev/null; $host_command" /dev/null </dev/null 2>&1 \
        | sed -u -e 's/\x1b\][^\x07]*\x07//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' \
        | grep --line-buffered -v -e '^ALSA lib' -e 'FS volume label and serial are not available' \
        | tee "$pester_log" || pester_status=${PIPESTATUS[0]}
    line=$(grep -E '^pester: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$pester_log" | tail -n 1 || true)
    if [[ -n "$line" ]]; then
        read -r p f s < <(sed -E 's/^pester: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$line")
        passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
        if ((pester_status != 0 && f == 0)); then failed=$((failed + 1)); fi
    else
        failed=$((failed + 1))
    fi
    if ((pester_status != 0)); then failures+=("Pester under Wine (exit $pester_status)"); fi
else
    failed=$((failed + 1))
fi

# ---- Result -------------------------------------------------------------------------------------
echo
if ((${#failures[@]})); then
    echo "wine: FAILED: ${failures[*]}"
fi
echo "wine: stage took $((SECONDS - stage_start)) s"
echo "wine: ${passed} passed, ${failed} failed, ${skipped} skipped"
((${#failures[@]} == 0 && failed == 0))
