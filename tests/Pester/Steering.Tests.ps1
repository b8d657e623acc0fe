# Copyright (c) StreamingStt contributors. MIT License.
#
# Steering a running background session against each provider's emulator: Complete-SttTurn ends the
# turn in progress early with the words heard so far (AssemblyAI ForceEndpoint, Deepgram Finalize,
# Speechmatics ForceEndOfUtterance); Set-SttSession -MaxTurnSilence changes how later turns end
# (AssemblyAI UpdateConfiguration, Speechmatics SetRecognitionConfig) and what a provider cannot
# change mid-session is refused as SttOptionInvalid. Own scripts, so not under Wine (StartsProcesses).

Describe 'Steering a running session (Complete-SttTurn, Set-SttSession)' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5

        # One utterance without punctuation from 0.5 s to 3.7 s: no provider ends its turn before 3.7 s on its own.
        $longScript = Join-Path -Path $folder -ChildPath 'long.json'
        Set-Content -LiteralPath $longScript -Encoding Ascii -Value '{"utterances":[{"text":"one two three four five six seven eight","start":0.5,"wordSeconds":0.4}]}'
        # Three phrases 0.5 s apart, without punctuation: one turn while a turn needs 1 s of silence, three with 300 ms.
        $phraseScript = Join-Path -Path $folder -ChildPath 'phrases.json'
        Set-Content -LiteralPath $phraseScript -Encoding Ascii -Value '{"utterances":[{"text":"alpha beta","start":0.5},{"text":"gamma delta","start":1.6},{"text":"epsilon zeta","start":2.7}]}'

        $long = @{
            AssemblyAI   = Start-SttEmulator -ScriptPath $longScript
            Deepgram     = Start-SttEmulator -Provider deepgram -ScriptPath $longScript
            Speechmatics = Start-SttEmulator -Provider speechmatics -ScriptPath $longScript
        }
        $phrases = @{
            AssemblyAI   = Start-SttEmulator -ScriptPath $phraseScript
            Speechmatics = Start-SttEmulator -Provider speechmatics -ScriptPath $phraseScript
        }

        function Start-StreamingSession {
            <# A paced background session, returned once it streams (steering needs a live connection). #>
            param([string] $Provider, $Emulator, [string] $Name)
            $job = Start-SttSession -Provider $Provider -Path $wav -Endpoint $Emulator.WsUrl -ApiKey $key -AsJob -Name $Name
            Wait-SttCondition -TimeoutSeconds 10 -IntervalMilliseconds 20 -Condition { $job.StatusMessage -eq 'Streaming' } | Should -BeTrue
            $job
        }

        function Get-EndOfTurnText {
            <# The transcripts of a finished job's end-of-turn turns, lower case without punctuation. #>
            param($Job)
            $null = Wait-Job -Job $Job -Timeout 30
            $Job.JobStateInfo.State | Should -Be 'Completed'
            @(Receive-SttTurn -Session $Job | Where-Object EndOfTurn | ForEach-Object { ($_.Transcript -replace '[^\w ]', '').ToLowerInvariant().Trim() })
        }
    }

    AfterEach {
        Remove-SttTestJobs
    }

    AfterAll {
        Remove-SttTestJobs
        foreach ($emulator in @($long.Values) + @($phrases.Values)) { Stop-SttEmulator -Emulator $emulator }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context 'Complete-SttTurn' {
        It '<Provider>: ends the turn in progress early with the words heard so far; the rest is the next turn' -ForEach @(
            @{ Provider = 'AssemblyAI' }
            @{ Provider = 'Deepgram' }
            @{ Provider = 'Speechmatics' }
        ) {
            $job = Start-StreamingSession -Provider $Provider -Emulator $long[$Provider] -Name "PesterComplete$Provider"
            # "one two three" are heard by 1.7 s of audio; the utterance goes on to 3.7 s.
            Wait-SttCondition -TimeoutSeconds 10 -IntervalMilliseconds 20 -Condition { $job.AudioSent -ge [TimeSpan]::FromSeconds(1.8) } | Should -BeTrue

            $passed = @(Get-SttSession -Name "PesterComplete$Provider" | Complete-SttTurn -PassThru)
            $passed.Count | Should -Be 1
            $passed[0].InstanceId | Should -Be $job.InstanceId

            $first = $null
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ($null -eq $first -and [DateTime]::UtcNow -lt $deadline) {
                $first = Receive-SttTurn -Session $job -Keep | Where-Object EndOfTurn | Select-Object -First 1
                if ($null -eq $first) { Start-Sleep -Milliseconds 20 }
            }
            $audioWhenEnded = $job.AudioSent
            $first | Should -Not -BeNullOrEmpty
            $audioWhenEnded | Should -BeLessThan ([TimeSpan]::FromSeconds(3.7))

            $turns = Get-EndOfTurnText -Job $job
            $turns.Count | Should -BeGreaterOrEqual 2
            $turns[0] | Should -Match '^one two three'
            $turns[0] | Should -Not -Match 'eight'
            $turns[-1] | Should -Match 'eight$'
            # Nothing lost or repeated across the forced boundary.
            $turns -join ' ' | Should -Be 'one two three four five six seven eight'
        }

        It 'on a session that has ended: SttSessionNotRunning, non-terminating' {
            $job = Start-SttSession -Provider Deepgram -Path $wav -Endpoint $long.Deepgram.WsUrl -ApiKey $key -NoPacing -AsJob
            $null = Wait-Job -Job $job -Timeout 30
            $output = @(Complete-SttTurn -Id $job.Id -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)

            $output.Count | Should -Be 0
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotRunning,*'
            $errors[0].TargetObject.InstanceId | Should -Be $job.InstanceId
        }

        It 'on a session still connecting: SttSessionNotStreaming, non-terminating, and the session is left alone' {
            # A listener that never answers the WebSocket handshake holds the session in Connecting.
            $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $silent.Start()
            try {
                $endpoint = 'ws://127.0.0.1:{0}/v3/ws' -f $silent.LocalEndpoint.Port
                $job = Start-SttSession -Path $wav -Endpoint $endpoint -ApiKey $key -AsJob
                Wait-SttCondition -TimeoutSeconds 10 -IntervalMilliseconds 20 -Condition { $job.StatusMessage -eq 'Connecting' } | Should -BeTrue

                $output = @(Complete-SttTurn -Session $job -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)
                Set-SttSession -Session $job -MaxTurnSilence 300 -ErrorAction SilentlyContinue -ErrorVariable setErrors

                $output.Count | Should -Be 0
                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotStreaming,*'
                "$($errors[0])" | Should -BeLike '*is not streaming (its state is Connecting)*'
                $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*StatusMessage Streaming*'
                $setErrors.Count | Should -Be 1
                $setErrors[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotStreaming,*'
                $job.State | Should -Be 'Running' -Because 'a refused steer does not touch the session'
            }
            finally {
                $silent.Stop()
            }
        }

        It 'on a job queued by -ThrottleLimit: SttSessionNotStreaming, and the job still runs later' {
            $jobs = @(Start-SttSession -LiteralPath $wav, $wav -ThrottleLimit 1 -AsJob -Endpoint $long.AssemblyAI.WsUrl -ApiKey $key)
            $jobs[1].State | Should -Be 'NotStarted'

            Complete-SttTurn -Session $jobs[1] -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'SttSessionNotStreaming,*'
            $null = $jobs | Wait-Job -Timeout 30
            $jobs[1].State | Should -Be 'Completed'
        }
    }

    Context 'Set-SttSession' {
        It '<Provider>: -MaxTurnSilence 300 makes later pauses of 0.5 s end turns (one turn without it)' -ForEach @(
            @{ Provider = 'AssemblyAI' }
            @{ Provider = 'Speechmatics' }
        ) {
            $unchanged = Start-StreamingSession -Provider $Provider -Emulator $phrases[$Provider] -Name "PesterUnchanged$Provider"
            $steered = Start-StreamingSession -Provider $Provider -Emulator $phrases[$Provider] -Name "PesterSteered$Provider"
            $steered.AudioSent | Should -BeLessThan ([TimeSpan]::FromSeconds(1.1)) -Because 'the change must come before the first pause'

            $passed = @(Set-SttSession -Name "PesterSteered$Provider" -MaxTurnSilence 300 -PassThru)
            $passed.Count | Should -Be 1
            $passed[0].InstanceId | Should -Be $steered.InstanceId

            Get-EndOfTurnText -Job $unchanged | Should -Be @('alpha beta gamma delta epsilon zeta')
            Get-EndOfTurnText -Job $steered | Should -Be @('alpha beta', 'gamma delta', 'epsilon zeta')
        }

        It '<Provider>: <Parameter> cannot change mid-session: SttOptionInvalid naming the provider; the session carries on' -ForEach @(
            @{ Provider = 'Deepgram'; Parameter = 'MaxTurnSilence'; Value = 300 }
            @{ Provider = 'Deepgram'; Parameter = 'EndOfTurnConfidenceThreshold'; Value = 0.5 }
            @{ Provider = 'Speechmatics'; Parameter = 'MinTurnSilence'; Value = 300 }
            @{ Provider = 'Speechmatics'; Parameter = 'Keyterms'; Value = @('Contoso') }
            @{ Provider = 'AssemblyAI'; Parameter = 'MaxDelay'; Value = 2.0 }
        ) {
            $job = Start-StreamingSession -Provider $Provider -Emulator $long[$Provider] -Name "PesterRefused$Provider"
            $change = @{ $Parameter = $Value }
            $output = @(Set-SttSession -Session $job @change -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)

            $output.Count | Should -Be 0
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
            $errors[0].Exception.Message | Should -BeLike "*$Provider*"
            $errors[0].TargetObject.InstanceId | Should -Be $job.InstanceId
            $job.JobStateInfo.State | Should -Be 'Running'

            # Refused locally: nothing reached the service, so the session ends normally with every word.
            Get-EndOfTurnText -Job $job | Should -Be @('one two three four five six seven eight')
        }

        It 'Speechmatics: -MaxDelay and -MaxTurnSilence together reach the service in one SetRecognitionConfig, which accepts them' {
            $job = Start-StreamingSession -Provider Speechmatics -Emulator $long.Speechmatics -Name 'PesterMaxDelay'
            Set-SttSession -Session $job -MaxDelay 1.5 -MaxTurnSilence 1200 -ErrorAction Stop
            # The emulator closes the session with invalid_config for a field SetRecognitionConfig may not change.
            Get-EndOfTurnText -Job $job | Should -Be @('one two three four five six seven eight')
            $job.Summary.EndReason | Should -Be 'Completed'
        }

        It 'AssemblyAI: a value the service would refuse is refused before it is sent' {
            $job = Start-StreamingSession -Provider AssemblyAI -Emulator $long.AssemblyAI -Name 'PesterBadValue'
            { Set-SttSession -Session $job -Keyterms ('k' * 51) -ErrorAction Stop } | Should -Throw -ErrorId 'SttOptionInvalid,*'
            $job.JobStateInfo.State | Should -Be 'Running'
            Stop-SttSession -Session $job -Force
        }

        It 'without a setting: a terminating SttOptionInvalid that lists what can change' {
            $job = Start-StreamingSession -Provider AssemblyAI -Emulator $long.AssemblyAI -Name 'PesterNothing'
            $caught = $null
            try { Set-SttSession -Session $job } catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
            $caught.Exception.Message | Should -BeLike '*-MaxTurnSilence*'
            Stop-SttSession -Session $job -Force
        }
    }
}
