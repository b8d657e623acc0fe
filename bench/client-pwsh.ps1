# Copyright (c) StreamingStt contributors. MIT License.
<#
.SYNOPSIS
    One benchmark client through the module: imports out/StreamingStt, streams a WAV file with Start-SttSession
    (N sessions at once as background jobs when -Sessions is over 1 or with -AsJob, their turns read as they come
    with Receive-SttTurn -Wait, as an admin watching many sessions would), and prints "RESULT {json}" with this
    process's own CPU and memory and the lag of its end-of-turn turns. bench/StreamingStt.LoadBench starts it; it is
    not meant to be run by hand.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModulePath,
    [Parameter(Mandatory = $true)] [ValidateSet('AssemblyAI', 'Deepgram', 'Speechmatics')] [string] $Provider,
    [Parameter(Mandatory = $true)] [uri] $Endpoint,
    [Parameter(Mandatory = $true)] [string] $Key,
    [Parameter(Mandatory = $true)] [string] $Wav,
    [switch] $NoPacing,
    [int] $Sessions = 1,
    [switch] $AsJob
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
# Lag of each end-of-turn Turn at this consumer: now - (its session's start + the Turn's audio end time).
$maxLag = $null
$maxGrowth = $null
$firstLag = @{}
$lastLag = @{}
function Add-TurnLag([string] $SessionKey, [datetimeoffset] $SessionStart, $Turn) {
    $lag = ([datetimeoffset]::Now - $SessionStart - $Turn.EndTime).TotalMilliseconds
    if (-not $firstLag.ContainsKey($SessionKey)) { $firstLag[$SessionKey] = $lag }
    $lastLag[$SessionKey] = $lag
    if ($null -eq $script:maxLag -or $lag -gt $script:maxLag) { $script:maxLag = $lag }
}
if ($Sessions -le 1 -and -not $AsJob) {
    # Start-up to the first end-of-turn Turn: wall ms from process start and the process's CPU by then.
    $sessionStart = [datetimeoffset]::Now
    $turns = @(Start-SttSession @sessionParameters | Where-Object EndOfTurn | ForEach-Object {
            if ($null -eq $firstTurn) {
                $self.Refresh()
                $firstTurn = @(([datetime]::Now - $self.StartTime).TotalMilliseconds, $self.TotalProcessorTime.TotalMilliseconds)
            }
            Add-TurnLag 'one' $sessionStart $_
            $_
        }).Count
    $slowest = $clock.Elapsed.TotalMilliseconds
}
else {
    $jobs = @(1..$Sessions | ForEach-Object { Start-SttSession @sessionParameters -AsJob })
    # Each job's StartTime is when its session started; turns name their session by SessionId.
    $startBySession = @{}
    $jobs | Receive-SttTurn -Wait | Where-Object EndOfTurn | ForEach-Object {
        if (-not $startBySession.ContainsKey($_.SessionId)) {
            foreach ($job in $jobs) { if ($job.SessionId) { $startBySession[$job.SessionId] = $job.StartTime } }
        }
        Add-TurnLag $_.SessionId $startBySession[$_.SessionId] $_
        $turns++
    }
    $slowest = $clock.Elapsed.TotalMilliseconds
    $failed = @($jobs | Where-Object State -ne 'Completed')
    if ($failed.Count -gt 0) { throw "$($failed.Count) of $Sessions sessions did not complete: $($failed[0].State) $($failed[0].LastError)" }
    $jobs | Remove-Job
}
foreach ($key in $firstLag.Keys) {
    $growth = $lastLag[$key] - $firstLag[$key]
    if ($null -eq $maxGrowth -or $growth -gt $maxGrowth) { $maxGrowth = $growth }
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
    maxTurnLagMs        = $maxLag
    maxTurnLagGrowthMs  = $maxGrowth
}
'RESULT ' + ($result | ConvertTo-Json -Compress)
