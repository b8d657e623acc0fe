# Copyright (c) StreamingStt contributors. MIT License.
<#
.SYNOPSIS
    The module end to end, with no key and no network: builds it, starts a local AssemblyAI emulator,
    streams a recording to it and shows the turns, then the CSV a script would write.

.DESCRIPTION
    The README's first command:

        dotnet tool restore && dotnet pwsh -NoProfile -File samples/Invoke-Demo.ps1

    1. Builds the module (build.ps1 -> out/StreamingStt) and the emulator (tests/StreamingStt.Emulator).
    2. Starts the emulator on 127.0.0.1. It is a local stand-in for AssemblyAI's streaming service that
       "recognises" a fixed script by audio time, whatever the audio says; nothing leaves this machine.
    3. Writes a 12-second recording (speech from espeak-ng when it is installed, a tone otherwise).
    4. Runs, as a user would:
           Start-SttSession -Path <recording> -SpeakerLabels | Where-Object EndOfTurn | Format-Table
       and exports the same turns with Export-Csv, then prints the CSV.

.PARAMETER NoBuild
    Use the module and emulator already built.

.PARAMETER OutputFolder
    Where the recording and turns.csv go; default: a new folder under the temp directory.
#>
[CmdletBinding()]
param(
    [switch] $NoBuild,
    [string] $OutputFolder
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$root = Split-Path -Path $PSScriptRoot -Parent
$moduleManifest = Join-Path -Path $root -ChildPath 'out/StreamingStt/StreamingStt.psd1'
$emulatorProject = Join-Path -Path $root -ChildPath 'tests/StreamingStt.Emulator'
$emulatorDll = Join-Path -Path $emulatorProject -ChildPath 'bin/Release/net10.0/StreamingStt.Emulator.dll'

# What the emulator "hears", by audio time: four turns in 12 seconds.
$demoScript = @'
{"utterances":[
  {"text":"Good morning, this is the weekly operations call.","start":0.4,"end":3.0,"speaker":"A"},
  {"text":"The backup job failed twice on Tuesday.","start":3.6,"end":5.8,"speaker":"B"},
  {"text":"We moved it to the new storage account.","start":6.4,"end":8.6,"speaker":"B"},
  {"text":"Thanks, let's check it again on Friday.","start":9.2,"end":11.4,"speaker":"A"}
]}
'@

function Invoke-Build {
    param([Parameter(Mandatory = $true)] [string] $Step, [Parameter(Mandatory = $true)] [scriptblock] $Command)
    Write-Host "==> $Step"
    $output = & $Command 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | Out-Host
        throw "$Step failed (exit code $LASTEXITCODE)."
    }
}

function Write-DemoRecording {
    # 12 s of 16 kHz mono 16-bit PCM: espeak-ng's voice when it is installed (the emulator ignores
    # the content either way), otherwise a quiet tone.
    param([Parameter(Mandatory = $true)] [string] $Path)
    $sampleRate = 16000
    $samples = New-Object -TypeName 'int16[]' -ArgumentList ($sampleRate * 12)
    $espeak = Get-Command -Name 'espeak-ng' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $spoken = $null
    if ($espeak) {
        $spokenPath = [System.IO.Path]::ChangeExtension($Path, '.espeak.wav')
        & $espeak.Source -v en-us -s 160 -w $spokenPath 'Good morning, this is the weekly operations call. The backup job failed twice on Tuesday.' 2>$null
        if ($LASTEXITCODE -eq 0 -and (Test-Path -LiteralPath $spokenPath)) { $spoken = $spokenPath }
    }
    if ($spoken) {
        # espeak-ng writes 22050 Hz mono 16-bit after a 44-byte header: take every sample at 16 kHz.
        $bytes = [System.IO.File]::ReadAllBytes($spoken)
        $sourceCount = [int](($bytes.Length - 44) / 2)
        for ($i = 0; $i -lt $samples.Length; $i++) {
            $source = [int]([double]$i * 22050 / $sampleRate)
            if ($source -ge $sourceCount) { break }
            $samples[$i] = [BitConverter]::ToInt16($bytes, 44 + 2 * $source)
        }
        Remove-Item -LiteralPath $spoken -Force
    }
    else {
        for ($i = 0; $i -lt $samples.Length; $i++) {
            $samples[$i] = [int16](3000 * [Math]::Sin(2 * [Math]::PI * 440 * $i / $sampleRate))
        }
    }
    $data = New-Object -TypeName 'byte[]' -ArgumentList ($samples.Length * 2)
    [Buffer]::BlockCopy($samples, 0, $data, 0, $data.Length)
    $stream = [System.IO.File]::Create($Path)
    try {
        $writer = New-Object -TypeName System.IO.BinaryWriter -ArgumentList $stream
        $ascii = [System.Text.Encoding]::ASCII
        $writer.Write($ascii.GetBytes('RIFF')); $writer.Write([int](36 + $data.Length)); $writer.Write($ascii.GetBytes('WAVE'))
        $writer.Write($ascii.GetBytes('fmt ')); $writer.Write([int]16); $writer.Write([int16]1); $writer.Write([int16]1)
        $writer.Write([int]$sampleRate); $writer.Write([int]($sampleRate * 2)); $writer.Write([int16]2); $writer.Write([int16]16)
        $writer.Write($ascii.GetBytes('data')); $writer.Write([int]$data.Length); $writer.Write($data)
        $writer.Flush()
    }
    finally {
        $stream.Dispose()
    }
    if ($spoken) { 'speech from espeak-ng' } else { 'a tone (install espeak-ng for speech)' }
}

