# Copyright (c) StreamingStt contributors. MIT License.
#
# Shared helpers for the StreamingStt Pester tests (Pester 5; Windows PowerShell 5.1 and PowerShell 7).
# Not a test file itself: the *.Tests.ps1 files import it in BeforeDiscovery/BeforeAll.

Set-StrictMode -Version 3.0

$script:RepoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent

function Get-SttRepoRoot {
    <# The repository root (the folder that holds StreamingStt.psd1). #>
    $script:RepoRoot
}

function Get-SttModuleManifest {
    <#
    .SYNOPSIS
    The built module's manifest: $env:STT_MODULE_PATH (a module folder or a .psd1), else <repo>/out/StreamingStt.
    #>
    $path = $env:STT_MODULE_PATH
    if ([string]::IsNullOrEmpty($path)) {
        $path = Join-Path -Path (Join-Path -Path $script:RepoRoot -ChildPath 'out') -ChildPath 'StreamingStt'
    }
    if (Test-Path -LiteralPath $path -PathType Container) {
        $path = Join-Path -Path $path -ChildPath 'StreamingStt.psd1'
    }
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw "The built module was not found at '$path'. Run ./build.ps1 first, or set `$env:STT_MODULE_PATH."
    }
    (Resolve-Path -LiteralPath $path).ProviderPath
}

function Get-SttEmulatorPath {
    <#
    .SYNOPSIS
    The emulator's StreamingStt.Emulator.dll: $env:STT_EMULATOR_PATH, else the newest build under
    tests/StreamingStt.Emulator/bin/<configuration>/net10.0/.
    #>
    if (-not [string]::IsNullOrEmpty($env:STT_EMULATOR_PATH)) {
        return (Resolve-Path -LiteralPath $env:STT_EMULATOR_PATH).ProviderPath
    }
    $bin = Join-Path -Path (Join-Path -Path (Join-Path -Path $script:RepoRoot -ChildPath 'tests') -ChildPath 'StreamingStt.Emulator') -ChildPath 'bin'
    $candidates = @()
    if (Test-Path -LiteralPath $bin) {
        $candidates = @(Get-ChildItem -LiteralPath $bin -Filter 'StreamingStt.Emulator.dll' -File -Recurse |
            Where-Object { $_.Directory.Name -eq 'net10.0' } |
            Sort-Object -Property LastWriteTimeUtc -Descending)
    }
    if ($candidates.Count -eq 0) {
        throw "StreamingStt.Emulator.dll was not found under '$bin'. Build it with: dotnet build tests/StreamingStt.Emulator (or ./build.ps1 -Test)."
    }
    $candidates[0].FullName
}

