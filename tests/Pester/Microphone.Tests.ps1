# Copyright (c) StreamingStt contributors. MIT License.
#
# Microphone capture through the real ALSA backend, without a sound card: an asoundrc under
# $XDG_CONFIG_HOME/alsa/ defines the ALSA `file` plugin, which "captures" a raw file byte for byte.
# libasound reads the process's native environment when it first loads its configuration, so each
# test runs the module in a child pwsh started with XDG_CONFIG_HOME set (child processes inherit
# $env: changes). Linux only: the Windows and macOS backends need a real device (xunit covers them
# where one exists).
#
# Tagged LinuxOnly so the Wine stage (tests/Wine/run.sh) leaves it out rather than counting it as
# skipped: ALSA is reached there only through Wine's driver (Microphone.Windows.Tests.ps1), and a
# child pwsh cannot be started from the Windows host.

Describe 'Microphone capture (ALSA file plugin)' -Tag 'LinuxOnly' {
    BeforeAll {
        $skipReason = if (-not $IsLinux) { 'the ALSA file plugin needs Linux (xunit covers the Windows and macOS backends on a real device)' }
        if ($skipReason) { return }
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        $manifestPath = Get-SttModuleManifest

        $emulator = Start-SttEmulator
        $folder = New-SttTestFolder
        $alsaFolder = Join-Path -Path $folder -ChildPath 'xdg/alsa'
        $null = New-Item -Path $alsaFolder -ItemType Directory -Force

        # 4 s of a 440 Hz tone, raw 16 kHz mono 16-bit: the format the backend opens the device with.
        $raw = Join-Path -Path $folder -ChildPath 'input.raw'
        $samples = 16000 * 4
        $bytes = New-Object -TypeName byte[] -ArgumentList ($samples * 2)
        for ($i = 0; $i -lt $samples; $i++) {
            $value = [int16](6000 * [math]::Sin(2 * [math]::PI * 440 * $i / 16000))
            $bytes[2 * $i] = [byte]($value -band 0xFF)
            $bytes[2 * $i + 1] = [byte](($value -shr 8) -band 0xFF)
        }
        [System.IO.File]::WriteAllBytes($raw, $bytes)

        $asoundrc = @"
pcm.sttfile {
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "$raw"
    format "raw"
    hint {
        show on
        description "StreamingStt Pester microphone"
    }
}
pcm.!default sttfile
"@
        Set-Content -LiteralPath (Join-Path -Path $alsaFolder -ChildPath 'asoundrc') -Value $asoundrc -Encoding Ascii

        $pwsh = Get-SttPwshPath

        # Runs $Command in a child pwsh that sees the test ALSA configuration; returns its output as objects (JSON lines).
        function Invoke-WithTestAlsa {
            param([Parameter(Mandatory)] [string] $Command)
            $script = Join-Path -Path $folder -ChildPath ('child-' + [guid]::NewGuid().ToString('N') + '.ps1')
            $body = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module -Name '$($manifestPath -replace "'", "''")'
`$key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
`$ws = [uri]'$($emulator.WsUrl)'
& { $Command } | ForEach-Object { `$_ | ConvertTo-Json -Compress -Depth 3 }
"@
            Set-Content -LiteralPath $script -Value $body -Encoding UTF8
            $saved = $env:XDG_CONFIG_HOME
            try {
                $env:XDG_CONFIG_HOME = Join-Path -Path $folder -ChildPath 'xdg'
                $lines = & $pwsh -NoProfile -NonInteractive -File $script 2>&1
                $exit = $LASTEXITCODE
            }
            finally {
                $env:XDG_CONFIG_HOME = $saved
            }
            $text = ($lines | ForEach-Object { "$_" }) -join [Environment]::NewLine
            if ($exit -ne 0) { throw "child pwsh exited $exit`: $text" }
            @($lines | Where-Object { "$_".StartsWith('{') } | ForEach-Object { "$_" | ConvertFrom-Json })
        }
    }

    BeforeEach {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
    }

    AfterAll {
        if ($skipReason) { return }
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'Get-SttAudioDevice lists default first, then the configured device' {
        $devices = Invoke-WithTestAlsa -Command 'Get-SttAudioDevice'

        $devices[0].Id | Should -Be 'default'
        $devices[0].IsDefault | Should -BeTrue
        $devices[0].Backend | Should -Be 'ALSA'
        $file = @($devices | Where-Object Id -EQ 'sttfile')
        $file.Count | Should -Be 1
        $file[0].Name | Should -Be 'StreamingStt Pester microphone'
        $file[0].Index | Should -Be ([array]::IndexOf(@($devices.Id), 'sttfile'))
    }

    It 'Get-SttAudioDevice -Name takes wildcards and -Default returns one device' {
        $named = Invoke-WithTestAlsa -Command 'Get-SttAudioDevice -Name *Pester*'
        @($named).Count | Should -Be 1
        $named[0].Id | Should -Be 'sttfile'

        $default = Invoke-WithTestAlsa -Command 'Get-SttAudioDevice -Default'
        @($default).Count | Should -Be 1
        $default[0].Id | Should -Be 'default'
    }

    It 'Start-SttSession -Device captures for -Duration and writes the scripted turns' {
        $turns = Invoke-WithTestAlsa -Command "Start-SttSession -Device '*Pester*' -Duration 5 -Endpoint `$ws -ApiKey `$key | Where-Object EndOfTurn"

        @($turns.Transcript) | Should -Be @('Hello world.', 'How are you today?')
        $turns[0].Source | Should -Be 'StreamingStt Pester microphone'
    }

    It 'Start-SttSession with no input captures the default device' {
        $turns = Invoke-WithTestAlsa -Command "Start-SttSession -Duration 1.5 -Endpoint `$ws -ApiKey `$key | Where-Object EndOfTurn"

        @($turns.Transcript) | Should -Be @('Hello world.')
    }

    It 'devices piped from Get-SttAudioDevice are captured (they bind to -InputDevice)' {
        $turns = Invoke-WithTestAlsa -Command "Get-SttAudioDevice -Name *Pester* | Start-SttSession -Duration 1.5 -Endpoint `$ws -ApiKey `$key | Where-Object EndOfTurn"

        @($turns.Transcript) | Should -Be @('Hello world.')
        $turns[0].Source | Should -Be 'StreamingStt Pester microphone'
    }

    It 'Start-SttSession -Device -AsJob captures in the background until Stop-SttSession' {
        $command = @"
`$job = Start-SttSession -Device sttfile -AsJob -Name mic -Endpoint `$ws -ApiKey `$key
Start-Sleep -Seconds 2
Stop-SttSession -Name mic
`$null = Wait-Job -Job `$job -Timeout 15
Receive-SttTurn -Name mic | Where-Object EndOfTurn
"@
        $turns = Invoke-WithTestAlsa -Command $command

        @($turns.Transcript)[0] | Should -Be 'Hello world.'
    }

    It 'an unknown -Device is SttAudioDeviceNotFound and the message lists the devices' {
        $command = "try { Start-SttSession -Device 'Studio*' -Endpoint `$ws -ApiKey `$key } catch { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Message = `$_.Exception.Message } }"
        $result = Invoke-WithTestAlsa -Command $command

        $result[0].Id | Should -BeLike 'SttAudioDeviceNotFound,*'
        $result[0].Message | Should -BeLike "*No capture device matches 'Studio*'*StreamingStt Pester microphone*"
    }
}
