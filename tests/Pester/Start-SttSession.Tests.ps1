# Copyright (c) StreamingStt contributors. MIT License.
#
# Foreground streaming against the AssemblyAI emulator. The emulator's default script says
# "Hello world." at 0.5 s and "How are you today?" at 3 s; it paces like the real service, so
# each run of the 5-second test file takes about 5 seconds.

Describe 'Start-SttSession (foreground)' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        $manifestPath = Get-SttModuleManifest
        Import-Module -Name $manifestPath -ErrorAction Stop

        $emulator = Start-SttEmulator
        $ws = $emulator.WsUrl
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5
        $expectedTranscripts = 'Hello world.|How are you today?'
        $turnProperties = 'Provider,SessionId,Source,TurnOrder,Transcript,EndOfTurn,IsFormatted,StartTime,EndTime,Confidence,EndOfTurnConfidence,Speaker,Language,Words,ReceivedAt'
    }

    AfterAll {
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'writes Turn objects; the end-of-turn turns are the scripted transcripts, in order' {
        $turns = @(Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key)

        $turns.Count | Should -BeGreaterThan 1
        foreach ($turn in $turns) {
            $turn | Should -BeOfType 'StreamingStt.Turn'
            $turn.Source | Should -BeLike '*tone.wav'
            $turn.SessionId | Should -Not -BeNullOrEmpty
        }

        $finals = @($turns | Where-Object EndOfTurn)
        ($finals | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        $finals[0].TurnOrder | Should -BeLessThan $finals[1].TurnOrder
        $finals[0].StartTime | Should -Be ([TimeSpan]::FromSeconds(0.5))
        $finals[1].StartTime | Should -Be ([TimeSpan]::FromSeconds(3))
        "$($finals[0])" | Should -Be 'Hello world.'
    }

    It 'accepts files from the pipeline (Get-ChildItem binds -LiteralPath)' {
        $finals = @(Get-ChildItem -LiteralPath $wav | Start-SttSession -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)
        ($finals | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
    }

    It 'round-trips through Export-Csv: the header is the Turn properties, the rows are the end-of-turn turns' {
        $csv = Join-Path -Path $folder -ChildPath 'turns.csv'
        $finals = @(Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)
        $finals | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8

        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be $finals.Count
        ($rows[0].PSObject.Properties | ForEach-Object { $_.Name }) -join ',' | Should -Be $turnProperties
        ($finals[0].PSObject.Properties | ForEach-Object { $_.Name }) -join ',' | Should -Be $turnProperties
        ($rows | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].EndOfTurn | Should -Be 'True'
            [int] $rows[$i].TurnOrder | Should -Be $finals[$i].TurnOrder
            [TimeSpan]::Parse($rows[$i].StartTime, [cultureinfo]::InvariantCulture) | Should -Be $finals[$i].StartTime
        }
    }

    It 'stops promptly on Ctrl+C (PowerShell.BeginStop)' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Wav, $Endpoint)
                    Import-Module -Name $Manifest -ErrorAction Stop
                    Start-SttSession -Path $Wav -Endpoint $Endpoint -ApiKey (ConvertTo-SecureString -String 'test-key' -AsPlainText -Force) -Verbose
                }.ToString()).AddArgument($manifestPath).AddArgument($wav).AddArgument($ws)
            $null = $ps.BeginInvoke()

            # The engine narrates the connection on the verbose stream: the cmdlet is streaming.
            Wait-SttCondition -TimeoutSeconds 30 -Condition { $ps.Streams.Verbose.Count -gt 0 } | Should -BeTrue
            Start-Sleep -Milliseconds 1000
            $ps.InvocationStateInfo.State | Should -Be 'Running'

            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = $ps.BeginStop($null, $null)
            Wait-SttCondition -TimeoutSeconds 5 -Condition { $ps.InvocationStateInfo.State -eq 'Stopped' } | Should -BeTrue
            $stopwatch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 4
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'finishes promptly under Select-Object -First 1' {
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $first = @(Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key | Select-Object -First 1)
        $stopwatch.Stop()

        $first.Count | Should -Be 1
        $first[0] | Should -BeOfType 'StreamingStt.Turn'
        # The whole file would take more than 5 s: the session was closed after the first turn.
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 4.5
    }

    It '-Duration takes a number of seconds and ends the session gracefully after that much audio' {
        $job = Start-SttSession -Path $wav -Endpoint $ws -ApiKey $key -Duration 2 -AsJob
        try {
            Wait-Job -Job $job -Timeout 30 | Out-Null
            $job.JobStateInfo.State | Should -Be 'Completed'
            $job.Summary.EndReason | Should -Be 'Completed'
            $job.Summary.AudioSent.TotalSeconds | Should -BeGreaterOrEqual 2
            $job.Summary.AudioSent.TotalSeconds | Should -BeLessThan 2.2
            (@(Receive-SttTurn -Session $job | Where-Object EndOfTurn) | ForEach-Object { $_.Transcript }) -join '|' | Should -Be 'Hello world.'
        }
        finally {
            Remove-Job -Job $job -Force
        }
    }

    It 'streams every file of a batch, one session after another' {
        $second = Join-Path -Path $folder -ChildPath 'second.wav'
        Copy-Item -LiteralPath $wav -Destination $second
        $finals = @(Start-SttSession -Path (Join-Path -Path $folder -ChildPath '*.wav') -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)
        Remove-Item -LiteralPath $second

        $finals.Count | Should -Be 4
        @($finals | Select-Object -ExpandProperty SessionId -Unique).Count | Should -Be 2
        @($finals | Where-Object { $_.Source -like '*second.wav' }).Count | Should -Be 2
    }

    It 'decodes a file that is not WAV (FLAC) through ffmpeg' {
        if (-not (Get-Command -Name ffmpeg -CommandType Application -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'ffmpeg is not on PATH (it decodes the FLAC input)'; return
        }
        $flac = Join-Path -Path $folder -ChildPath 'tone.flac'
        & ffmpeg -nostdin -hide_banner -loglevel error -y -i $wav $flac
        $LASTEXITCODE | Should -Be 0

        $finals = @(Start-SttSession -Path $flac -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)

        @($finals.Transcript) | Should -Be @('Hello world.', 'How are you today?')
        Split-Path -Path $finals[0].Source -Leaf | Should -Be 'tone.flac'
    }

    It 'a bad -FfmpegPath ends the command before any session (SttOptionInvalid)' {
        $caught = $null
        try {
            Start-SttSession -Path $wav -FfmpegPath (Join-Path -Path $folder -ChildPath 'no-such-ffmpeg') -Endpoint $ws -ApiKey $key -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike '*no-such-ffmpeg*'
    }

    It '-InputStream streams headerless PCM in the declared format and leaves the stream open' {
        $bytes = [System.IO.File]::ReadAllBytes($wav)
        # The test WAV has a 44-byte header; what follows is raw 16 kHz mono 16-bit PCM.
        $pcm = New-Object -TypeName System.IO.MemoryStream -ArgumentList $bytes, 44, ($bytes.Length - 44)

        $finals = @(Start-SttSession -InputStream $pcm -InputSampleRate 16000 -InputChannels 1 -InputEncoding Pcm16 -Endpoint $ws -ApiKey $key | Where-Object EndOfTurn)

        @($finals.Transcript) | Should -Be @('Hello world.', 'How are you today?')
        $finals[0].Source | Should -Be 'stream'
        $pcm.CanRead | Should -BeTrue
        $pcm.Dispose()
    }
}
