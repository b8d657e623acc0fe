# Copyright (c) StreamingStt contributors. MIT License.
#
# Background sessions: Start-SttSession -AsJob, Get-SttSession / Get-Job, Receive-SttTurn -Wait / -Keep,
# Stop-SttSession -PassThru, Remove-SttSession, and the built-in job cmdlets on an SttJob.

Describe 'Background sessions (Start-SttSession -AsJob)' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $ws = $emulator.WsUrl
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5
        $expectedTranscripts = 'Hello world.|How are you today?'
    }

    AfterEach {
        Remove-SttTestJobs
    }

    AfterAll {
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'returns an SttJob at once and registers it with Get-SttSession and Get-Job' {
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob -Name 'PesterLifecycle'
        $stopwatch.Stop()

        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 3
        @($job).Count | Should -Be 1
        $job | Should -BeOfType 'StreamingStt.Commands.SttJob'
        $job.PSJobTypeName | Should -Be 'SttJob'
        $job.Name | Should -Be 'PesterLifecycle'
        $job.Provider | Should -Be 'AssemblyAI'
        $job.Source | Should -BeLike '*tone.wav'
        $job.Location | Should -Be $job.Source

        (Get-SttSession -Name 'PesterLifecycle').InstanceId | Should -Be $job.InstanceId
        (Get-SttSession -Name 'PesterLife*').InstanceId | Should -Be $job.InstanceId
        (Get-SttSession -Id $job.Id).InstanceId | Should -Be $job.InstanceId
        (Get-SttSession -InstanceId $job.InstanceId).Id | Should -Be $job.Id
        (Get-Job -Id $job.Id).InstanceId | Should -Be $job.InstanceId
        @(Get-SttSession | Where-Object { $_.InstanceId -eq $job.InstanceId }).Count | Should -Be 1

        Wait-Job -Job $job -Timeout 30 | Out-Null
        $job.JobStateInfo.State | Should -Be 'Completed'
        @(Get-SttSession -State Completed | Where-Object { $_.InstanceId -eq $job.InstanceId }).Count | Should -Be 1
        $job.Summary | Should -Not -BeNullOrEmpty
        $job.Summary.EndReason | Should -Be 'Completed'
        $job.TurnCount | Should -Be 2
    }

    It 'gives each job a default name: Stt and its Id' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        $job.Name | Should -Be ('Stt' + $job.Id)
        Stop-SttSession -Session $job -Force
    }

    It 'Receive-SttTurn -Wait streams the turns until the session ends' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        $turns = @(Receive-SttTurn -Session $job -Wait)

        $job.JobStateInfo.State | Should -Be 'Completed'
        foreach ($turn in $turns) { $turn | Should -BeOfType 'StreamingStt.Turn' }
        (@($turns | Where-Object EndOfTurn) | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        $job.HasMoreData | Should -BeFalse
        @(Receive-SttTurn -Session $job).Count | Should -Be 0
    }

    It 'Receive-SttTurn -Wait writes each job''s turns as they come and stops waiting for a job removed meanwhile' {
        $long = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'long.wav') -Seconds 30
        $short = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        $removed = Start-SttSession -Path $long -Endpoint $ws -ApiKey $key -AsJob
        # Another runspace removes the long job while this one waits for it (it would stream for 30 s).
        $remover = [powershell]::Create()
        $null = $remover.AddScript({ param($Job) Start-Sleep -Seconds 7; $Job.Dispose() }).AddArgument($removed)
        $pending = $remover.BeginInvoke()
        try {
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $arrivals = @(Receive-SttTurn -Session $short, $removed -Wait | Where-Object EndOfTurn | ForEach-Object {
                    [pscustomobject]@{ Source = $_.Source; Transcript = $_.Transcript; Seconds = $stopwatch.Elapsed.TotalSeconds }
                })
            $waited = $stopwatch.Elapsed.TotalSeconds
            $null = $remover.EndInvoke($pending)
        }
        finally {
            $remover.Dispose()
        }

        $fromShort = @($arrivals | Where-Object Source -EQ $short.Source)
        ($fromShort | ForEach-Object Transcript) -join '|' | Should -Be $expectedTranscripts
        # Its turns (audio ends 1.1 s and 4.2 s) were written while the long session still ran, not when the wait ended.
        $fromShort[-1].Seconds | Should -BeLessThan 6.5
        $waited | Should -BeGreaterThan 6.5
        $waited | Should -BeLessThan 15 -Because 'the removed job ends the wait for it; its audio lasts 30 s'
    }

    It 'Receive-SttTurn -Keep leaves the turns for the next receive; Receive-Job sees them too' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Wait-Job -Job $job -Timeout 30 | Out-Null
        $job.JobStateInfo.State | Should -Be 'Completed'
        $job.HasMoreData | Should -BeTrue

        $kept = @(Receive-SttTurn -Session $job -Keep)
        $keptAgain = @(Receive-SttTurn -Id $job.Id -Keep)
        $viaJob = @(Receive-Job -Job $job -Keep)
        $kept.Count | Should -BeGreaterThan 1
        $keptAgain.Count | Should -Be $kept.Count
        $viaJob.Count | Should -Be $kept.Count

        $received = @(Receive-SttTurn -Name $job.Name)
        $received.Count | Should -Be $kept.Count
        (@($received | Where-Object EndOfTurn) | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        @(Receive-SttTurn -Session $job).Count | Should -Be 0
        $job.HasMoreData | Should -BeFalse
    }

    It 'Stop-SttSession -PassThru stops gracefully and returns the summary; the last turns are kept' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.AudioSent -gt [TimeSpan]::FromSeconds(2) } | Should -BeTrue

        $summary = Stop-SttSession -Session $job -PassThru

        @($summary).Count | Should -Be 1
        $summary | Should -BeOfType 'StreamingStt.SessionSummary'
        $summary.EndReason | Should -Be 'Stopped'
        $summary.AudioSent | Should -BeLessThan ([TimeSpan]::FromSeconds(4.5))
        $job.JobStateInfo.State | Should -Be 'Stopped'
        $finals = @(Receive-SttTurn -Session $job | Where-Object EndOfTurn)
        $finals[0].Transcript | Should -Be 'Hello world.'

        # Stopping it again is a non-terminating SttSessionNotRunning.
        $err = $null
        Stop-SttSession -Session $job -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotRunning,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'Stop-Job stops an SttJob gracefully too' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.AudioSent -gt [TimeSpan]::FromSeconds(1.5) } | Should -BeTrue
        Stop-Job -Job $job
        $job.JobStateInfo.State | Should -Be 'Stopped'
        $job.Summary.EndReason | Should -Be 'Stopped'
    }

    It 'Stop-SttSession -Force cancels at once' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.AudioSent -gt [TimeSpan]::FromSeconds(1) } | Should -BeTrue
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $summary = Stop-SttSession -Name $job.Name -Force -PassThru
        $stopwatch.Stop()
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 3
        $summary.EndReason | Should -Be 'Cancelled'
        $job.JobStateInfo.State | Should -Be 'Stopped'
    }

    It 'Stop-SttSession -WhatIf does not stop the session' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Stop-SttSession -Session $job -WhatIf
        $job.JobStateInfo.State | Should -Be 'Running'
        Stop-SttSession -Session $job -Force
    }

    It 'Remove-SttSession refuses a running session without -Force and removes it with -Force' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob

        $err = $null
        Remove-SttSession -Session $job -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionStillRunning,*'
        (Get-SttSession -Id $job.Id).InstanceId | Should -Be $job.InstanceId

        Remove-SttSession -Session $job -Force
        @(Get-SttSession -Id $job.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Get-Job -Id $job.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'Remove-SttSession removes a finished session' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -AsJob
        Wait-Job -Job $job -Timeout 30 | Out-Null
        Remove-SttSession -Id $job.Id
        @(Get-SttSession -Id $job.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'reports SttSessionNotFound, non-terminating, for an id or name that matches nothing' {
        $err = $null
        $found = @(Get-SttSession -Id 987654, 987655 -ErrorVariable err -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 0
        @($err).Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        $err = $null
        Receive-SttTurn -Name 'NoSuchSession' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotFound,*'

        # A wildcard that matches nothing is not an error (like Get-Job).
        $err = $null
        @(Get-SttSession -Name 'NoSuch*' -ErrorVariable err).Count | Should -Be 0
        @($err).Count | Should -Be 0
    }
}
