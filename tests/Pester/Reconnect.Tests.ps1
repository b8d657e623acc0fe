# Copyright (c) StreamingStt contributors. MIT License.
#
# Reconnect end to end: the built module against the AssemblyAI emulator with injected faults. The
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
}
