# Copyright (c) StreamingStt contributors. MIT License.
#
# Inputs that cannot work and connections that must not be diverted, as the cmdlets show them: the
# documented error id, a message that says what to do, the warning. Redirects are answered by the
# emulators' redirect fault and point at a second loopback listener, which must see no connection.

# Tagged StartsProcesses: it starts emulators of its own (faults, scripts, redirects) or a child pwsh, which
# the Windows host under Wine cannot (it cannot start Linux programs); tests/Wine/run.sh leaves it out.
Describe 'Connections that cannot be diverted and inputs that cannot work' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 3

        # The redirect target: connections queue in its backlog, so Pending() tells whether any arrived.
        $target = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $target.Start()
        $targetPort = $target.LocalEndpoint.Port
        $streamingTarget = "ws://127.0.0.1:$targetPort/diverted"
        $tokenTarget = "http://127.0.0.1:$targetPort/diverted"

        $redirecting = @{}
        foreach ($provider in 'AssemblyAI', 'Deepgram', 'Speechmatics') {
            $redirecting[$provider] = Start-SttEmulator -Provider $provider.ToLowerInvariant() -ArgumentList @(
                '--redirect-streaming', "302=${streamingTarget}?token=stolen-secret-1"
                '--redirect-token', "307=${tokenTarget}?key=stolen-secret-2")
        }
        $emulator = Start-SttEmulator
    }

    AfterAll {
        foreach ($running in $redirecting.Values) { Stop-SttEmulator -Emulator $running }
        Stop-SttEmulator -Emulator $emulator
        if ($target) { $target.Stop() }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context 'Redirects are never followed' {
        It '<Provider>: a redirected session is SttProviderConnectionFailed naming the target; nothing reaches it and verbose output never says Connected' -TestCases @(
            @{ Provider = 'AssemblyAI' }, @{ Provider = 'Deepgram' }, @{ Provider = 'Speechmatics' }
        ) {
            param($Provider)
            $errs = $null
            $output = @(Start-SttSession -Provider $Provider -Path $wav -Endpoint $redirecting[$Provider].WsUrl -ApiKey $key -NoPacing `
                    -Verbose -ErrorVariable errs -ErrorAction SilentlyContinue 4>&1)

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttProviderConnectionFailed,*'
            $errs[0].Exception.ProviderCode | Should -Be 302
            $errs[0].Exception.Message | Should -BeLike "*redirect (HTTP 302) to '$streamingTarget'*does not follow redirects*"
            $errs[0].Exception.Message | Should -Not -BeLike '*stolen-secret*'
            $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $verbose | Where-Object { $_ -like 'Connecting to*' } | Should -Not -BeNullOrEmpty
            $verbose | Where-Object { $_ -like 'Connected to*' } | Should -BeNullOrEmpty
            @($output | Where-Object { $_ -is [StreamingStt.Turn] }).Count | Should -Be 0
            $target.Pending() | Should -BeFalse
        }

        It '<Provider>: a redirected New-SttToken is SttTokenRequestFailed naming the target; nothing reaches it' -TestCases @(
            @{ Provider = 'AssemblyAI' }, @{ Provider = 'Deepgram' }, @{ Provider = 'Speechmatics' }
        ) {
            param($Provider)
            $caught = $null
            try {
                New-SttToken -Provider $Provider -Endpoint $redirecting[$Provider].HttpUrl -ApiKey $key -ExpiresInSeconds 60 -ErrorAction Stop | Out-Null
            }
            catch {
                $caught = $_
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttTokenRequestFailed,*'
            $caught.Exception.ProviderCode | Should -Be 307
            $caught.Exception.Message | Should -BeLike "*redirect (HTTP 307) to '$tokenTarget'*"
            $caught.Exception.Message | Should -Not -BeLike '*stolen-secret*'
            $caught.Exception.Message | Should -Not -BeLike '*test-key*'
            $target.Pending() | Should -BeFalse
        }
    }

    Context '-Endpoint values that cannot work are refused up front' {
        It 'an https:// streaming endpoint is SttOptionInvalid naming the wss:// address to pass' {
            $caught = $null
            try { Start-SttSession -Path $wav -Endpoint 'https://stt-proxy.example.com/v3/ws' -ApiKey $key -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'SttOptionInvalid,StreamingStt.Commands.StartSttSessionCommand'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $caught.Exception.Message | Should -BeLike "*pass 'wss://stt-proxy.example.com/v3/ws'*"
        }

        It 'an http:// loopback endpoint is SttOptionInvalid naming the ws:// address to pass' {
            $http = $emulator.WsUrl -replace '^ws://', 'http://'
            $expected = $emulator.WsUrl
            $caught = $null
            try { Start-SttSession -Path $wav -Endpoint $http -ApiKey $key -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
            $caught.Exception.Message | Should -BeLike "*pass '$expected'*"
        }

        It 'a relative -Endpoint is SttOptionInvalid, not an InvalidOperationException' {
            $caught = $null
            try { Start-SttSession -Path $wav -Endpoint 'streaming.assemblyai.com/v3/ws' -ApiKey $key -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
            $caught.Exception.Message | Should -BeLike '*not an absolute address*wss://*'
        }

        It 'an ftp:// endpoint is SttOptionInvalid' {
            $caught = $null
            try { Start-SttSession -Path $wav -Endpoint 'ftp://stt.example.com/v3/ws' -ApiKey $key -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        }

        It 'New-SttToken with a wss:// endpoint is SttOptionInvalid naming the https:// address to pass' {
            $caught = $null
            try { New-SttToken -Endpoint 'wss://127.0.0.1:9' -ApiKey $key -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'SttOptionInvalid,StreamingStt.Commands.NewSttTokenCommand'
            $caught.Exception.Message | Should -BeLike "*pass 'https://127.0.0.1:9/'*"
        }
    }

    Context 'A key with a line break is refused before connecting, never echoed' {
        It '-ApiKey with CR LF is SttOptionInvalid naming -ApiKey' {
            $bad = ConvertTo-SecureString -String "first-half-31`r`nsecond-half-42" -AsPlainText -Force
            $caught = $null
            try { Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -ApiKey $bad -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'SttOptionInvalid,StreamingStt.Commands.StartSttSessionCommand'
            $caught.Exception.Message | Should -BeLike '*-ApiKey contains a line break*'
            "$($caught.Exception.Message) $($caught.ErrorDetails.RecommendedAction)" | Should -Not -BeLike '*-half-*'
        }

        It 'a provider variable with a line feed is SttOptionInvalid naming the variable' {
            $saved = $env:DEEPGRAM_API_KEY
            try {
                $env:DEEPGRAM_API_KEY = "first-half-31`nsecond-half-42"
                $caught = $null
                try { Start-SttSession -Provider Deepgram -Path $wav -Endpoint $redirecting['Deepgram'].WsUrl -ErrorAction Stop | Out-Null }
                catch { $caught = $_ }
                $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
                $caught.Exception.Message | Should -BeLike '*$env:DEEPGRAM_API_KEY contains a line break*'
                $caught.Exception.Message | Should -Not -BeLike '*-half-*'
                $target.Pending() | Should -BeFalse
            }
            finally {
                if ($null -ne $saved) { $env:DEEPGRAM_API_KEY = $saved } else { Remove-Item -Path Env:DEEPGRAM_API_KEY -ErrorAction SilentlyContinue }
            }
        }

        It 'New-SttToken -ApiKey with a line feed is SttOptionInvalid' {
            $bad = ConvertTo-SecureString -String "first-half-31`nsecond-half-42" -AsPlainText -Force
            $caught = $null
            try { New-SttToken -Endpoint $emulator.HttpUrl -ApiKey $bad -ErrorAction Stop | Out-Null }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
            $caught.Exception.Message | Should -Not -BeLike '*-half-*'
        }
    }

    Context 'Files' {
        It 'a truncated WAV streams what it holds and warns how many seconds are missing' {
            # Declares 5 s, holds 2 s: "Hello world." (0.5-1.1 s) is in the part that is there.
            $truncated = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'truncated.wav') -Seconds 5
            $stream = [System.IO.File]::Open($truncated, 'Open', 'ReadWrite')
            try { $stream.SetLength(44 + 2 * 16000 * 2) } finally { $stream.Dispose() }

            $warnings = $null
            $errs = $null
            $turns = @(Start-SttSession -Path $truncated -Endpoint $emulator.WsUrl -ApiKey $key -NoPacing `
                    -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue)

            @($errs).Count | Should -Be 0
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -BeLike '*should hold 5.0 s of audio but ends after 2.0 s, so the last 3.0 s are missing*'
            @($turns | Where-Object EndOfTurn | ForEach-Object Transcript) | Should -Contain 'Hello world.'
        }

        It 'a -Path with [ ] that matches nothing says a file of exactly that name exists and to use -LiteralPath' {
            $bracketed = Join-Path -Path $folder -ChildPath 'take [1].wav'
            Copy-Item -LiteralPath $wav -Destination $bracketed

            $errs = $null
            Start-SttSession -Path $bracketed -Endpoint $emulator.WsUrl -ApiKey $key -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFileNotFound,*'
            $errs[0].Exception.Message | Should -BeLike '*exactly that name exists*-LiteralPath*'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike 'Start-SttSession -LiteralPath *take `[1`].wav*'

            $turns = @(Start-SttSession -LiteralPath $bracketed -Endpoint $emulator.WsUrl -ApiKey $key -NoPacing)
            @($turns | Where-Object EndOfTurn).Count | Should -BeGreaterThan 0
        }

        It 'a -Path with [ ] and no such file at all still suggests -LiteralPath' {
            $errs = $null
            Start-SttSession -Path (Join-Path -Path $folder -ChildPath 'missing [2].wav') -Endpoint $emulator.WsUrl -ApiKey $key `
                -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'SttAudioFileNotFound,*'
            $errs[0].Exception.Message | Should -BeLike '*use -LiteralPath*'
        }
    }
}