if (-not $NoBuild) {
    Invoke-Build -Step 'Building the module (build.ps1)' -Command { & (Join-Path -Path $PSHOME -ChildPath 'pwsh') -NoProfile -NonInteractive -File (Join-Path -Path $root -ChildPath 'build.ps1') }
    Invoke-Build -Step 'Building the local emulator' -Command { dotnet build $emulatorProject -c Release --nologo }
}
foreach ($required in $moduleManifest, $emulatorDll) {
    if (-not (Test-Path -LiteralPath $required -PathType Leaf)) {
        throw "$required is missing: run without -NoBuild."
    }
}

if (-not $OutputFolder) {
    $OutputFolder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('StreamingStt-demo-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Path $OutputFolder -Force
$recording = Join-Path -Path $OutputFolder -ChildPath 'operations-call.wav'
$csv = Join-Path -Path $OutputFolder -ChildPath 'turns.csv'
$scriptPath = Join-Path -Path $OutputFolder -ChildPath 'emulator-script.json'
Set-Content -LiteralPath $scriptPath -Value $demoScript -Encoding UTF8
$content = Write-DemoRecording -Path $recording

# The emulator runs until its standard input closes.
$startInfo = New-Object -TypeName System.Diagnostics.ProcessStartInfo
$startInfo.FileName = 'dotnet'
$startInfo.Arguments = '"{0}" --provider assemblyai --port 0 --key demo-key --script "{1}"' -f $emulatorDll, $scriptPath
$startInfo.UseShellExecute = $false
$startInfo.RedirectStandardInput = $true
$startInfo.RedirectStandardOutput = $true
$startInfo.RedirectStandardError = $true
$emulator = [System.Diagnostics.Process]::Start($startInfo)
try {
    $endpoint = $null
    while ($true) {
        $line = $emulator.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'The local emulator exited before it was ready.' }
        if ($line.StartsWith('WS_URL=')) { $endpoint = $line.Substring(7) }
        if ($line -eq 'READY') { break }
    }

    Import-Module -Name $moduleManifest
    Write-Host ''
    Write-Host 'This is a LOCAL EMULATOR of AssemblyAI Universal-Streaming on 127.0.0.1 (no key, no network):'
    Write-Host 'it answers with a fixed script by audio time, whatever the recording says.'
    Write-Host "Recording: $recording (12 s, $content; streamed at real time)"
    Write-Host ''
    Write-Host "PS> Start-SttSession -Path $recording -Endpoint $endpoint -SpeakerLabels | Where-Object EndOfTurn | Format-Table"

    $key = ConvertTo-SecureString -String 'demo-key' -AsPlainText -Force
    Start-SttSession -Path $recording -Endpoint $endpoint -ApiKey $key -SpeakerLabels |
        Where-Object EndOfTurn |
        Tee-Object -Variable turns |
        Format-Table |
        Out-Host

    $turns | Export-Csv -LiteralPath $csv -NoTypeInformation
    Write-Host "PS> ... | Where-Object EndOfTurn | Export-Csv $csv"
    Get-Content -LiteralPath $csv | Out-Host
    if (@($turns).Count -ne 4) {
        throw "Expected 4 finished turns from the emulator's script, got $(@($turns).Count)."
    }
    Write-Host ''
    Write-Host 'With a real key: $env:ASSEMBLYAI_API_KEY = ''...''; Start-SttSession -Path <file> | Where-Object EndOfTurn'
}
finally {
    if (-not $emulator.HasExited) {
        $emulator.StandardInput.Close()
        if (-not $emulator.WaitForExit(10000)) { $emulator.Kill() }
    }
    $emulator.Dispose()
}
