# Copyright (c) StreamingStt contributors. MIT License.
#
# Microphone capture through WASAPI, the way a Windows user runs it: Get-SttAudioDevice, then
# Start-SttSession -Device. It needs Windows with a known capture device, which is what the Wine
# stage (tests/Wine/run.sh) provides: Wine's ALSA driver in front of the ALSA `file` plugin, listed
# as "In: default" (48 kHz stereo Float32), with STT_WINE_AUDIO=feed to say so. Elsewhere (Linux,
# macOS, a Windows runner without a microphone) the tests are skipped. The byte-exact check of
# what WASAPI captures is in tests/StreamingStt.Windows.Tests. The module asks WASAPI for a 200 ms
# buffer, and at that size Wine fills part of the audio with silence, so these check devices,
# turns and timing.

Describe 'Microphone capture (Windows, WASAPI)' {
    BeforeAll {
        $skipReason = if (-not $IsWindows) { 'WASAPI needs Windows (tests/Wine/run.sh runs these under Wine)' }
        elseif ($env:STT_WINE_AUDIO -ne 'feed') { 'no known capture device (STT_WINE_AUDIO=feed names the one tests/Wine/run.sh feeds)' }
        if ($skipReason) { return }
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $ws = $emulator.WsUrl
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $deviceName = 'In: default'
    }

    BeforeEach {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
    }

    AfterEach {
        if (-not $skipReason) { Remove-SttTestJobs }
    }

    AfterAll {
        if ($skipReason) { return }
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
    }

    It 'Get-SttAudioDevice lists the capture device through WASAPI as the default' {
        $devices = @(Get-SttAudioDevice)

        $devices.Count | Should -Be 1
        $devices[0].Name | Should -Be $deviceName
        $devices[0].Backend | Should -Be 'WASAPI'
        $devices[0].IsDefault | Should -BeTrue
        $devices[0].Index | Should -Be 0
        $devices[0].Channels | Should -Be 2
        $devices[0].SampleRate | Should -Be 48000
        # WASAPI endpoint ids: {0.0.1.00000000}.{GUID} (the 1 is eCapture).
        $devices[0].Id | Should -Match '^\{0\.0\.1\.00000000\}\.\{[0-9A-Fa-f-]{36}\}$'
    }

    It 'Get-SttAudioDevice -Name takes wildcards and -Default returns the same device' {
        @(Get-SttAudioDevice -Name 'In:*').Name | Should -Be @($deviceName)
        @(Get-SttAudioDevice -Name 'Studio*').Count | Should -Be 0
        (Get-SttAudioDevice -Default).Id | Should -Be (Get-SttAudioDevice)[0].Id
    }

    It 'Start-SttSession -Device captures for -Duration and writes the scripted turn' {
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $turns = @(Start-SttSession -Device $deviceName -Duration 2 -Endpoint $ws -ApiKey $key)
        $stopwatch.Stop()

        $finals = @($turns | Where-Object EndOfTurn)
        @($finals.Transcript) | Should -Be @('Hello world.')
        $finals[0].Source | Should -Be $deviceName
        $finals[0].Provider | Should -Be 'AssemblyAI'
        # Capture is paced to real time: two seconds of audio take about two seconds.
        $stopwatch.Elapsed.TotalSeconds | Should -BeGreaterThan 1.8
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 15
    }

    It 'the default device piped from Get-SttAudioDevice -Default is captured' {
        $finals = @(Get-SttAudioDevice -Default | Start-SttSession -Duration 1.5 -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)

        @($finals.Transcript) | Should -Be @('Hello world.')
        $finals[0].Source | Should -Be $deviceName
    }

    It 'Start-SttSession -Device -AsJob captures until Stop-SttSession; the summary counts the audio sent' {
        $job = Start-SttSession -Device $deviceName -AsJob -Name winmic -Endpoint $ws -ApiKey $key
        Wait-SttCondition -TimeoutSeconds 15 -Condition { $job.AudioSent -gt [TimeSpan]::FromSeconds(1.5) } | Should -BeTrue

        $summary = Stop-SttSession -Name winmic -PassThru

        $summary.EndReason | Should -Be 'Stopped'
        $summary.AudioSent | Should -BeGreaterThan ([TimeSpan]::FromSeconds(1.5))
        $job.JobStateInfo.State | Should -Be 'Stopped'
        @(Receive-SttTurn -Name winmic | Where-Object EndOfTurn)[0].Transcript | Should -Be 'Hello world.'
    }

    It 'an unknown -Device is SttAudioDeviceNotFound and the message lists the WASAPI device' {
        $caught = $null
        try {
            Start-SttSession -Device 'Studio*' -Endpoint $ws -ApiKey $key -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }

        $caught.FullyQualifiedErrorId | Should -BeLike 'SttAudioDeviceNotFound,*'
        $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $caught.Exception.Message | Should -BeLike "*No capture device matches 'Studio*'*(WASAPI)*In: default*"
    }
}
