# Copyright (c) StreamingStt contributors. MIT License.
#
# The common parameters and preference variables a script leans on: -WhatIf / -Confirm on the
# cmdlets that change state, -ErrorAction Stop making each non-terminating error of the module
# catchable, and $PSDefaultParameterValues for -Provider and -Endpoint. One Deepgram emulator (it
# accepts audio faster than real time, so -NoPacing sessions end at once); 1.5 s and 3 s tones.

Describe 'Common parameters and preferences' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator -Provider deepgram
        $ws = $emulator.WsUrl
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $shortWav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'short.wav') -Seconds 1.5
        # Paced, this one runs for 3 s: long enough to act on a running session.
        $longWav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'long.wav') -Seconds 3
        $missingWav = Join-Path -Path $folder -ChildPath 'missing.wav'
        $corruptWav = Join-Path -Path $folder -ChildPath 'corrupt.wav'
        Set-Content -LiteralPath $corruptWav -Value 'this is not audio' -Encoding Ascii
        # Nothing listens on port 9 (discard): connecting fails at once.
        $deadEndpoint = 'ws://127.0.0.1:9/v1/listen'

        function Start-RunningSession {
            param([string] $Name)
            $job = Start-SttSession -Provider Deepgram -Path $longWav -Endpoint $ws -ApiKey $key -AsJob -Name $Name
            Wait-SttCondition -TimeoutSeconds 10 -Condition { $job.JobStateInfo.State -eq 'Running' } | Should -BeTrue
            $job
        }

        function Start-FinishedSession {
            param([string] $Name)
            $job = Start-SttSession -Provider Deepgram -Path $shortWav -Endpoint $ws -ApiKey $key -NoPacing -AsJob -Name $Name
            $null = Wait-Job -Job $job -Timeout 30
            $job.JobStateInfo.State | Should -Be 'Completed'
            $job
        }
    }

    AfterEach {
        Remove-SttTestJobs
    }

    AfterAll {
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context '-WhatIf and -Confirm' {
        It 'Stop-SttSession, Remove-SttSession, Set-SttSession and Export-SttSubtitle are the cmdlets that support ShouldProcess' {
            # A new state-changing cmdlet must get its -WhatIf tests here.
            $supporting = @(Get-Command -Module StreamingStt -CommandType Cmdlet |
                    Where-Object { $_.Parameters.ContainsKey('WhatIf') -and $_.Parameters.ContainsKey('Confirm') } |
                    ForEach-Object { $_.Name } | Sort-Object)
            $supporting | Should -Be @('Export-SttSubtitle', 'Remove-SttSession', 'Set-SttSession', 'Stop-SttSession')
        }

        It 'Set-SttSession -WhatIf sends nothing and writes nothing, not even the refusal sending would meet' {
            # Deepgram refuses every mid-session change: an error here would mean the change was attempted.
            $job = Start-RunningSession -Name 'PesterSetWhatIf'
            Wait-SttCondition -TimeoutSeconds 10 -Condition { $job.StatusMessage -eq 'Streaming' } | Should -BeTrue
            $output = @(Set-SttSession -Session $job -MaxTurnSilence 300 -PassThru -WhatIf -ErrorVariable errors)
            $output.Count | Should -Be 0
            $errors.Count | Should -Be 0

            $null = Set-SttSession -Session $job -MaxTurnSilence 300 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        }

        It 'Stop-SttSession -WhatIf leaves the session running and writes nothing; -Confirm:$false stops it' {
            $job = Start-RunningSession -Name 'PesterWhatIfStop'

            $output = @(Stop-SttSession -Session $job -PassThru -WhatIf)
            $output.Count | Should -Be 0
            $job.JobStateInfo.State | Should -Be 'Running'

            $summary = Stop-SttSession -Session $job -PassThru -Force -Confirm:$false
            $summary.EndReason | Should -Be 'Cancelled'
            $job.JobStateInfo.State | Should -Be 'Stopped'
        }

        It 'Stop-SttSession honours $WhatIfPreference' {
            $job = Start-RunningSession -Name 'PesterWhatIfPreference'
            $WhatIfPreference = $true
            Stop-SttSession -Name 'PesterWhatIfPreference' -Force
            $WhatIfPreference = $false
            $job.JobStateInfo.State | Should -Be 'Running'
        }

        It 'Remove-SttSession -WhatIf keeps a finished session; -Confirm:$false removes it' {
            $job = Start-FinishedSession -Name 'PesterWhatIfRemove'

            Remove-SttSession -Id $job.Id -WhatIf
            (Get-SttSession -Id $job.Id).InstanceId | Should -Be $job.InstanceId
            $job.HasMoreData | Should -BeTrue

            Remove-SttSession -Id $job.Id -Confirm:$false
            @(Get-SttSession -Id $job.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
            @(Get-Job -Id $job.Id -ErrorAction SilentlyContinue).Count | Should -Be 0
        }

        It 'Export-SttSubtitle -WhatIf and $WhatIfPreference write no file; -Confirm:$false writes it' {
            $turn = [StreamingStt.Turn]::new('AssemblyAI', 'session', 'talk.wav', 0, 'Hello world.', $true, $true,
                [timespan]::FromSeconds(0.5), [timespan]::FromSeconds(1.1), $null, $null, $null, $null, [StreamingStt.WordList]::Empty, [DateTimeOffset]::UtcNow)
            $path = Join-Path -Path $folder -ChildPath 'whatif.srt'

            $turn | Export-SttSubtitle -Path $path -WhatIf
            Test-Path -LiteralPath $path | Should -BeFalse
            $WhatIfPreference = $true
            $turn | Export-SttSubtitle -Path $path
            $WhatIfPreference = $false
            Test-Path -LiteralPath $path | Should -BeFalse

            $turn | Export-SttSubtitle -Path $path -Confirm:$false
            Get-Content -LiteralPath $path -Raw | Should -BeExactly "1`n00:00:00,500 --> 00:00:01,100`nHello world.`n`n"
        }

        It 'Remove-SttSession -Force -WhatIf neither cancels nor removes a running session' {
            $job = Start-RunningSession -Name 'PesterWhatIfForce'
            Remove-SttSession -Session $job -Force -WhatIf
            $job.JobStateInfo.State | Should -Be 'Running'
            (Get-SttSession -Name 'PesterWhatIfForce').InstanceId | Should -Be $job.InstanceId
        }
    }

    Context '-ErrorAction Stop' {
        BeforeAll {
            # Each case: a command that writes exactly one non-terminating error, given -ErrorAction as $Action.
            function Invoke-Case {
                [CmdletBinding()]
                param([string] $Case, [System.Management.Automation.ActionPreference] $Action)
                switch ($Case) {
                    'missing file in a batch' {
                        Start-SttSession -Provider Deepgram -Path $missingWav, $shortWav -Endpoint $ws -ApiKey $key -NoPacing -ErrorAction $Action
                    }
                    'path not on the file system' {
                        Start-SttSession -Provider Deepgram -Path 'Env:PATH', $shortWav -Endpoint $ws -ApiKey $key -NoPacing -ErrorAction $Action
                    }
                    'file that is not audio' {
                        Start-SttSession -Provider Deepgram -LiteralPath $corruptWav, $shortWav -Endpoint $ws -ApiKey $key -NoPacing -ErrorAction $Action
                    }
                    'connection that fails' {
                        Start-SttSession -Provider Deepgram -Path $shortWav, $shortWav -Endpoint $deadEndpoint -ApiKey $key -NoPacing -ErrorAction $Action
                    }
                    'a failed job, received' {
                        $job = Start-SttSession -Provider Deepgram -Path $shortWav -Endpoint $deadEndpoint -ApiKey $key -AsJob -Name 'PesterFailedJob'
                        $null = Wait-Job -Job $job -Timeout 30
                        Receive-SttTurn -Session $job -ErrorAction $Action
                    }
                    'Get-SttSession of an unknown id' { Get-SttSession -Id 987654 -ErrorAction $Action }
                    'Receive-SttTurn of an unknown name' { Receive-SttTurn -Name 'NoSuchPesterSession' -ErrorAction $Action }
                    'Stop-SttSession of an unknown id' { Stop-SttSession -Id 987654 -ErrorAction $Action }
                    'Remove-SttSession of an unknown name' { Remove-SttSession -Name 'NoSuchPesterSession' -ErrorAction $Action }
                    'Stop-SttSession of an ended session' {
                        $job = Start-FinishedSession -Name 'PesterEnded'
                        Stop-SttSession -Session $job -ErrorAction $Action
                    }
                    'Remove-SttSession of a running session' {
                        $job = Start-RunningSession -Name 'PesterStillRunning'
                        Remove-SttSession -Session $job -ErrorAction $Action
                    }
                    'Get-SttAudioDevice of an unknown name' { Get-SttAudioDevice -Name 'NoSuchPesterDevice' -ErrorAction $Action }
                    'Complete-SttTurn of an ended session' {
                        $job = Start-FinishedSession -Name 'PesterEndedTurn'
                        Complete-SttTurn -Session $job -ErrorAction $Action
                    }
                    'Set-SttSession of a setting Deepgram cannot change' {
                        $job = Start-RunningSession -Name 'PesterRefusedSetting'
                        $null = Wait-SttCondition -TimeoutSeconds 10 -Condition { $job.StatusMessage -eq 'Streaming' }
                        Set-SttSession -Session $job -MinTurnSilence 200 -ErrorAction $Action
                    }
                    default { throw "No case '$Case'." }
                }
            }
        }

        It '<Case>: <ErrorId> is non-terminating, and -ErrorAction Stop makes it catchable' -ForEach @(
            @{ Case = 'missing file in a batch'; ErrorId = 'SttAudioFileNotFound'; StopsBatch = $true }
            @{ Case = 'path not on the file system'; ErrorId = 'SttAudioFileNotFound'; StopsBatch = $true }
            # A file that is not RIFF goes to ffmpeg, which finds no audio in it (corrupt); without ffmpeg (the
            # Wine stage, a bare Windows machine) it is "not a WAV file; install ffmpeg" instead.
            @{ Case = 'file that is not audio'; StopsBatch = $true; ErrorId = $(if ($env:STREAMINGSTT_FFMPEG -or (Get-Command -Name ffmpeg -CommandType Application -ErrorAction SilentlyContinue)) { 'SttAudioFileCorrupt' } else { 'SttAudioFormatNotSupported' }) }
            @{ Case = 'connection that fails'; ErrorId = 'SttProviderConnectionFailed'; StopsBatch = $false }
            @{ Case = 'a failed job, received'; ErrorId = 'SttProviderConnectionFailed'; StopsBatch = $false }
            @{ Case = 'Get-SttSession of an unknown id'; ErrorId = 'SttSessionNotFound'; StopsBatch = $false }
            @{ Case = 'Receive-SttTurn of an unknown name'; ErrorId = 'SttSessionNotFound'; StopsBatch = $false }
            @{ Case = 'Stop-SttSession of an unknown id'; ErrorId = 'SttSessionNotFound'; StopsBatch = $false }
            @{ Case = 'Remove-SttSession of an unknown name'; ErrorId = 'SttSessionNotFound'; StopsBatch = $false }
            @{ Case = 'Stop-SttSession of an ended session'; ErrorId = 'SttSessionNotRunning'; StopsBatch = $false }
            @{ Case = 'Remove-SttSession of a running session'; ErrorId = 'SttSessionStillRunning'; StopsBatch = $false }
            @{ Case = 'Complete-SttTurn of an ended session'; ErrorId = 'SttSessionNotRunning'; StopsBatch = $false }
            @{ Case = 'Set-SttSession of a setting Deepgram cannot change'; ErrorId = 'SttOptionInvalid'; StopsBatch = $false }
        ) {
            # Non-terminating: reported, and the command (the rest of a batch) carries on.
            $errors = $null
            $output = @(Invoke-Case -Case $Case -Action SilentlyContinue -ErrorVariable errors)
            $ids = @($errors | ForEach-Object { $_.FullyQualifiedErrorId })
            $ids | Should -Not -BeNullOrEmpty
            $ids | ForEach-Object { $_ | Should -BeLike "$ErrorId,*" }
            if ($StopsBatch) { @($output | Where-Object EndOfTurn).Count | Should -Be 1 -Because 'the good file of the batch is still transcribed' }
            Remove-SttTestJobs

            # -ErrorAction Stop: the same error, now caught, and nothing after it runs.
            $caught = $null
            $outputBeforeStop = [System.Collections.Generic.List[object]]::new()
            try {
                Invoke-Case -Case $Case -Action Stop | ForEach-Object { $outputBeforeStop.Add($_) }
            }
            catch {
                $caught = $_
            }
            $caught | Should -Not -BeNullOrEmpty -Because '-ErrorAction Stop turns the error into an exception'
            $caught.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            if ($StopsBatch) { @($outputBeforeStop | Where-Object EndOfTurn).Count | Should -Be 0 -Because 'the batch stops at the bad file' }
        }

        It 'Get-SttAudioDevice of an unknown name: SttAudioDeviceNotFound is non-terminating, and -ErrorAction Stop makes it catchable' {
            # Where no capture API works at all, listing fails terminating (SttAudioDeviceUnavailable) instead.
            $errors = $null
            try {
                $null = Invoke-Case -Case 'Get-SttAudioDevice of an unknown name' -Action SilentlyContinue -ErrorVariable errors
            }
            catch {
                $_.FullyQualifiedErrorId | Should -BeLike 'SttAudioDeviceUnavailable,*'
                Set-ItResult -Skipped -Because "this machine has no working capture API: $($_.Exception.Message)"
                return
            }
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioDeviceNotFound,*'
            { Invoke-Case -Case 'Get-SttAudioDevice of an unknown name' -Action Stop } | Should -Throw -ErrorId 'SttAudioDeviceNotFound,*'
        }

        It '$ErrorActionPreference = ''Stop'' works like -ErrorAction Stop' {
            $ErrorActionPreference = 'Stop'
            { Get-SttSession -Id 987654 } | Should -Throw -ErrorId 'SttSessionNotFound,*'
            { Start-SttSession -Provider Deepgram -Path $missingWav -Endpoint $ws -ApiKey $key } | Should -Throw -ErrorId 'SttAudioFileNotFound,*'
        }
    }

    Context '$PSDefaultParameterValues' {
        It 'Start-SttSession takes -Provider, -Endpoint and -ApiKey from $PSDefaultParameterValues' {
            # A local copy: the caller's (global) table stays as it was.
            $PSDefaultParameterValues = @{
                'Start-SttSession:Provider' = 'Deepgram'
                'Start-SttSession:Endpoint' = $ws
                'Start-SttSession:ApiKey'   = $key
            }
            $turns = @(Start-SttSession -Path $shortWav -NoPacing)
            $finals = @($turns | Where-Object EndOfTurn)
            $finals.Count | Should -Be 1
            $finals[0].Transcript | Should -Be 'hello world'   # Deepgram without -SmartFormat
            $finals[0].Provider | Should -Be 'Deepgram'
        }

        It 'a wildcard key (*-Stt*:Provider) reaches Start-SttSession -AsJob and New-SttToken' {
            $PSDefaultParameterValues = @{
                '*-Stt*:Provider'           = 'Deepgram'
                'New-SttToken:ApiKey'       = $key
                'New-SttToken:Endpoint'     = $emulator.HttpUrl
                'Start-SttSession:Endpoint' = $ws
            }
            $token = New-SttToken -ExpiresInSeconds 30
            $token.Provider | Should -Be 'Deepgram'

            $job = Start-SttSession -Path $shortWav -NoPacing -AsJob -Token $token
            $null = Wait-Job -Job $job -Timeout 30
            $job.Provider | Should -Be 'Deepgram'
            $job.JobStateInfo.State | Should -Be 'Completed'
            @(Receive-SttTurn -Session $job | Where-Object EndOfTurn).Count | Should -Be 1
        }

        It 'a default -Provider decides which parameters are accepted' {
            # -InterimResults is Deepgram's: refused for the default provider, accepted when the default is Deepgram.
            { Start-SttSession -Path $shortWav -Endpoint $ws -ApiKey $key -InterimResults -NoPacing } | Should -Throw -ErrorId 'SttOptionInvalid,*'

            $PSDefaultParameterValues = @{ 'Start-SttSession:Provider' = 'Deepgram' }
            $finals = @(Start-SttSession -Path $shortWav -Endpoint $ws -ApiKey $key -InterimResults -NoPacing | Where-Object EndOfTurn)
            $finals[0].Provider | Should -Be 'Deepgram'
        }
    }
}