function Start-SttEmulator {
    <#
    .SYNOPSIS
    Starts a provider emulator (AssemblyAI by default) on a free loopback port and returns an object with Process,
    WsUrl and HttpUrl. The emulator exits when its standard input closes (Stop-SttEmulator).
    -Fault injects a failure into every session (the emulator's --fault: stall-after:S,
    oversized-after:S:BYTES, close-after:S:CODE[:REASON], abort-after:S, black-hole-after:S; every provider).
    -ArgumentList passes more emulator options (e.g. '--fault-sessions', '1', '--follow-audio-position').

    .DESCRIPTION
    Where this PowerShell cannot start `dotnet` (the Windows host under Wine), the caller starts the
    emulators with key 'test-key' and the default script, and names them in
    $env:STT_EMULATOR_<PROVIDER>_WS_URL and $env:STT_EMULATOR_<PROVIDER>_HTTP_URL (tests/Wine/run.sh
    does); the object then has no Process and Stop-SttEmulator leaves the emulator running.
    #>
    param(
        [string] $Key = 'test-key',
        [string] $ScriptPath,
        [ValidateSet('assemblyai', 'deepgram', 'speechmatics')]
        [string] $Provider = 'assemblyai',
        [string] $Fault,
        [int] $TimeoutSeconds = 60,
        # More emulator options, e.g. '--redirect-streaming', '302=ws://127.0.0.1:9/x' or '--fault-sessions', '1'
        # (no spaces in values; see tests/StreamingStt.Emulator/README.md).
        [string[]] $ArgumentList = @()
    )

    $variable = 'STT_EMULATOR_{0}_WS_URL' -f $Provider.ToUpperInvariant()
    $externalWsUrl = [Environment]::GetEnvironmentVariable($variable)
    if (-not [string]::IsNullOrEmpty($externalWsUrl)) {
        $httpVariable = 'STT_EMULATOR_{0}_HTTP_URL' -f $Provider.ToUpperInvariant()
        $externalHttpUrl = [Environment]::GetEnvironmentVariable($httpVariable)
        if ([string]::IsNullOrEmpty($externalHttpUrl)) {
            throw "`$env:$variable names an emulator started outside this session, but `$env:$httpVariable is not set."
        }
        if ($ScriptPath -or $Fault -or $ArgumentList.Count -gt 0 -or $Key -ne 'test-key') {
            throw "The emulator named by `$env:$variable serves the default script with key 'test-key' and no fault; this test needs its own (-Key/-ScriptPath/-Fault/-ArgumentList), so it cannot run where the emulators are started outside the session."
        }
        return [pscustomobject]@{
            Process = $null
            WsUrl   = $externalWsUrl
            HttpUrl = $externalHttpUrl
        }
    }

    $dll = Get-SttEmulatorPath
    $arguments = '"{0}" --provider {1} --port 0 --key {2}' -f $dll, $Provider, $Key
    if ($ScriptPath) {
        $arguments += ' --script "{0}"' -f $ScriptPath
    }
    if ($Fault) {
        $arguments += ' --fault "{0}"' -f $Fault
    }
    foreach ($argument in $ArgumentList) {
        $arguments += ' "{0}"' -f $argument
    }

    $startInfo = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = $arguments
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    # stderr (one line per session) is left to the console: useful when a test fails.
    $startInfo.RedirectStandardError = $false

    $process = [System.Diagnostics.Process]::Start($startInfo)
    $wsUrl = $null
    $httpUrl = $null
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    try {
        while ($true) {
            $remaining = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
            $read = $process.StandardOutput.ReadLineAsync()
            if (-not $read.Wait($remaining)) {
                throw "The emulator did not print READY within $TimeoutSeconds s."
            }
            $line = $read.Result
            if ($null -eq $line) {
                # End of output: the process is exiting; give it a moment so its exit code is readable.
                $null = $process.WaitForExit(5000)
                $code = if ($process.HasExited) { $process.ExitCode } else { 'unknown' }
                throw "The emulator exited before it was ready (exit code $code)."
            }
            if ($line.StartsWith('WS_URL=')) { $wsUrl = $line.Substring(7) }
            elseif ($line.StartsWith('HTTP_URL=')) { $httpUrl = $line.Substring(9) }
            elseif ($line -eq 'READY') { break }
        }
        if (-not $wsUrl -or -not $httpUrl) {
            throw 'The emulator said READY without printing WS_URL and HTTP_URL.'
        }
    }
    catch {
        if (-not $process.HasExited) { $process.Kill() }
        $process.Dispose()
        throw
    }

    [pscustomobject]@{
        Process = $process
        WsUrl   = $wsUrl
        HttpUrl = $httpUrl
    }
}

function Stop-SttEmulator {
    <# Closes the emulator's standard input (it then exits) and waits; kills it only if it hangs. One started outside the session (no Process) is left to its starter. #>
    param($Emulator)
    if ($null -eq $Emulator -or $null -eq $Emulator.Process) { return }
    $process = $Emulator.Process
    try {
        if (-not $process.HasExited) {
            $process.StandardInput.Close()
            if (-not $process.WaitForExit(10000)) {
                $process.Kill()
                $null = $process.WaitForExit(5000)
            }
        }
    }
    finally {
        $process.Dispose()
    }
}

