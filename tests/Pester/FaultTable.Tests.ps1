# Copyright (c) StreamingStt contributors. MIT License.
#
# The fault table (issue 9): every fault the emulators inject and every documented close code of every provider,
# in the foreground and with -AsJob. Each row asserts that the session ends within a bound, with the documented
# error id (or none where the close is normal, or a successful reconnect), that both turns the emulator spoke
# before the fault arrive exactly once, and that no job is left running. docs/reliability.md points here.
#
# The default script says "Hello world." (0.5–1.1 s) and "How are you today?" (3.0–4.2 s); every fault comes
# after 5.5 s of audio, so both turns are final before it. The 8 s file is sent unpaced for every provider: the
# AssemblyAI emulator lets audio run 10 s ahead of the clock (--lead-seconds), so 8 s never trips its 3007.

# Tagged StartsProcesses: it starts emulators of its own (faults), which the Windows host under Wine cannot
# (it cannot start Linux programs); tests/Wine/run.sh leaves it out.
BeforeDiscovery {
    # Provider, fault, expected error id ($null: the session ends without an error). The leading commas keep each
    # triple an array of its own.
    $faults = @(
        # AssemblyAI: every code AssemblyAIProtocol.DescribeCode maps (protocols.md §1, the SDK tables).
        , @('AssemblyAI', 'close-after:5.5:1000', $null)
        , @('AssemblyAI', 'close-after:5.5:1008', 'SttProviderAuthenticationFailed')
        , @('AssemblyAI', 'close-after:5.5:1008:Too many concurrent sessions', 'SttProviderConcurrencyLimitExceeded')
        , @('AssemblyAI', 'close-after:5.5:1011', 'SttProviderServerError')
        , @('AssemblyAI', 'close-after:5.5:1013', 'SttProviderServerError')
        , @('AssemblyAI', 'close-after:5.5:3005', 'SttProviderServerError')
        , @('AssemblyAI', 'close-after:5.5:3006', 'SttProviderInvalidMessage')
        , @('AssemblyAI', 'close-after:5.5:3007', 'SttProviderAudioDurationInvalid')
        , @('AssemblyAI', 'close-after:5.5:3007:Audio Transmission Rate Exceeded', 'SttProviderAudioRateExceeded')
        , @('AssemblyAI', 'close-after:5.5:3008', 'SttProviderSessionExpired')
        , @('AssemblyAI', 'close-after:5.5:3009', 'SttProviderConcurrencyLimitExceeded')
        , @('AssemblyAI', 'close-after:5.5:4000', 'SttProviderRejectedRequest')
        , @('AssemblyAI', 'close-after:5.5:4001', 'SttProviderAuthenticationFailed')
        , @('AssemblyAI', 'close-after:5.5:4002', 'SttProviderQuotaExceeded')
        , @('AssemblyAI', 'close-after:5.5:4003', 'SttProviderQuotaExceeded')
        , @('AssemblyAI', 'close-after:5.5:4008', 'SttProviderSessionExpired')
        , @('AssemblyAI', 'close-after:5.5:4029', 'SttProviderAudioRateExceeded')
        , @('AssemblyAI', 'close-after:5.5:4031', 'SttProviderTimeout')
        , @('AssemblyAI', 'close-after:5.5:4032', 'SttProviderAudioDurationInvalid')
        , @('AssemblyAI', 'close-after:5.5:4033', 'SttProviderAudioDurationInvalid')
        , @('AssemblyAI', 'close-after:5.5:4100', 'SttProviderInvalidMessage')
        , @('AssemblyAI', 'close-after:5.5:4101', 'SttProviderRejectedRequest')
        , @('AssemblyAI', 'close-after:5.5:4102', 'SttProviderConcurrencyLimitExceeded')
        # Deepgram: the codes of protocols.md §2.7.
        , @('Deepgram', 'close-after:5.5:1000', $null)
        , @('Deepgram', 'close-after:5.5:1008:DATA-0000', 'SttProviderAudioNotDecodable')
        , @('Deepgram', 'close-after:5.5:1011:NET-0000', 'SttProviderServerError')
        , @('Deepgram', 'close-after:5.5:1011:NET-0001', 'SttProviderIdleTimeout')
        # Speechmatics: the close codes of protocols.md §3 (each without the Error message before it).
        , @('Speechmatics', 'close-after:5.5:1000', $null)
        , @('Speechmatics', 'close-after:5.5:1003', 'SttProviderInvalidMessage')
        , @('Speechmatics', 'close-after:5.5:1008', 'SttProviderRejectedRequest')
        , @('Speechmatics', 'close-after:5.5:1011', 'SttProviderServerError')
        , @('Speechmatics', 'close-after:5.5:4001', 'SttProviderAuthenticationFailed')
        , @('Speechmatics', 'close-after:5.5:4003', 'SttProviderRejectedRequest')
        , @('Speechmatics', 'close-after:5.5:4004', 'SttProviderRejectedRequest')
        , @('Speechmatics', 'close-after:5.5:4005', 'SttProviderConcurrencyLimitExceeded')
        , @('Speechmatics', 'close-after:5.5:4006', 'SttProviderQuotaExceeded')
        , @('Speechmatics', 'close-after:5.5:4013', 'SttProviderServerError')
    )
    foreach ($provider in 'AssemblyAI', 'Deepgram', 'Speechmatics') {
        $faults += , @($provider, 'abort-after:5.5', 'SttProviderConnectionLost')
        $faults += , @($provider, 'oversized-after:5.5:5242880', 'SttTransportMessageTooLarge')
        # A stall after the whole file was sent: the stop request goes unanswered and -StopTimeout ends it.
        $faults += , @($provider, 'stall-after:5.5', $null)
    }

    $rows = foreach ($fault in $faults) {
        foreach ($mode in 'foreground', 'AsJob') {
            @{ Provider = $fault[0]; Fault = $fault[1]; ErrorId = $fault[2]; Mode = $mode; Reconnect = $false }
        }
    }
    # Transient faults with reconnect on: the first connection gets the fault, the second finishes the file.
    # AssemblyAI only: the Deepgram and Speechmatics console emulators do not take --fault-sessions yet.
    $transient = @(
        , @('AssemblyAI', 'abort-after:5.5')
        , @('AssemblyAI', 'close-after:5.5:3005')
        , @('AssemblyAI', 'close-after:5.5:1011')
    )
    $rows += foreach ($fault in $transient) {
        foreach ($mode in 'foreground', 'AsJob') {
            @{ Provider = $fault[0]; Fault = $fault[1]; ErrorId = $null; Mode = $mode; Reconnect = $true }
        }
    }
}

