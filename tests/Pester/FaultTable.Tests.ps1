# Copyright (c) StreamingStt contributors. MIT License.
#
# The fault table (issue 9): every fault the emulators inject and every documented close code of every provider,
# in the foreground and with -AsJob. Each row asserts that the session ends within a bound, with the documented
# error id (or none where the close is normal), that both turns the emulator spoke before the fault arrive exactly
# once (at most once after an abort, see below), and that no job, thread or child process is left behind; the rows
# whose documented outcome is a reconnect assert the reconnect instead of an error. docs/reliability.md points here.
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
            @{ Provider = $fault[0]; Fault = ($fault[1] -replace 'after:5\.5', "after:$at"); ErrorId = $fault[2]; Mode = $mode; Source = 'wav'; Reconnect = $false }
        }
    }

    # The same faults with a file ffmpeg decodes (FLAC): the ffmpeg child must end with the session, whatever ends it.
    foreach ($provider in 'AssemblyAI', 'Deepgram', 'Speechmatics') {
        $at = if ($provider -eq 'Speechmatics') { '7.5' } else { '5.5' }
        foreach ($fault in @("abort-after:$at", 'SttProviderConnectionLost'), @("stall-after:$at", $null)) {
            foreach ($mode in 'foreground', 'AsJob') {
                $rows += @{ Provider = $provider; Fault = $fault[0]; ErrorId = $fault[1]; Mode = $mode; Source = 'flac'; Reconnect = $false }
            }
        }
    }

    # Faults whose documented outcome is a successful reconnect (docs/reliability.md), with -MaxReconnectAttempts on:
    # only the first connection of each row's own emulator gets the fault. These rows are paced, as a real client
    # streams: a file sent unpaced has sent its stop request before the fault, and a drop during the stop is not
    # reconnected (docs/reliability.md, the row "A drop after the last audio and the stop request were sent"). So they use a short file of their own (3.2 s: "Hello world."
    # at 0.2–0.8 s, "How are you today?" at 1.5–2.7 s) and a fault at 1.2 s of audio, between the two turns; its
    # audio says where it is and the emulator follows it, so a replay is heard where it really is.
    $reconnectFaults = @(
        , @('AssemblyAI', 'abort-after:1.2')
        , @('AssemblyAI', 'close-after:1.2:1011')
        , @('AssemblyAI', 'close-after:1.2:1012')
        , @('AssemblyAI', 'close-after:1.2:1013')
        , @('AssemblyAI', 'close-after:1.2:3005')
        , @('Deepgram', 'abort-after:1.2')
        , @('Deepgram', 'close-after:1.2:1011')
        , @('Deepgram', 'close-after:1.2:1012')
        , @('Deepgram', 'close-after:1.2:1013')
        , @('Deepgram', 'close-after:1.2:1011:NET-0001')
        , @('Speechmatics', 'abort-after:1.2')
        , @('Speechmatics', 'close-after:1.2:1011')
        , @('Speechmatics', 'close-after:1.2:1012')
        , @('Speechmatics', 'close-after:1.2:1013')
    )
    # Every reconnect fault in the foreground; with -AsJob (the same engine path, so fewer rows keep CI in its time
    # budget) the drop without a close frame and each provider's own transient code.
    $jobReconnectFaults = 'abort-after:1.2', 'close-after:1.2:3005', 'close-after:1.2:1011:NET-0001'
    foreach ($fault in $reconnectFaults) {
        foreach ($mode in 'foreground', 'AsJob') {
            if ($mode -eq 'AsJob' -and $fault[1] -notin $jobReconnectFaults) { continue }
            $rows += @{ Provider = $fault[0]; Fault = $fault[1]; ErrorId = $null; Mode = $mode; Source = 'wav'; Reconnect = $true }
        }
    }
}

