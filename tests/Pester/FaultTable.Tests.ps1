# Copyright (c) StreamingStt contributors. MIT License.
#
# The fault table (issue 9): every fault the emulators inject and every documented close code of every provider,
# in the foreground and with -AsJob. Each row asserts that the session ends within a bound, with the documented
# error id (or none where the close is normal), that both turns the emulator spoke before the fault arrive exactly
# once (at most once after an abort, see below), and that no job is left running. docs/reliability.md points here.
#
# The default script says "Hello world." (0.5–1.1 s) and "How are you today?" (3.0–4.2 s); every fault comes
# after 5.5 s of audio (7.5 s for Speechmatics), so both turns are final before it. The 10 s file is sent unpaced for
# every provider: the AssemblyAI emulator lets audio run 10 s ahead of the clock (--lead-seconds), so 10 s never
# trips its 3007.

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

    # Speechmatics sends a turn's final AddTranscript only after its max_delay (protocols.md §3), so its second turn
    # is final only after about 6 s of audio: its faults come at 7.5 s.
    $rows = foreach ($fault in $faults) {
        $at = if ($fault[0] -eq 'Speechmatics') { '7.5' } else { '5.5' }
        foreach ($mode in 'foreground', 'AsJob') {
            @{ Provider = $fault[0]; Fault = ($fault[1] -replace 'after:5\.5', "after:$at"); ErrorId = $fault[2]; Mode = $mode }
        }
    }
    # Reconnecting after these faults is proved paced, as a real client streams, by Reconnect.Tests.ps1 and the
    # engine's ReconnectTests; this table sends unpaced and keeps reconnecting off.
}

Describe 'Fault table: every fault and close code of every provider, foreground and -AsJob' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'ten.wav') -Seconds 10
        $spokenBeforeFault = 'hello world', 'how are you today'
        $boundSeconds = 20

        # One emulator per (provider, fault), started by the foreground row and reused by the -AsJob row.
        $emulators = @{}
        function Get-FaultEmulator([string] $Provider, [string] $Fault) {
            $name = "$Provider|$Fault"
            if (-not $emulators.ContainsKey($name)) {
                $emulators[$name] = Start-SttEmulator -Provider $Provider.ToLowerInvariant() -Fault $Fault
            }
            $emulators[$name]
        }
    }

    AfterAll {
        Remove-SttTestJobs
        foreach ($emulator in $emulators.Values) { Stop-SttEmulator -Emulator $emulator }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<Provider> <Fault> (<Mode>): ends in time with <ErrorId>, turns before it once' -ForEach $rows {
        $emulator = Get-FaultEmulator -Provider $Provider -Fault $Fault
        $session = @{
            Provider = $Provider; Path = $wav; Endpoint = $emulator.WsUrl; ApiKey = $key; NoPacing = $true
            StopTimeout = New-TimeSpan -Seconds 2
            MaxReconnectAttempts = 0
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
        # Compared without case and punctuation: Deepgram and Speechmatics format the script's text their own way.
        $finals = @($turns | Where-Object EndOfTurn | ForEach-Object { (($_.Transcript -replace '[^\w ]', '') -replace '\s+', ' ').Trim().ToLowerInvariant() })
        foreach ($spoken in $spokenBeforeFault) {
            if ($Provider -eq 'Speechmatics') {
                # Sent unpaced, the Speechmatics emulator finalises words on its own clock (max_delay after it heard
                # them), so at the fault the second turn may be final only in part ("How"): the engine must deliver
                # what was final, once, as that turn's end. The turn is the final whose words start the sentence.
                $matching = @($finals | Where-Object { $_.Length -gt 0 -and ($spoken + ' ').StartsWith($_ + ' ') })
            }
            else {
                $matching = @($finals | Where-Object { $_ -eq $spoken })
            }
            if ($Fault -like 'abort-after:*') {
                # An abort resets the TCP connection, and a reset discards what the client's kernel had received
                # but the client had not read yet: results the emulator wrote just before it may never be readable
                # (as with a real provider). What arrived is delivered, never twice.
                $matching.Count | Should -BeLessOrEqual 1 -Because "'$spoken' is delivered at most once"
            }
            else {
                $matching.Count | Should -Be 1 -Because "'$spoken' was spoken before the fault"
            }
        }
        @(Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' -and $_.State -eq 'Running' }).Count | Should -Be 0
    }
}
