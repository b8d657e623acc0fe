# Copyright (c) StreamingStt contributors. MIT License.
#
# Reconnect end to end: the built module against each provider's emulator with injected faults. The
# audio says where it is in the recording and the emulator recognizes the script from there
# (--follow-audio-position), so a turn written twice or lost after the replay would show.

# Tagged StartsProcesses: it starts emulators of its own (faults), which the Windows host under Wine cannot
# (it cannot start Linux programs); tests/Wine/run.sh leaves it out.
Describe 'Start-SttSession reconnect' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttPositionMarkedWave -Path (Join-Path -Path $folder -ChildPath 'marked.wav') -Seconds 12

        # Five turns, one every 2 s: "alpha done." at 0.5–1.1 s, "bravo done." at 2.5–3.1 s, …
        $words = 'alpha', 'bravo', 'charlie', 'delta', 'echo'
        $expected = @($words | ForEach-Object { "$_ done." })
        $utterances = for ($i = 0; $i -lt $words.Count; $i++) {
            @{ text = $expected[$i]; start = 0.5 + 2 * $i }
        }
        $scriptPath = Join-Path -Path $folder -ChildPath 'script.json'
        @{ utterances = @($utterances) } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $scriptPath -Encoding UTF8

        # The first connection drops without a close frame at 4.8 s, inside "charlie done." (4.5–5.1 s).
        $dropping = Start-SttEmulator -ScriptPath $scriptPath -Fault 'abort-after:4.8' -ArgumentList '--fault-sessions', '1', '--follow-audio-position'
        # Every connection goes silent after 2 s of audio, socket open and no longer read: pings go unanswered.
        $stalling = Start-SttEmulator -ScriptPath $scriptPath -Fault 'black-hole-after:2'

        # Deepgram and Speechmatics: the first three turns of the same recording, paced as a real client streams
        # (a file sent unpaced has sent its stop request before a drop at 4.8 s, and a drop during the stop is not
        # reconnected: see docs/reliability.md).
        $short = New-SttPositionMarkedWave -Path (Join-Path -Path $folder -ChildPath 'short.wav') -Seconds 6
        $shortExpected = $expected[0..2]

        # Compared without case and punctuation: Deepgram and Speechmatics format the script's text their own way.
        function ConvertTo-Words([string] $Text) { (($Text -replace '[^\w ]', '') -replace '\s+', ' ').Trim().ToLowerInvariant() }

        # Every turn of the short file once, in order, numbered 0…2, on the recording's timeline; the open turn
        # ("charlie", cut by the drop) from the new session.
        function Assert-EveryTurnOnce([object[]] $Finals) {
            ($Finals | ForEach-Object { ConvertTo-Words $_.Transcript }) -join '|' | Should -Be (($shortExpected | ForEach-Object { ConvertTo-Words $_ }) -join '|')
            ($Finals | ForEach-Object TurnOrder) -join ',' | Should -Be '0,1,2'
            for ($i = 0; $i -lt $Finals.Count; $i++) {
                # The services report times to 10 ms or finer; a replay must not shift them.
                [Math]::Abs($Finals[$i].StartTime.TotalSeconds - (0.5 + 2 * $i)) | Should -BeLessThan 0.02
            }
            $Finals[2].SessionId | Should -Not -Be $Finals[0].SessionId
        }

        # A fresh emulator per row whose first connection drops at 4.8 s, inside "charlie done." (4.5–5.1 s).
        function Start-DroppingEmulator([string] $Provider) {
            Start-SttEmulator -Provider $Provider.ToLowerInvariant() -ScriptPath $scriptPath -Fault 'abort-after:4.8' `
                -ArgumentList '--fault-sessions', '1', '--follow-audio-position'
        }
        # Speechmatics finalises words max_delay after them (4 s by default): 0.7 s makes the first two turns final
        # before the drop, as with the other providers, so the replay starts after them.
        function Get-ProviderOptions([string] $Provider) {
            if ($Provider -eq 'Speechmatics') { @{ MaxDelay = 0.7 } } else { @{} }
        }
    }

    AfterAll {
        Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' } | Remove-Job -Force
        Stop-SttEmulator -Emulator $dropping
        Stop-SttEmulator -Emulator $stalling
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'a drop mid-file with -AsJob reconnects: every turn once, in order, on the recording timeline, and the summary counts it' {
        $job = Start-SttSession -Path $wav -Endpoint $dropping.WsUrl -ApiKey $key -AsJob
        Wait-Job -Job $job -Timeout 60 | Out-Null

        $job.JobStateInfo.State | Should -Be 'Completed'
        # Receive-SttTurn writes the job's warnings: the reconnect is visible there.
        $warnings = $null
        $finals = @(Receive-SttTurn -Session $job -WarningVariable warnings -WarningAction SilentlyContinue | Where-Object EndOfTurn)
        ($finals | ForEach-Object Transcript) -join '|' | Should -Be ($expected -join '|')
        ($finals | ForEach-Object TurnOrder) -join ',' | Should -Be '0,1,2,3,4'
        for ($i = 0; $i -lt $finals.Count; $i++) {
            [Math]::Abs($finals[$i].StartTime.TotalSeconds - (0.5 + 2 * $i)) | Should -BeLessThan 0.005
        }
        # Turns after the drop come from the new provider session.
        $finals[4].SessionId | Should -Not -Be $finals[0].SessionId
        $job.Summary.EndReason | Should -Be 'Completed'
        $job.Summary.Reconnects | Should -Be 1
        @($warnings | Where-Object { "$_" -like '*SttProviderConnectionLost*reconnecting*' }).Count | Should -Be 1
    }

    It 'a stall without reconnect gives SttProviderStalled well before the file ends' {
        $long = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'long.wav') -Seconds 60
        $errs = $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $turns = @(Start-SttSession -Path $long -Endpoint $stalling.WsUrl -ApiKey $key -MaxReconnectAttempts 0 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $watch.Stop()

        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttProviderStalled,*'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].Exception.Message | Should -BeLike '*stopped answering*'
        # The ping goes unanswered: found within the ping interval plus its timeout, not at the end of the minute.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 40
        @($turns | Where-Object EndOfTurn)[0].Transcript | Should -Be 'alpha done.'
    }

    It '<Provider>: a drop mid-file reconnects in the foreground: every turn once, a warning and a verbose line say so' -ForEach @(
        @{ Provider = 'Deepgram' }, @{ Provider = 'Speechmatics' }
    ) {
        $warnings = $null
        $emulator = Start-DroppingEmulator -Provider $Provider
        $extra = Get-ProviderOptions -Provider $Provider
        try {
            # -MaxReconnectAttempts not given: 5 by default, which the verbose line names.
            $output = @(Start-SttSession -Provider $Provider -Path $short -Endpoint $emulator.WsUrl -ApiKey $key @extra `
                    -Verbose -WarningVariable warnings -WarningAction SilentlyContinue 4>&1)
        }
        finally {
            Stop-SttEmulator -Emulator $emulator
        }
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)

        Assert-EveryTurnOnce -Finals @($output | Where-Object { $_.PSObject.Properties['EndOfTurn'] -and $_.EndOfTurn })
        @($warnings | Where-Object { "$_" -like '*SttProviderConnectionLost*reconnecting*' }).Count | Should -Be 1
        @($verbose | Where-Object { $_ -like 'Reconnect attempt 1 of 5 *' }).Count | Should -Be 1
        @($verbose | Where-Object { $_ -like 'Reconnected to *' }).Count | Should -Be 1
    }

    It '<Provider>: a drop mid-file with -AsJob reconnects: every turn once and the summary counts it' -ForEach @(
        @{ Provider = 'Deepgram' }, @{ Provider = 'Speechmatics' }
    ) {
        $emulator = Start-DroppingEmulator -Provider $Provider
        $extra = Get-ProviderOptions -Provider $Provider
        try {
            $job = Start-SttSession -Provider $Provider -Path $short -Endpoint $emulator.WsUrl -ApiKey $key @extra -AsJob
            Wait-Job -Job $job -Timeout 30 | Out-Null
        }
        finally {
            Stop-SttEmulator -Emulator $emulator
        }

        $job.JobStateInfo.State | Should -Be 'Completed'
        $warnings = $null
        $finals = @(Receive-SttTurn -Session $job -WarningVariable warnings -WarningAction SilentlyContinue | Where-Object EndOfTurn)
        Assert-EveryTurnOnce -Finals $finals
        $job.Summary.EndReason | Should -Be 'Completed'
        $job.Summary.Reconnects | Should -Be 1
        @($warnings | Where-Object { "$_" -like '*SttProviderConnectionLost*reconnecting*' }).Count | Should -Be 1
        Remove-SttSession -Session $job
    }
}

