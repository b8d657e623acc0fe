# Copyright (c) StreamingStt contributors. MIT License.
#
# How sessions end when the provider misbehaves, as the cmdlets show it (docs/reliability.md lists each behaviour
# and the test that proves it): an oversized message fails the session (foreground error, Failed job) instead of
# hanging it; Stop-SttSession -Force and Remove-SttSession -Force end a job whose provider stopped answering; a
# graceful stop that times out still returns a summary and delivers the turn in progress; a provider that ends the
# session early says how much audio was not transcribed.

Describe 'Reliability: how sessions end when the provider misbehaves' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav4 = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'four.wav') -Seconds 4
        $wav6 = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'six.wav') -Seconds 6
        $wav30 = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'thirty.wav') -Seconds 30

        # "The quick brown fox jumps over the" is spoken by 3.3 s; "lazy dog." would follow.
        $foxScript = Join-Path -Path $folder -ChildPath 'fox.json'
        Set-Content -LiteralPath $foxScript -Encoding ascii -Value '{"utterances":[{"text":"The quick brown fox jumps over the lazy dog.","start":0.5,"wordSeconds":0.4}]}'

        # One emulator per fault, each misbehaving in every session.
        $oversized = Start-SttEmulator -Provider deepgram -Fault 'oversized-after:2:5242880'
        $stalled = Start-SttEmulator -Provider deepgram -Fault 'stall-after:1'
        $foxStall = Start-SttEmulator -Provider deepgram -Fault 'stall-after:3.3' -ScriptPath $foxScript
        $earlyClose = Start-SttEmulator -Provider deepgram -Fault 'close-after:1:1000'
    }

    AfterEach {
        Remove-SttTestJobs
    }

    AfterAll {
        Remove-SttTestJobs
        foreach ($emulator in @($oversized, $stalled, $foxStall, $earlyClose)) { Stop-SttEmulator -Emulator $emulator }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'an oversized provider message ends a foreground session with SttTransportMessageTooLarge, not a hang' {
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $turns = @(Start-SttSession -Provider Deepgram -Path $wav30 -Endpoint $oversized.WsUrl -ApiKey $key -NoPacing `
                -ErrorVariable failure -ErrorAction SilentlyContinue)
        $stopwatch.Stop()

        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 20
        @($failure).Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'SttTransportMessageTooLarge,*'
        @($turns | Where-Object EndOfTurn).Count | Should -BeGreaterThan 0   # "Hello world." came before the fault
    }

    It 'an oversized provider message ends a job as Failed with the error in its error stream' {
        $job = Start-SttSession -Provider Deepgram -Path $wav30 -Endpoint $oversized.WsUrl -ApiKey $key -NoPacing -AsJob
        Wait-Job -Job $job -Timeout 20 | Out-Null

        $job.JobStateInfo.State | Should -Be 'Failed'
        $job.Summary.EndReason | Should -Be 'Failed'
        $job.Summary.ErrorId | Should -Be 'SttTransportMessageTooLarge'
        @($job.Error | Where-Object { $_.FullyQualifiedErrorId -like 'SttTransportMessageTooLarge*' }).Count | Should -Be 1
    }

    It 'Stop-SttSession -Force ends at once a job whose provider stopped answering during a long graceful stop' {
        # The provider stalls after 1 s; the file ends, the stop request goes unanswered, and the session would wait 60 s.
        $job = Start-SttSession -Provider Deepgram -Path $wav4 -Endpoint $stalled.WsUrl -ApiKey $key -NoPacing `
            -StopTimeout (New-TimeSpan -Seconds 60) -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.StatusMessage -eq 'Stopping' } | Should -BeTrue

        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $summary = Stop-SttSession -Session $job -Force -PassThru
        $stopwatch.Stop()

        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $job.JobStateInfo.State | Should -Be 'Stopped'
        $summary | Should -Not -BeNullOrEmpty
        $summary.EndReason | Should -Be 'Cancelled'
    }

    It 'Remove-SttSession -Force removes a job whose provider stopped answering' {
        $job = Start-SttSession -Provider Deepgram -Path $wav4 -Endpoint $stalled.WsUrl -ApiKey $key -NoPacing `
            -StopTimeout (New-TimeSpan -Seconds 60) -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.StatusMessage -eq 'Stopping' } | Should -BeTrue

        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        Remove-SttSession -Session $job -Force
        $stopwatch.Stop()

        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 5
        Get-Job -Id $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-SttSession | Where-Object { $_.InstanceId -eq $job.InstanceId } | Should -BeNullOrEmpty
    }

    It 'a graceful Stop-SttSession -PassThru that times out still returns the summary' {
        # Paced, so the session is mid-file when the stop comes; the provider has stalled by then.
        $job = Start-SttSession -Provider Deepgram -Path $wav30 -Endpoint $stalled.WsUrl -ApiKey $key `
            -StopTimeout (New-TimeSpan -Seconds 1) -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.AudioSent.TotalSeconds -ge 1.5 } | Should -BeTrue

        $summary = Stop-SttSession -Session $job -PassThru

        $summary | Should -Not -BeNullOrEmpty
        $summary.EndReason | Should -Be 'StopTimedOut'
        $job.JobStateInfo.State | Should -Be 'Stopped'
        @($job.Warning | Where-Object { $_.Message -like '*did not finish within 1 s of the stop request*' }).Count | Should -Be 1
    }

    It 'a stop timeout delivers the finalised words of the turn in progress as an end-of-turn turn, with a warning' {
        $turns = @(Start-SttSession -Provider Deepgram -Path $wav6 -Endpoint $foxStall.WsUrl -ApiKey $key -NoPacing `
                -StopTimeout (New-TimeSpan -Seconds 1) -WarningVariable warnings -WarningAction SilentlyContinue)

        $finals = @($turns | Where-Object EndOfTurn)
        $finals.Count | Should -Be 1
        $finals[0].Transcript | Should -BeLike 'the quick brown fox*'
        $finals[0].Transcript | Should -Not -BeLike '*lazy*'
        @($warnings | Where-Object { $_.Message -like '*stop request*may be incomplete*' }).Count | Should -Be 1
    }

    It 'a provider that ends the session early (close 1000) warns how much audio was not transcribed' {
        # Paced in real time: the close at 1 s of audio comes while most of the 4 s file is still unsent.
        $turns = @(Start-SttSession -Provider Deepgram -Path $wav4 -Endpoint $earlyClose.WsUrl -ApiKey $key `
                -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failure)

        @($failure).Count | Should -Be 0
        $early = @($warnings | Where-Object { $_.Message -like '*ended the session early (close 1000)*' })
        $early.Count | Should -Be 1
        $early[0].Message | Should -Match 'after \d+\.\d s of audio: (2|3)\.\d s of the 4\.0 s source were not sent and are not transcribed'
    }

    It 'a job whose provider ends it early completes with the warning in its warning stream' {
        $job = Start-SttSession -Provider Deepgram -Path $wav4 -Endpoint $earlyClose.WsUrl -ApiKey $key -AsJob
        Wait-Job -Job $job -Timeout 20 | Out-Null

        $job.JobStateInfo.State | Should -Be 'Completed'
        $job.Summary.EndReason | Should -Be 'ClosedByProvider'
        @($job.Warning | Where-Object { $_.Message -like '*not sent and are not transcribed*' }).Count | Should -Be 1
    }
}