Describe 'Fault table: every fault and close code of every provider, foreground and -AsJob' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'ten.wav') -Seconds 10
        $flac = Join-Path -Path $folder -ChildPath 'ten.flac'
        $ffmpeg = Get-Command -Name ffmpeg -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($ffmpeg) { & $ffmpeg.Source -loglevel error -y -i $wav $flac }
        $short = New-SttPositionMarkedWave -Path (Join-Path -Path $folder -ChildPath 'short.wav') -Seconds 3.2
        $shortScript = Join-Path -Path $folder -ChildPath 'short.json'
        @{ utterances = @(@{ text = 'Hello world.'; start = 0.2 }, @{ text = 'How are you today?'; start = 1.5 }) } |
            ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $shortScript -Encoding UTF8
        $spokenBeforeFault = 'hello world', 'how are you today'
        $boundSeconds = 20

        # No thread or process left behind. The thread pool keeps idle workers for a while and grows under load, so
        # the count is compared with a baseline taken after the first row (the pool warmed up) plus a margin; the
        # baseline never moves, so a leak of even one thread per row exceeds the margin within a dozen rows.
        $threadMargin = 12
        $script:threadBaseline = $null
        function Get-ThreadCount { [System.Diagnostics.Process]::GetCurrentProcess().Threads.Count }
        function Get-ChildProcessId {
            # Linux: /proc/<pid>/task/<tid>/children lists each thread's children.
            $ids = foreach ($file in Get-ChildItem -Path "/proc/$PID/task/*/children" -ErrorAction SilentlyContinue) {
                # A thread may end between the listing and the read.
                (Get-Content -LiteralPath $file.FullName -Raw -ErrorAction SilentlyContinue) -split '\s+' | Where-Object { $_ }
            }
            @($ids | ForEach-Object { [int]$_ })
        }

        # One emulator per (provider, fault), started by the foreground row and reused by the -AsJob row.
        $emulators = @{}
        function Get-FaultEmulator([string] $Provider, [string] $Fault) {
            $name = "$Provider|$Fault"
            if (-not $emulators.ContainsKey($name)) {
                $emulators[$name] = Start-SttEmulator -Provider $Provider.ToLowerInvariant() -Fault $Fault
            }
            $emulators[$name]
        }
        # A reconnect row's own emulator: only its first connection gets the fault.
        function Start-ReconnectEmulator([string] $Provider, [string] $Fault, [string] $Mode) {
            $emulator = Start-SttEmulator -Provider $Provider.ToLowerInvariant() -Fault $Fault -ScriptPath $shortScript `
                -ArgumentList '--fault-sessions', '1', '--follow-audio-position'
            $emulators["$Provider|$Fault|$Mode"] = $emulator
            $emulator
        }
    }

    AfterAll {
        Remove-SttTestJobs
        foreach ($emulator in $emulators.Values) { Stop-SttEmulator -Emulator $emulator }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<Provider> <Fault> (<Mode>, <Source>, reconnect <Reconnect>): ends in time with <ErrorId>, turns before it once, nothing left behind' -ForEach $rows {
        if ($Source -eq 'flac' -and -not $ffmpeg) {
            Set-ItResult -Skipped -Because 'ffmpeg is not on PATH (needed to decode the FLAC input)'
            return
        }
        if ($Reconnect) {
            $emulator = Start-ReconnectEmulator -Provider $Provider -Fault $Fault -Mode $Mode
            $session = @{
                Provider = $Provider; Path = $short; Endpoint = $emulator.WsUrl; ApiKey = $key
                StopTimeout = New-TimeSpan -Seconds 2
                MaxReconnectAttempts = 3
            }
            # Speechmatics finalises a turn max_delay (4 s by default) after it: 0.7 s, its least, keeps the short
            # file's turns apart.
            if ($Provider -eq 'Speechmatics') { $session.MaxDelay = 0.7 }
        }
        else {
            $emulator = Get-FaultEmulator -Provider $Provider -Fault $Fault
            $session = @{
                Provider = $Provider; Path = $(if ($Source -eq 'flac') { $flac } else { $wav }); Endpoint = $emulator.WsUrl; ApiKey = $key; NoPacing = $true
                StopTimeout = New-TimeSpan -Seconds 2
                MaxReconnectAttempts = 0
            }
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
        if ($Reconnect) {
            @($warnings | Where-Object { "$_" -like '*reconnecting*' }).Count | Should -Be 1
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
            if ($Fault -like 'abort-after:*' -and -not $Reconnect) {
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

        if ($Reconnect) {
            # Its own emulator is done; stopped now so 28 of them do not run at once.
            Stop-SttEmulator -Emulator $emulator
            $emulators.Remove("$Provider|$Fault|$Mode")
        }

        # No child process but the emulators (ffmpeg ends with the session); checked at once, a leak is not waited out.
        $emulatorIds = @($emulators.Values | Where-Object Process | ForEach-Object { $_.Process.Id })
        @(Get-ChildProcessId | Where-Object { $_ -notin $emulatorIds }) | Should -BeNullOrEmpty -Because 'no ffmpeg or other child outlives the session'
        # Threads: back to the baseline within a few seconds (the engine's threads end as the session ends).
        if ($null -eq $script:threadBaseline) { $script:threadBaseline = Get-ThreadCount }
        $settle = [System.Diagnostics.Stopwatch]::StartNew()
        while ((Get-ThreadCount) -gt $script:threadBaseline + $threadMargin -and $settle.Elapsed.TotalSeconds -lt 5) { Start-Sleep -Milliseconds 100 }
        Get-ThreadCount | Should -BeLessOrEqual ($script:threadBaseline + $threadMargin) -Because "threads return to the baseline of $($script:threadBaseline) (+$threadMargin for the pool)"
    }
}
