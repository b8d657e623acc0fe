# Copyright (c) StreamingStt contributors. MIT License.
#
# Progress of a foreground Start-SttSession: written where PowerShell shows it, skipped where it would be dropped
# (ProgressVisibility), so a session nobody watches costs no progress work and no wake-up.

Describe 'Start-SttSession progress' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5
        $visibility = (Get-Command -Name Start-SttSession).ImplementingType.Assembly.GetType('StreamingStt.Commands.Infrastructure.ProgressVisibility', $true)
        function Test-SerializedStreamsAsked([string[]] $Arguments) {
            $visibility.GetMethod('AsksForSerializedStreams', [System.Reflection.BindingFlags]'NonPublic, Static').Invoke($null, @(, $Arguments))
        }
    }

    AfterAll {
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'writes the share sent to a host that collects progress (a runspace''s Streams.Progress), and completes the bar' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest, $File, $Endpoint, $Key)
                    Import-Module -Name $Manifest -ErrorAction Stop
                    Start-SttSession -LiteralPath $File -Endpoint $Endpoint -ApiKey $Key
                }).AddArgument((Get-SttModuleManifest)).AddArgument($wav).AddArgument($emulator.WsUrl).AddArgument($key)
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $turns = @($shell.Invoke())
            $seconds = $stopwatch.Elapsed.TotalSeconds
            $progress = @($shell.Streams.Progress)
        }
        finally {
            $shell.Dispose()
        }

        @($turns | Where-Object EndOfTurn).Count | Should -Be 2
        $progress.Count | Should -BeGreaterThan 1
        $progress[0].Activity | Should -Be 'Transcribing tone.wav with AssemblyAI'
        @($progress | Where-Object StatusDescription -Like '* of 0:05 sent, *').Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'
        # At most four updates a second (the first is at once, and the last completes the bar).
        $progress.Count | Should -BeLessOrEqual ([math]::Ceiling($seconds * 4) + 2)
    }

    It 'the console host serializes its streams for a parent process only with -OutputFormat xml or -EncodedCommand before -File/-Command' -ForEach @(
        @{ Arguments = @('pwsh.dll', '-NoProfile', '-NonInteractive', '-File', 'client.ps1', '-of', 'xml'); Expected = $false }
        @{ Arguments = @('pwsh.dll', '-NoProfile', '-OutputFormat', 'Text', '-Command', 'x'); Expected = $false }
        @{ Arguments = @('pwsh.dll', '-noprofile', '-of', 'XML', '-c', 'x'); Expected = $true }
        @{ Arguments = @('pwsh', '-ExecutionPolicy', 'Bypass', '-o', 'x', '-Command', 'x'); Expected = $true }
        @{ Arguments = @('pwsh', '-NoLogo', '-e', 'ZQBjAGgAbwA='); Expected = $true }
        @{ Arguments = @('pwsh', '-ex', 'Bypass', '-File', 'client.ps1'); Expected = $false }
        @{ Arguments = @('pwsh'); Expected = $false }
    ) {
        Test-SerializedStreamsAsked $Arguments | Should -Be $Expected
    }
}
