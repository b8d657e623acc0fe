# Copyright (c) StreamingStt contributors. MIT License.
<#
.SYNOPSIS
    One benchmark client through the module: imports out/StreamingStt, streams a WAV file with Start-SttSession
    (N sessions at once as background jobs when -Sessions is over 1), and prints "RESULT {json}" with this
    process's own CPU and memory. bench/StreamingStt.LoadBench starts it; it is not meant to be run by hand.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModulePath,
    [Parameter(Mandatory = $true)] [ValidateSet('AssemblyAI', 'Deepgram', 'Speechmatics')] [string] $Provider,
    [Parameter(Mandatory = $true)] [uri] $Endpoint,
    [Parameter(Mandatory = $true)] [string] $Key,
    [Parameter(Mandatory = $true)] [string] $Wav,
    [switch] $NoPacing,
    [int] $Sessions = 1
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$self = [System.Diagnostics.Process]::GetCurrentProcess()
Import-Module -Name $ModulePath
$apiKey = ConvertTo-SecureString -String $Key -AsPlainText -Force
$audioSeconds = ((Get-Item -LiteralPath $Wav).Length - 44) / 32000.0

# Start-up: everything before the first session starts (the runtime, pwsh, Import-Module).
$self.Refresh()
$startupCpu = $self.TotalProcessorTime.TotalMilliseconds
$startupWall = ([datetime]::Now - $self.StartTime).TotalMilliseconds
$clock = [System.Diagnostics.Stopwatch]::StartNew()
[Console]::Out.WriteLine('READY')   # the harness samples this process's CPU a fixed time after it, for the steady-state rate
[Console]::Out.Flush()

$sessionParameters = @{ Path = $Wav; Provider = $Provider; Endpoint = $Endpoint; ApiKey = $apiKey; NoPacing = $NoPacing }
$turns = 0
$slowest = 0.0
$firstTurn = $null
if ($Sessions -le 1) {
    # Start-up to the first end-of-turn Turn: wall ms from process start and the process's CPU by then.
    $turns = @(Start-SttSession @sessionParameters | Where-Object EndOfTurn | ForEach-Object {
            if ($null -eq $firstTurn) {
                $self.Refresh()
                $firstTurn = @(([datetime]::Now - $self.StartTime).TotalMilliseconds, $self.TotalProcessorTime.TotalMilliseconds)
            }
            $_
        }).Count
    $slowest = $clock.Elapsed.TotalMilliseconds
}
else {
    $jobs = @(1..$Sessions | ForEach-Object { Start-SttSession @sessionParameters -AsJob })
    $null = $jobs | Wait-Job
    $slowest = $clock.Elapsed.TotalMilliseconds
    $turns = @($jobs | Receive-Job | Where-Object EndOfTurn).Count
    $jobs | Remove-Job
}
$wall = $clock.Elapsed.TotalMilliseconds

$self.Refresh()
$status = Get-Content -LiteralPath '/proc/self/status'
function Get-StatusKiB([string] $Field) {
    [long](($status | Where-Object { $_ -like "${Field}:*" }) -replace '[^0-9]', '')
}
$result = [ordered]@{
    client              = 'pwsh'
    provider            = $Provider.ToLowerInvariant()
    sessions            = $Sessions
    audioSeconds        = $audioSeconds
    startupCpuMs        = $startupCpu
    startupWallMs       = $startupWall
    sessionCpuMs        = $self.TotalProcessorTime.TotalMilliseconds - $startupCpu
    wallMs              = $wall
    slowestSessionLagMs = $slowest - $audioSeconds * 1000
    peakRssKiB          = Get-StatusKiB 'VmHWM'
    endRssKiB           = Get-StatusKiB 'VmRSS'
    turns               = $turns
    firstTurnWallMs     = if ($firstTurn) { $firstTurn[0] } else { $null }
    firstTurnCpuMs      = if ($firstTurn) { $firstTurn[1] } else { $null }
}
'RESULT ' + ($result | ConvertTo-Json -Compress)
