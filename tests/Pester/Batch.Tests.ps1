# Copyright (c) StreamingStt contributors. MIT License.
#
# Parallel batches: Start-SttSession -ThrottleLimit in the foreground and with -AsJob, against the AssemblyAI
# emulator, whose --max-concurrent-sessions refuses one session too many with close 3009 as the service does.
# The files are 2 s long and paced at real time, so one "round" of sessions takes about 2-3 s.
# Tagged StartsProcesses: it starts emulators of its own (a script, a concurrency limit), which the Windows host
# under Wine cannot (tests/Wine/run.sh leaves such tests out).

Describe 'Start-SttSession -ThrottleLimit' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $scriptPath = Join-Path -Path $folder -ChildPath 'script.json'
        Set-Content -LiteralPath $scriptPath -Encoding UTF8 -Value '{"utterances":[{"text":"Short file.","start":0.3}]}'

        $batchFolder = Join-Path -Path $folder -ChildPath 'batch'
        $null = New-Item -Path $batchFolder -ItemType Directory
        $files = foreach ($i in 1..20) {
            New-SttTestWave -Path (Join-Path -Path $batchFolder -ChildPath ('take{0:d2}.wav' -f $i)) -Seconds 2
        }

        # At most 8 open at once: a client that ran more than its -ThrottleLimit would be refused (and warn).
        $emulator = Start-SttEmulator -ScriptPath $scriptPath -ArgumentList '--max-concurrent-sessions', '8'
        # Fewer places than the batch asks for: the retry path.
        $tightEmulator = Start-SttEmulator -ScriptPath $scriptPath -ArgumentList '--max-concurrent-sessions', '3'

        function New-BatchShell {
            <# A runspace (not yet invoked) that streams the files as one batch against $emulator: its streams and Stop are the test's. #>
            param([string[]] $Files, [int] $ThrottleLimit)
            $shell = [powershell]::Create()
            $null = $shell.AddScript({
                    param($Manifest, $Files, $ThrottleLimit, $Endpoint, $Key)
                    Import-Module -Name $Manifest -ErrorAction Stop
                    Start-SttSession -LiteralPath $Files -ThrottleLimit $ThrottleLimit -Endpoint $Endpoint -ApiKey $Key
                }).AddArgument((Get-SttModuleManifest)).AddArgument($Files).AddArgument($ThrottleLimit).AddArgument($emulator.WsUrl).AddArgument($key)
            $shell
        }
    }

    AfterEach {
        Remove-SttTestJobs
    }

    AfterAll {
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
        Stop-SttEmulator -Emulator $tightEmulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'streams 20 files 8 at a time: every file''s turns, in about 3 rounds rather than 20' {
        # One file alone measures a round on this machine (pacing, connect, the provider's end).
        $round = Measure-Command { $null = Start-SttSession -LiteralPath $files[0] -Endpoint $emulator.WsUrl -ApiKey $key }

        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $turns = @(Start-SttSession -Path (Join-Path -Path $batchFolder -ChildPath '*.wav') -ThrottleLimit 8 `
                -Endpoint $emulator.WsUrl -ApiKey $key -ErrorVariable batchErrors -WarningVariable batchWarnings)
        $stopwatch.Stop()

        $batchErrors.Count | Should -Be 0
        $batchWarnings.Count | Should -Be 0
        $finals = @($turns | Where-Object EndOfTurn)
        $finals.Count | Should -Be 20
        foreach ($file in $files) {
            $own = @($finals | Where-Object Source -EQ $file)
            $own.Count | Should -Be 1 -Because "$file has one scripted turn"
            $own[0].Transcript | Should -Be 'Short file.'
            $own[0].SessionId | Should -Not -BeNullOrEmpty
        }
        # Three rounds of 8, 8 and 4; generously bounded by eight.
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan (8 * $round.TotalSeconds) -Because "one file took $($round.TotalSeconds) s"
        # At real time the last of a 2 s file's 40 frames of 50 ms leaves 1.95 s after the first.
        $stopwatch.Elapsed.TotalSeconds | Should -BeGreaterThan (3 * 1.95) -Because 'each round streams 2 s of audio at real time'
    }

    It 'Where-Object EndOfTurn | Export-Csv writes one row per file with its Source' {
        $csv = Join-Path -Path $folder -ChildPath 'batch.csv'
        Start-SttSession -LiteralPath $files[0..5] -ThrottleLimit 6 -Endpoint $emulator.WsUrl -ApiKey $key |
            Where-Object EndOfTurn | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8

        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be 6
        @($rows | ForEach-Object Source | Sort-Object) -join '|' | Should -Be (@($files[0..5] | Sort-Object) -join '|')
    }

    It 'waits and retries files the provider refuses for concurrency, warning once, and reports a bad file while the others go on' {
        $corrupt = Join-Path -Path $folder -ChildPath 'corrupt.wav'
        [System.IO.File]::WriteAllBytes($corrupt, [byte[]](1..64))

        $turns = @(Start-SttSession -LiteralPath (@($files[0..7]) + $corrupt) -ThrottleLimit 6 `
                -Endpoint $tightEmulator.WsUrl -ApiKey $key -ErrorVariable batchErrors -WarningVariable batchWarnings -ErrorAction SilentlyContinue)

        $batchErrors.Count | Should -Be 1
        $batchErrors[0].FullyQualifiedErrorId | Should -BeLike 'SttAudio*'
        $batchErrors[0].TargetObject | Should -Be $corrupt
        $batchWarnings.Count | Should -Be 1
        "$($batchWarnings[0])" | Should -BeLike '*refused a session*oo many concurrent sessions*tries a refused file again each time a session ends*'
        $finals = @($turns | Where-Object EndOfTurn)
        @($finals | ForEach-Object Source | Sort-Object) -join '|' | Should -Be (@($files[0..7] | Sort-Object) -join '|')
    }

    It '<Provider>: waits and retries the files the provider refuses for concurrency (<Refusal>), every file transcribed, warning once' -ForEach @(
        @{ Provider = 'Deepgram'; Refusal = 'HTTP 429' }
        @{ Provider = 'Speechmatics'; Refusal = 'Error quota_exceeded, close 4005' }
    ) {
        # Two places for four files at once: two are refused at first, wait, and are tried again as places free.
        $limited = Start-SttEmulator -Provider $Provider.ToLowerInvariant() -ScriptPath $scriptPath -ArgumentList '--max-concurrent-sessions', '2'
        try {
            $turns = @(Start-SttSession -Provider $Provider -LiteralPath $files[0..3] -ThrottleLimit 4 -Endpoint $limited.WsUrl -ApiKey $key `
                    -ErrorVariable batchErrors -WarningVariable batchWarnings -ErrorAction SilentlyContinue)
        }
        finally {
            Stop-SttEmulator -Emulator $limited
        }

        $batchErrors.Count | Should -Be 0
        $batchWarnings.Count | Should -Be 1
        "$($batchWarnings[0])" | Should -BeLike "$Provider refused a session*tries a refused file again each time a session ends*"
        $finals = @($turns | Where-Object EndOfTurn)
        @($finals | ForEach-Object Source | Sort-Object -Unique) -join '|' | Should -Be (@($files[0..3] | Sort-Object) -join '|')
        # Deepgram without -SmartFormat writes the words unformatted ("short file").
        @($finals | Where-Object { ($_.Transcript -replace '[^\w ]', '').ToLowerInvariant() -ne 'short file' }).Count | Should -Be 0
    }

    It 'stops every session when a downstream command has enough' {
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $first = @(Start-SttSession -LiteralPath $files[0..3] -ThrottleLimit 4 -Endpoint $emulator.WsUrl -ApiKey $key |
                Select-Object -First 1)
        $stopwatch.Stop()

        $first.Count | Should -Be 1
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 2 -Because 'the first partial arrives well before a 2 s file ends'
    }

    It 'stops every running session on Ctrl+C (PowerShell.BeginStop), starts no more, and frees every place' {
        $shell = New-BatchShell -Files $files -ThrottleLimit 8
        try {
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]] $null, $output)

            # The first round is streaming once a turn (a partial at 0.3 s) has arrived.
            Wait-SttCondition -TimeoutSeconds 30 -Condition { $output.Count -gt 0 } | Should -BeTrue
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = $shell.BeginStop($null, $null)
            Wait-SttCondition -TimeoutSeconds 10 -Condition { $shell.InvocationStateInfo.State -eq 'Stopped' } | Should -BeTrue
            $stopwatch.Stop()
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'Ctrl+C ends the batch at once, not after its files'
            # Stopped during the first round: far fewer than the 20 files' end-of-turn turns came out.
            @($output | Where-Object EndOfTurn).Count | Should -BeLessThan 20
        }
        finally {
            $shell.Dispose()
        }

        # The emulator allows 8 sessions at once and counts each until it reads its close: eight new sessions are
        # refused (a warning, then a retry) if any session of the stopped batch is still open.
        Start-Sleep -Milliseconds 500
        $turns = @(Start-SttSession -LiteralPath $files[0..7] -ThrottleLimit 8 -Endpoint $emulator.WsUrl -ApiKey $key `
                -WarningVariable againWarnings)
        $againWarnings.Count | Should -Be 0 -Because 'no session of the stopped batch holds a place'
        @($turns | Where-Object EndOfTurn).Count | Should -Be 8
    }

    It 'with -AsJob runs at most N jobs; the rest wait NotStarted in Get-SttSession and start as others finish' {
        $jobs = @(Start-SttSession -LiteralPath $files[0..4] -ThrottleLimit 2 -AsJob -Endpoint $emulator.WsUrl -ApiKey $key)

        $jobs.Count | Should -Be 5
        $listed = @(Get-SttSession | Where-Object { $jobs.Id -contains $_.Id })
        $listed.Count | Should -Be 5
        @($listed | Where-Object State -EQ 'NotStarted').Count | Should -Be 3
        @($listed | Where-Object State -NE 'NotStarted').Count | Should -Be 2
        ($listed | Where-Object State -EQ 'NotStarted' | Select-Object -First 1).StatusMessage | Should -Be 'Queued'

        # Stopping a queued job means it never runs; the others still do.
        $summary = Stop-SttSession -Session $jobs[4] -PassThru
        $jobs[4].State | Should -Be 'Stopped'
        $summary.AudioSent | Should -Be ([TimeSpan]::Zero)

        $null = $jobs[0..3] | Wait-Job -Timeout 60
        foreach ($job in $jobs[0..3]) {
            $job.State | Should -Be 'Completed'
            $finals = @(Receive-SttTurn -Session $job | Where-Object EndOfTurn)
            $finals.Count | Should -Be 1
            $finals[0].Source | Should -Be $job.Source
        }
    }

    It 'with -AsJob a stop that comes as a queued job starts ends it at once, 40 times in a row' {
        # Stopping the running job starts the queued one on a pool thread; the stop of the queued one follows at
        # once, so it lands before, during or after that start. Every time the job must end Stopped, promptly.
        foreach ($attempt in 1..40) {
            $jobs = @(Start-SttSession -LiteralPath $files[0], $files[1] -ThrottleLimit 1 -AsJob -Endpoint $emulator.WsUrl -ApiKey $key)
            Wait-SttCondition -TimeoutSeconds 10 -IntervalMilliseconds 10 -Condition { $jobs[0].StatusMessage -eq 'Streaming' } | Should -BeTrue
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            Stop-SttSession -Session $jobs[0] -Force
            Stop-SttSession -Session $jobs[1] -Force
            $stopwatch.Stop()

            $jobs[1].State | Should -Be 'Stopped' -Because "attempt $attempt"
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because "attempt ${attempt}: a forced stop does not wait for the provider"
            Start-Sleep -Milliseconds 200
            $jobs[1].State | Should -Be 'Stopped' -Because "attempt ${attempt}: a stopped job never runs afterwards"
            Remove-SttTestJobs
        }
    }

    It 'with -AsJob a job the provider refuses for concurrency waits and tries again instead of failing' {
        $jobs = @(Start-SttSession -LiteralPath $files[0..5] -ThrottleLimit 6 -AsJob -Endpoint $tightEmulator.WsUrl -ApiKey $key)

        $null = $jobs | Wait-Job -Timeout 60
        $warnings = [System.Collections.Generic.List[object]]::new()
        foreach ($job in $jobs) {
            $job.State | Should -Be 'Completed' -Because "$($job.Name): $($job.LastError)"
            $job.Error.Count | Should -Be 0
            @(Receive-SttTurn -Session $job -WarningVariable jobWarnings -WarningAction SilentlyContinue | Where-Object EndOfTurn).Count | Should -Be 1
            $warnings.AddRange(@($jobWarnings | ForEach-Object Message))
        }
        # Three places for six jobs: three were refused, each says so once.
        $refused = @($warnings | Where-Object { $_ -like '*refused the session*waits and tries again*' })
        $refused.Count | Should -BeGreaterOrEqual 3
        $refused.Count | Should -BeLessOrEqual 3
    }

    It 'shows one progress bar for the batch and a child bar per running file' {
        $shell = New-BatchShell -Files $files[0..2] -ThrottleLimit 2
        try {
            $turns = @($shell.Invoke())
            $progress = @($shell.Streams.Progress)
        }
        finally {
            $shell.Dispose()
        }

        @($turns | Where-Object EndOfTurn).Count | Should -Be 3
        $batch = @($progress | Where-Object { $_.ParentActivityId -eq -1 })
        $children = @($progress | Where-Object { $_.ParentActivityId -ne -1 })
        $batch.Count | Should -BeGreaterThan 0
        @($batch | ForEach-Object ActivityId | Sort-Object -Unique).Count | Should -Be 1
        $batch[0].Activity | Should -BeLike 'Transcribing * with AssemblyAI'
        @($batch | Where-Object StatusDescription -Like '* of 3 files done, * running; * of 0:06 audio sent').Count | Should -BeGreaterThan 0
        $batch[-1].RecordType | Should -Be 'Completed'
        # Two files run at once, each with its own bar under the batch's.
        @($children | ForEach-Object ParentActivityId | Sort-Object -Unique) | Should -Be $batch[0].ActivityId
        @($children | ForEach-Object ActivityId | Sort-Object -Unique).Count | Should -Be 2
        @($children | Where-Object StatusDescription -Like '* of 0:02 sent, *').Count | Should -BeGreaterThan 0
        @($children | Where-Object RecordType -EQ 'Completed').Count | Should -BeGreaterOrEqual 3
    }
}