Describe 'Start-SttSession -MaxReconnectAttempts default' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        # Paced (a drop after the stop request is not reconnected), so short.
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'three.wav') -Seconds 3
        # The first connection drops without a close frame after 1.5 s of audio; a new one is served normally.
        function Start-DroppingEmulator { Start-SttEmulator -Fault 'abort-after:1.5' -ArgumentList '--fault-sessions', '1' }
        function Get-VerboseMessage([object[]] $Output) {
            @($Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        }
    }

    AfterAll {
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'with -ApiKey it is 5: the drop is reconnected and the verbose line names the limit' {
        $emulator = Start-DroppingEmulator
        $errs = $null
        try {
            $output = @(Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -ApiKey $key -Verbose `
                    -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        }
        finally {
            Stop-SttEmulator -Emulator $emulator
        }

        @($errs).Count | Should -Be 0
        @(Get-VerboseMessage $output | Where-Object { $_ -like 'Reconnect attempt 1 of 5 *' }).Count | Should -Be 1
    }

    It 'with an AssemblyAI -Token it is 0 (a temporary token opens one session): the drop ends the session at once' {
        $emulator = Start-DroppingEmulator
        $errs = $null
        try {
            $token = New-SttToken -Endpoint $emulator.HttpUrl -ApiKey $key -ExpiresInSeconds 60
            $output = @(Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -Token $token -Verbose `
                    -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        }
        finally {
            Stop-SttEmulator -Emulator $emulator
        }
        $verbose = Get-VerboseMessage $output

        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttProviderConnectionLost,*'
        $errs[0].Exception.Message | Should -Not -BeLike '*Reconnecting failed*'
        @($verbose | Where-Object { $_ -like 'Reconnect attempt*' }).Count | Should -Be 0
        # The verbose output is there: the session's own lines were written.
        @($verbose | Where-Object { $_ -like 'Connecting to AssemblyAI*' }).Count | Should -Be 1
    }

    It 'with an AssemblyAI -Token an explicit -MaxReconnectAttempts still applies (and fails: the token is spent)' {
        $emulator = Start-DroppingEmulator
        $errs = $null
        try {
            $token = New-SttToken -Endpoint $emulator.HttpUrl -ApiKey $key -ExpiresInSeconds 60
            $output = [System.Collections.Generic.List[object]]::new()
            # Collected one by one: an authentication failure ends the command (terminating).
            try {
                Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -Token $token -MaxReconnectAttempts 1 -Verbose `
                    -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1 | ForEach-Object { $output.Add($_) }
            }
            catch {
                $errs = @($_)
            }
        }
        finally {
            Stop-SttEmulator -Emulator $emulator
        }

        @(Get-VerboseMessage $output.ToArray() | Where-Object { $_ -like 'Reconnect attempt 1 of 1 *' }).Count | Should -Be 1
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttProviderAuthenticationFailed,*'
        $errs[0].Exception.Message | Should -BeLike '*temporary tokens open one session*'
    }
}