Describe 'Fault table: every fault and close code of every provider, foreground and -AsJob' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'eight.wav') -Seconds 8
        $spokenBeforeFault = 'hello world', 'how are you today'
        $boundSeconds = 20

        # One emulator per (provider, fault, reconnect), started by the foreground row and reused by the -AsJob row.
        $emulators = @{}
        function Get-FaultEmulator([string] $Provider, [string] $Fault, [bool] $Reconnect) {
            $name = "$Provider|$Fault|$Reconnect"
            if (-not $emulators.ContainsKey($name)) {
                $arguments = if ($Reconnect) { @('--fault-sessions', '1') } else { @() }
                $emulators[$name] = Start-SttEmulator -Provider $Provider.ToLowerInvariant() -Fault $Fault -ArgumentList $arguments
            }
            $emulators[$name]
        }
    }

    AfterAll {
        Remove-SttTestJobs
        foreach ($emulator in $emulators.Values) { Stop-SttEmulator -Emulator $emulator }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<Provider> <Fault> (<Mode>, reconnect <Reconnect>): ends in time with <ErrorId>, turns before it once' -ForEach $rows {
        $emulator = Get-FaultEmulator -Provider $Provider -Fault $Fault -Reconnect $Reconnect
        $session = @{
            Provider = $Provider; Path = $wav; Endpoint = $emulator.WsUrl; ApiKey = $key; NoPacing = $true
            StopTimeout = New-TimeSpan -Seconds 2
            MaxReconnectAttempts = if ($Reconnect) { 2 } else { 0 }
        }
        $errs = $null
        $warnings = $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        if ($Mode -eq 'foreground') {
            # Collected one by one: auth, quota and refusal errors end the command (terminating), and the turns
            # written before them must still be counted.
            $collected = [System.Collections.Generic.List[object]]::new()
            try {
                Start-SttSession @session -ErrorVariable errs -ErrorAction SilentlyContinue `
                    -WarningVariable warnings -WarningAction SilentlyContinue | ForEach-Object { $collected.Add($_) }
            }
            catch {
                $errs = @($_)
            }
            $watch.Stop()
            $turns = $collected.ToArray()
        }
        else {
            $job = Start-SttSession @session -AsJob
            Wait-Job -Job $job -Timeout $boundSeconds | Out-Null
            $watch.Stop()
            # A stall ends in the stop timeout, which leaves the job Stopped.
            $ended = if ($Fault -like 'stall-after:*') { 'Stopped' } elseif ($ErrorId) { 'Failed' } else { 'Completed' }
            $job.JobStateInfo.State | Should -Be $ended
            $turns = @(Receive-SttTurn -Session $job -ErrorVariable errs -ErrorAction SilentlyContinue `
                    -WarningVariable warnings -WarningAction SilentlyContinue)
            if ($ErrorId) { $job.Summary.ErrorId | Should -Be $ErrorId }
            if ($Reconnect) { $job.Summary.Reconnects | Should -Be 1 }
            Remove-SttSession -Session $job
        }

        $watch.Elapsed.TotalSeconds | Should -BeLessThan $boundSeconds
        if ($ErrorId) {
            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        }
        else {
            @($errs).Count | Should -Be 0
        }
        if ($Reconnect) {
            @($warnings | Where-Object { "$_" -like '*reconnecting*' }).Count | Should -Be 1
        }
        # Compared without case and punctuation: Deepgram and Speechmatics format the script's text their own way.
        $finals = @($turns | Where-Object EndOfTurn | ForEach-Object { (($_.Transcript -replace '[^\w ]', '') -replace '\s+', ' ').Trim().ToLowerInvariant() })
        foreach ($spoken in $spokenBeforeFault) {
            @($finals | Where-Object { $_ -eq $spoken }).Count | Should -Be 1 -Because "'$spoken' was spoken before the fault"
        }
        @(Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' -and $_.State -eq 'Running' }).Count | Should -Be 0
    }
}
