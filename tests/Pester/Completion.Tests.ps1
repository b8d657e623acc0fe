# Copyright (c) StreamingStt contributors. MIT License.
#
# Tab completion as the console asks for it (TabExpansion2): -Provider, -SpeechModel per provider,
# session names, and -Device from the capture devices present. The device test runs in a child
# pwsh that sees an ALSA configuration with a known device (libasound reads XDG_CONFIG_HOME once,
# when it first loads), as Microphone.Tests.ps1 does.

Describe 'Tab completion (TabExpansion2)' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        $manifestPath = Get-SttModuleManifest
        Import-Module -Name $manifestPath -ErrorAction Stop

        function Get-Completion {
            <# The completion texts for the input, with the cursor at -Cursor (default: the end). #>
            param([Parameter(Mandatory)] [string] $InputScript, [int] $Cursor = -1)
            if ($Cursor -lt 0) { $Cursor = $InputScript.Length }
            @((TabExpansion2 -inputScript $InputScript -cursorColumn $Cursor).CompletionMatches | ForEach-Object { $_.CompletionText })
        }
    }

    AfterAll {
        Remove-SttTestJobs
    }

    It '-Provider of <_> completes the three providers' -ForEach @('Start-SttSession', 'New-SttToken') {
        Get-Completion -InputScript "$_ -Provider " | Should -Be @('AssemblyAI', 'Deepgram', 'Speechmatics')
        Get-Completion -InputScript "$_ -Provider s" | Should -Be @('Speechmatics')
    }

    It '-SpeechModel without -Provider completes the AssemblyAI models' {
        $models = Get-Completion -InputScript 'Start-SttSession -SpeechModel '
        $models | Should -Contain 'u3-rt-pro'
        $models | Should -Contain 'universal-streaming-english'
        $models | Should -Not -Contain 'nova-3'
        $models | Should -Not -Contain 'enhanced'
    }

    It '-SpeechModel completes the models of -Provider <Provider>' -ForEach @(
        @{ Provider = 'AssemblyAI'; Expected = 'u3-rt-pro'; Foreign = 'nova-3' }
        @{ Provider = 'Deepgram'; Expected = 'nova-3'; Foreign = 'u3-rt-pro' }
        @{ Provider = 'Speechmatics'; Expected = 'melia-1'; Foreign = 'nova-3' }
    ) {
        $models = Get-Completion -InputScript "Start-SttSession -Provider $Provider -SpeechModel "
        $models | Should -Contain $Expected
        $models | Should -Not -Contain $Foreign

        # -Provider typed after the model (cursor before it) counts too, and so does the -Model alias.
        $line = "Start-SttSession -SpeechModel  -Provider $Provider"
        Get-Completion -InputScript $line -Cursor 'Start-SttSession -SpeechModel '.Length | Should -Be $models
        Get-Completion -InputScript "Start-SttSession -Provider $Provider -Model " | Should -Be $models
    }

    It '-SpeechModel follows a -Provider from $PSDefaultParameterValues, as the command will run' {
        # Completion reads the global table, as PowerShell's binding does for a command typed at the prompt.
        $saved = $global:PSDefaultParameterValues
        try {
            $global:PSDefaultParameterValues = @{ 'Start-SttSession:Provider' = 'Speechmatics' }
            Get-Completion -InputScript 'Start-SttSession -SpeechModel ' | Should -Be @('standard', 'enhanced', 'melia-1')
            # A -Provider typed on the line wins over the default.
            Get-Completion -InputScript 'Start-SttSession -Provider Deepgram -SpeechModel nova-3-m' | Should -Be @('nova-3-medical')

            $global:PSDefaultParameterValues = @{ '*-Stt*:Provider' = 'Deepgram'; 'Disabled' = $false }
            Get-Completion -InputScript 'Start-SttSession -SpeechModel nova-3-m' | Should -Be @('nova-3-medical')

            $global:PSDefaultParameterValues = @{ '*-Stt*:Provider' = 'Deepgram'; 'Disabled' = $true }
            Get-Completion -InputScript 'Start-SttSession -SpeechModel ' | Should -Contain 'u3-rt-pro'
        }
        finally {
            $global:PSDefaultParameterValues = $saved
        }
    }

    It '-SpeechModel filters by the typed prefix' {
        Get-Completion -InputScript 'Start-SttSession -Provider Deepgram -SpeechModel nova-3-m' | Should -Be @('nova-3-medical')
        Get-Completion -InputScript 'Start-SttSession -Provider Speechmatics -SpeechModel e' | Should -Be @('enhanced')
    }

    It '-Name of Get-SttSession and Receive-SttTurn completes the session names' {
        $folder = New-SttTestFolder
        try {
            $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 1
            $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
            # Nothing listens on port 9: the job fails at once, and stays registered under its name.
            $job = Start-SttSession -Path $wav -Endpoint 'ws://127.0.0.1:9/v3/ws' -ApiKey $key -AsJob -Name 'PesterCompletionJob'
            $null = Wait-Job -Job $job -Timeout 15

            Get-Completion -InputScript 'Get-SttSession -Name PesterCompl' | Should -Be @('PesterCompletionJob')
            Get-Completion -InputScript 'Receive-SttTurn -Name pestercompl' | Should -Be @('PesterCompletionJob')
            Get-Completion -InputScript 'Stop-SttSession -Name NoSuchSess' | Should -BeNullOrEmpty
        }
        finally {
            Remove-SttTestJobs
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It '-Device completes the capture devices ALSA lists, quoting names with spaces' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'the ALSA device list it completes needs Linux'; return }
        # Skipped off Linux: the test device is an ALSA file plugin; Windows and macOS need real hardware.
        $folder = New-SttTestFolder
        try {
            $alsaFolder = Join-Path -Path $folder -ChildPath 'xdg/alsa'
            $null = New-Item -Path $alsaFolder -ItemType Directory -Force
            $asoundrc = @'
pcm.sttcompletion {
    type file
    slave.pcm "null"
    file "/dev/null"
    format "raw"
    hint {
        show on
        description "Pester Completion Mic"
    }
}
'@
            Set-Content -LiteralPath (Join-Path -Path $alsaFolder -ChildPath 'asoundrc') -Value $asoundrc -Encoding Ascii
            $script = Join-Path -Path $folder -ChildPath 'complete.ps1'
            $body = @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$($manifestPath -replace "'", "''")'
foreach (`$line in 'Start-SttSession -Device ', 'Start-SttSession -Device Pester', 'Get-SttAudioDevice -Name pester', "Start-SttSession -Device 'Pester C") {
    `$texts = @((TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches | ForEach-Object { `$_.CompletionText })
    [pscustomobject]@{ Line = `$line; Texts = `$texts } | ConvertTo-Json -Compress
}
"@
            Set-Content -LiteralPath $script -Value $body -Encoding UTF8

            $saved = $env:XDG_CONFIG_HOME
            try {
                $env:XDG_CONFIG_HOME = Join-Path -Path $folder -ChildPath 'xdg'
                $lines = @(& (Get-SttPwshPath) -NoProfile -NonInteractive -File $script 2>&1)
                $exitCode = $LASTEXITCODE
            }
            finally {
                $env:XDG_CONFIG_HOME = $saved
            }
            $exitCode | Should -Be 0 -Because ($lines -join [Environment]::NewLine)
            $results = @($lines | Where-Object { "$_".StartsWith('{') } | ForEach-Object { "$_" | ConvertFrom-Json })
            $results.Count | Should -Be 4

            $results[0].Texts | Should -Contain 'default'
            $results[0].Texts | Should -Contain "'Pester Completion Mic'"
            $results[1].Texts | Should -Be @("'Pester Completion Mic'")
            $results[2].Texts | Should -Be @("'Pester Completion Mic'")
            $results[3].Texts | Should -Be @("'Pester Completion Mic'")
        }
        finally {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
