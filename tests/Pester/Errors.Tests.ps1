# Copyright (c) StreamingStt contributors. MIT License.
#
# Error ids and categories: scripts match $_.FullyQualifiedErrorId -like 'Stt<Kind>,*'. Failures
# tied to one input file are non-terminating (the batch goes on); failures that would fail every
# file (credentials, options) end the command.

Describe 'StreamingStt errors' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $ws = $emulator.WsUrl
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5
        $notWav = Join-Path -Path $folder -ChildPath 'notes.wav'
        Set-Content -LiteralPath $notWav -Value 'These are meeting notes, not audio. They only have a .wav name.' -Encoding Ascii
        $missing = Join-Path -Path $folder -ChildPath 'missing.wav'
    }

    AfterAll {
        Get-Job | Where-Object { $_.PSJobTypeName -eq 'SttJob' } | Remove-Job -Force
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'SttApiKeyMissing (terminating) when there is no -ApiKey, no -Token and no $env:ASSEMBLYAI_API_KEY' {
        $saved = $env:ASSEMBLYAI_API_KEY
        try {
            Remove-Item -Path Env:ASSEMBLYAI_API_KEY -ErrorAction SilentlyContinue
            $caught = $null
            try {
                Start-SttSession -Path $wav -Endpoint $ws -ErrorAction Stop | Out-Null
            }
            catch {
                $caught = $_
            }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttApiKeyMissing,*'
            $caught.FullyQualifiedErrorId | Should -Be 'SttApiKeyMissing,StreamingStt.Commands.StartSttSessionCommand'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            # The engine names SttSessionOptions.Credential; the cmdlet's user reads its parameters.
            $caught.Exception.Message | Should -BeLike '*pass -ApiKey or -Token, or set the environment variable ASSEMBLYAI_API_KEY*'
            $caught.ErrorDetails.RecommendedAction | Should -BeLike '*-ApiKey or -Token*'
            "$($caught.Exception.Message) $($caught.ErrorDetails.RecommendedAction)" | Should -Not -BeLike '*SttSessionOptions*'
        }
        finally {
            if ($null -ne $saved) { $env:ASSEMBLYAI_API_KEY = $saved }
        }
    }

    It 'every engine option name the engine puts in a message has the cmdlet parameter it becomes' {
        $commands = (Get-Command -Name Start-SttSession).ImplementingType.Assembly
        $translator = $commands.GetType('StreamingStt.Commands.Infrastructure.CmdletParameterNames', $true)
        $translate = $translator.GetMethod('Translate', [System.Reflection.BindingFlags]'Public, Static')
        $names = [StreamingStt.SttException].Assembly.GetType('StreamingStt.EngineOptionNames', $true).GetFields() |
            Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
        @($names).Count | Should -BeGreaterThan 10
        foreach ($name in $names) {
            $parameter = $translate.Invoke($null, @([string]$name))
            $parameter | Should -Not -Be $name -Because "'$name' needs a cmdlet parameter in CmdletParameterNames"
            $parameter | Should -Match '^(-[A-Z]\w+( or -[A-Z]\w+)?|Get-SttAudioDevice)$'
        }
    }

    It 'an engine option named in a message reads as the cmdlet parameter (-ProviderOption)' {
        $caught = $null
        try {
            Start-SttSession -Path $wav -Provider Deepgram -Endpoint $ws -ApiKey $key -ProviderOption @{ tag = @{ nested = 1 } } -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike "-ProviderOption 'tag' must be a string, number or boolean*"
        $caught.Exception.Message | Should -Not -BeLike '*DeepgramOptions*'
    }

    It 'SttAudioFileNotFound is non-terminating: the other file of the batch still produces turns' {
        $errs = $null
        $turns = @(Start-SttSession -Path $missing, $wav -Endpoint $ws -ApiKey $key -ErrorVariable errs -ErrorAction SilentlyContinue)

        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFileNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (@($turns | Where-Object EndOfTurn) | ForEach-Object { $_.Transcript }) -join '|' | Should -Be 'Hello world.|How are you today?'
    }

    It 'SttAudioFileNotFound for a missing -LiteralPath as well' {
        $errs = $null
        Start-SttSession -LiteralPath $missing -Endpoint $ws -ApiKey $key -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFileNotFound,*'
    }

    It 'SttAudioFileCorrupt (non-terminating) for a text file named .wav; SttAudioFormatNotSupported where no ffmpeg can try it' {
        $errs = $null
        $turns = @(Start-SttSession -Path $notWav -Endpoint $ws -ApiKey $key -ErrorVariable errs -ErrorAction SilentlyContinue)

        $turns.Count | Should -Be 0
        @($errs).Count | Should -Be 1
        # A file that is not RIFF goes to ffmpeg, which finds no audio in it: corrupt. Without ffmpeg
        # (the Wine stage, a bare Windows machine) it is "not a WAV file; install ffmpeg" instead.
        $ffmpegFound = $env:STREAMINGSTT_FFMPEG -or (Get-Command -Name ffmpeg -CommandType Application -ErrorAction SilentlyContinue)
        if ($ffmpegFound) {
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFileCorrupt,*'
        }
        else {
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFormatNotSupported,*'
            $errs[0].Exception.Message | Should -BeLike "*'$notWav' is not a WAV file*ffmpeg*"
        }
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'SttProviderAuthenticationFailed (terminating) for a wrong key, without the key in the message' {
        $wrongKey = 'wrong-key-5d1c0e'
        $caught = $null
        try {
            Start-SttSession -Path $wav -Endpoint $ws -ApiKey (ConvertTo-SecureString -String $wrongKey -AsPlainText -Force) -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttProviderAuthenticationFailed,*'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.Message | Should -Not -BeLike "*$wrongKey*"
        "$caught" | Should -Not -BeLike "*$wrongKey*"
    }

    It 'SttAudioDeviceNotFound or SttAudioDeviceUnavailable (terminating) for a -Device that is not there' {
        $caught = $null
        try {
            Start-SttSession -Device 'No Such Microphone 42' -Endpoint $ws -ApiKey $key -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        # NotFound (ObjectNotFound) on a machine with capture devices: the message lists them.
        # Unavailable (DeviceError) on one with none at all, like most CI runners on Windows and macOS.
        $caught.FullyQualifiedErrorId | Should -Match '^SttAudioDevice(NotFound|Unavailable),'
        $caught.CategoryInfo.Category | Should -BeIn @('ObjectNotFound', 'DeviceError')
        if ($caught.FullyQualifiedErrorId -like 'SttAudioDeviceNotFound,*') {
            $caught.Exception.Message | Should -BeLike "*'No Such Microphone 42'*Get-SttAudioDevice*"
        }
    }

    It 'SttOptionInvalid (terminating) for -ApiKey together with -Token' {
        $caught = $null
        try {
            Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -Token 'temporary-token' -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    # Every provider is available: -Provider chooses which key the session looks for, and a missing
    # key names that provider's environment variable (not AssemblyAI's).
    It '-Provider <Provider> looks for $env:<Variable> and names it when it is missing (SttApiKeyMissing)' -ForEach @(
        @{ Provider = 'AssemblyAI'; Variable = 'ASSEMBLYAI_API_KEY' }
        @{ Provider = 'Deepgram'; Variable = 'DEEPGRAM_API_KEY' }
        @{ Provider = 'Speechmatics'; Variable = 'SPEECHMATICS_API_KEY' }
    ) {
        $saved = [Environment]::GetEnvironmentVariable($Variable)
        try {
            [Environment]::SetEnvironmentVariable($Variable, $null)
            $caught = $null
            try {
                Start-SttSession -Path $wav -Provider $Provider -Endpoint $ws -ErrorAction Stop | Out-Null
            }
            catch {
                $caught = $_
            }
            $caught.FullyQualifiedErrorId | Should -Be 'SttApiKeyMissing,StreamingStt.Commands.StartSttSessionCommand'
            $caught.Exception.Message | Should -BeLike "*$Variable*"
        }
        finally {
            [Environment]::SetEnvironmentVariable($Variable, $saved)
        }
    }

    It 'SttTransportEndpointInsecure (terminating) for ws:// to a host that is not loopback' {
        $caught = $null
        try {
            Start-SttSession -Path $wav -Endpoint 'ws://stt.example.com/v3/ws' -ApiKey $key -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttTransportEndpointInsecure,*'
        $caught.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'New-SttToken gives a token Start-SttSession -Token accepts' {
        $token = New-SttToken -Endpoint $emulator.HttpUrl -ApiKey $key -ExpiresInSeconds 60
        $token | Should -BeOfType 'StreamingStt.SttToken'
        $token.Token | Should -Not -BeNullOrEmpty
        # The default table shows only the start of the token.
        ($token | Format-Table | Out-String).Contains($token.Token) | Should -BeFalse

        $finals = @(Start-SttSession -Path $wav -Endpoint $ws -Token $token | Where-Object EndOfTurn)
        $finals.Count | Should -Be 2
    }

    It 'New-SttToken with a wrong key is SttProviderAuthenticationFailed' {
        $caught = $null
        try {
            New-SttToken -Endpoint $emulator.HttpUrl -ApiKey (ConvertTo-SecureString -String 'wrong-key-9e2a' -AsPlainText -Force) -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttProviderAuthenticationFailed,*'
    }
}