function Write-SttWaveFile {
    <# Writes 16-bit mono PCM samples as a canonical 44-byte-header WAV file; returns the path. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [int16[]] $Samples,
        [int] $SampleRate = 16000
    )
    $dataBytes = $Samples.Length * 2
    $data = New-Object -TypeName 'byte[]' -ArgumentList $dataBytes
    [Buffer]::BlockCopy($Samples, 0, $data, 0, $dataBytes)   # little-endian on every supported platform

    $ascii = [System.Text.Encoding]::ASCII
    $stream = [System.IO.File]::Create($Path)
    try {
        $writer = New-Object -TypeName System.IO.BinaryWriter -ArgumentList $stream
        $writer.Write($ascii.GetBytes('RIFF'))
        $writer.Write([int](36 + $dataBytes))
        $writer.Write($ascii.GetBytes('WAVE'))
        $writer.Write($ascii.GetBytes('fmt '))
        $writer.Write([int]16)                 # fmt chunk size
        $writer.Write([int16]1)                # PCM
        $writer.Write([int16]1)                # mono
        $writer.Write([int]$SampleRate)
        $writer.Write([int]($SampleRate * 2))  # bytes per second
        $writer.Write([int16]2)                # block align
        $writer.Write([int16]16)               # bits per sample
        $writer.Write($ascii.GetBytes('data'))
        $writer.Write([int]$dataBytes)
        $writer.Write($data)
        $writer.Flush()
    }
    finally {
        $stream.Dispose()
    }
    $Path
}

function New-SttTestWave {
    <#
    .SYNOPSIS
    Writes a 16 kHz mono 16-bit PCM WAV with a quiet 440 Hz tone. The emulator transcribes from its
    script by audio time, not from the audio content.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [double] $Seconds = 5,
        [int] $SampleRate = 16000
    )

    $sampleCount = [int][Math]::Round($Seconds * $SampleRate)
    $samples = New-Object -TypeName 'int16[]' -ArgumentList $sampleCount
    $step = 2.0 * [Math]::PI * 440.0 / $SampleRate
    for ($i = 0; $i -lt $sampleCount; $i++) {
        $samples[$i] = [int16][Math]::Round(6000.0 * [Math]::Sin($step * $i))
    }
    Write-SttWaveFile -Path $Path -Samples $samples -SampleRate $SampleRate
}

function New-SttPositionMarkedWave {
    <#
    .SYNOPSIS
    Writes a 16 kHz mono 16-bit PCM WAV whose samples carry their own position (sample pair k holds k's low and
    high 15 bits), so an emulator started with --follow-audio-position hears a reconnecting client's replay where
    it really is in the recording.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [double] $Seconds = 10
    )

    $sampleRate = 16000
    $sampleCount = [int][Math]::Round($Seconds * $sampleRate / 2) * 2
    $samples = New-Object -TypeName 'int16[]' -ArgumentList $sampleCount
    for ($i = 0; $i -lt $sampleCount; $i += 2) {
        $pair = $i / 2
        $samples[$i] = [int16]($pair -band 0x7FFF)
        $samples[$i + 1] = [int16](($pair -shr 15) -band 0x7FFF)
    }
    Write-SttWaveFile -Path $Path -Samples $samples -SampleRate $sampleRate
}

function New-SttTestFolder {
    <# A fresh folder under the temp directory; remove it with Remove-Item -Recurse in AfterAll. #>
    $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('StreamingStt.Pester.' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -Path $path -ItemType Directory -Force
    (Resolve-Path -LiteralPath $path).ProviderPath
}

function Wait-SttCondition {
    <# Polls a condition until it is true or the timeout passes; returns whether it became true. #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [double] $TimeoutSeconds = 15,
        [int] $IntervalMilliseconds = 100
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    [bool](& $Condition)
}

function Get-SttPwshPath {
    <#
    .SYNOPSIS
    The PowerShell executable of the running session, for child processes: found through $PSHOME,
    because under the dotnet-tool pwsh the process path is `dotnet` itself.
    #>
    $name = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'powershell.exe' } elseif ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    $path = Join-Path -Path $PSHOME -ChildPath $name
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw "No $name in `$PSHOME ($PSHOME): cannot start a child PowerShell."
    }
    $path
}

function Remove-SttTestJobs {
    <# Removes every SttJob of this session (the ThreadJob test idiom). #>
    Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' } | Remove-Job -Force
}

$exported = @(
    'Get-SttRepoRoot'
    'Get-SttModuleManifest'
    'Get-SttEmulatorPath'
    'Start-SttEmulator'
    'Stop-SttEmulator'
    'New-SttTestWave'
    'New-SttPositionMarkedWave'
    'New-SttTestFolder'
    'Wait-SttCondition'
    'Get-SttPwshPath'
    'Remove-SttTestJobs'
)
Export-ModuleMember -Function $exported
