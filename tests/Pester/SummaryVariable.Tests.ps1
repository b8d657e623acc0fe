# Copyright (c) StreamingStt contributors. MIT License.
#
# Start-SttSession -SummaryVariable: a foreground session's SessionSummary in the caller's scope,
# one a session, while the pipeline gets only turns. Deepgram emulator, -NoPacing, so each session
# ends at once.

Describe 'Start-SttSession -SummaryVariable' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator -Provider deepgram
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $first = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'first.wav') -Seconds 5
        $second = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'second.wav') -Seconds 2
        $notAudio = Join-Path -Path $folder -ChildPath 'not-audio.wav'
        Set-Content -LiteralPath $notAudio -Value 'this is not audio' -Encoding Ascii
        $common = @{ Provider = 'Deepgram'; Endpoint = $emulator.WsUrl; ApiKey = $key; NoPacing = $true }
    }

    AfterAll {
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'one session: the variable holds its SessionSummary; the pipeline holds only turns' {
        $output = @(Start-SttSession -Path $first @common -SummaryVariable runSummary)

        $output.Count | Should -BeGreaterThan 0
        foreach ($item in $output) { $item | Should -BeOfType 'StreamingStt.Turn' }
        $runSummary | Should -BeOfType 'StreamingStt.SessionSummary'
        $runSummary.EndReason | Should -Be 'Completed'
        $runSummary.Source | Should -BeLike '*first.wav'
        $runSummary.TurnCount | Should -Be @($output | Where-Object EndOfTurn).Count
        $runSummary.AudioSent | Should -Be ([TimeSpan]::FromSeconds(5))
        $runSummary.Reconnects | Should -Be 0
    }

    It 'several files: an array of summaries in the order the sessions ran; a refused file adds none' {
        $null = Start-SttSession -Path $second, $notAudio, $first @common -SummaryVariable batch -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures.Count | Should -Be 1
        $batch.Count | Should -Be 2
        $batch[0].Source | Should -BeLike '*second.wav'
        $batch[1].Source | Should -BeLike '*first.wav'
        $batch[0].AudioSent | Should -Be ([TimeSpan]::FromSeconds(2))
        foreach ($summary in $batch) { $summary.EndReason | Should -Be 'Completed' }
    }

    It 'with -ThrottleLimit: one summary per file of the batch, in the order they ended' {
        $null = Start-SttSession -Path $first, $second, $notAudio @common -ThrottleLimit 2 -SummaryVariable parallel -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures.Count | Should -Be 1
        $parallel.Count | Should -Be 2
        ($parallel.Source | ForEach-Object { Split-Path -Path $_ -Leaf } | Sort-Object) | Should -Be @('first.wav', 'second.wav')
        foreach ($summary in $parallel) { $summary.EndReason | Should -Be 'Completed' }
    }

    It 'is set in the scope of the caller, as -OutVariable is' {
        function Invoke-Transcription {
            param($Path)
            $null = Start-SttSession -Path $Path @common -SummaryVariable inner
            $inner.Source
        }
        $inner = 'untouched'
        Invoke-Transcription -Path $second | Should -BeLike '*second.wav'
        $inner | Should -Be 'untouched'
    }

    It 'replaces the value of an earlier command, also with $null when no session ran' {
        $stale = 'from an earlier command'
        $null = Start-SttSession -Path $notAudio @common -SummaryVariable stale -ErrorAction SilentlyContinue
        $stale | Should -BeNullOrEmpty
    }

    It 'with -AsJob: a terminating SttOptionInvalid, and no job starts' {
        { Start-SttSession -Path $first @common -AsJob -SummaryVariable jobSummary } | Should -Throw -ErrorId 'SttOptionInvalid,*'
        @(Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' }).Count | Should -Be 0
    }
}
