# Copyright (c) StreamingStt contributors. MIT License.
#
# ConvertTo-SttSubtitle and Export-SttSubtitle on turns streamed through the AssemblyAI emulator with
# its default script ("Hello world." 0.5-1.1 s, "How are you today?" 3.0-4.2 s, 300 ms words), so
# every cue time is known from the script. The files are read back by ffmpeg, a parser that is not
# ours: SRT -> WebVTT -> SRT and WebVTT -> SRT must keep every cue's text and times.

Describe 'ConvertTo-SttSubtitle and Export-SttSubtitle' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wavA = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'call-a.wav') -Seconds 5.5
        $wavB = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'call-b.wav') -Seconds 5.5
        $session = @{ Endpoint = $emulator.WsUrl; ApiKey = $key; NoPacing = $true }

        # Every update, partial ones included, as a user would pipe them (this model sends word-by-word partials).
        $turns = @(Start-SttSession -Path $wavA @session -SpeechModel universal-streaming-english -FormatTurns)
        $speakerTurns = @(Start-SttSession -Path $wavA @session -SpeakerLabels)
        $twoFileTurns = @($wavA, $wavB | Start-SttSession @session)

        $expectedSrt = "1`n00:00:00,500 --> 00:00:01,100`nHello world.`n`n2`n00:00:03,000 --> 00:00:04,200`nHow are you today?`n`n"
        $ffmpeg = Get-Command -Name ffmpeg -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1

        function Read-SubtitleCue {
            <#
            The cues of an SRT or WebVTT file, as any reader sees them: start and end in milliseconds and the
            text lines (WebVTT voice tags removed, entities decoded). Accepts ffmpeg's short mm:ss.fff times.
            #>
            param([Parameter(Mandatory)] [string] $Path)
            $text = [System.IO.File]::ReadAllText($Path) -replace "`r`n", "`n"
            $isVtt = $text.StartsWith('WEBVTT')
            foreach ($block in ($text -split "`n`n+")) {
                $lines = @($block -split "`n" | Where-Object { $_ -ne '' })
                $timing = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -like '* --> *' })
                if ($timing -lt 0) { continue }
                $times = @([regex]::Matches($lines[$timing], '(?:(\d+):)?(\d{2}):(\d{2})[,.](\d{3})') | ForEach-Object {
                        $hours = if ($_.Groups[1].Success) { [int]$_.Groups[1].Value } else { 0 }
                        ((($hours * 60) + [int]$_.Groups[2].Value) * 60 + [int]$_.Groups[3].Value) * 1000 + [int]$_.Groups[4].Value
                    })
                $cueLines = @($lines | Select-Object -Skip ($timing + 1) | ForEach-Object {
                        if ($isVtt) { [System.Net.WebUtility]::HtmlDecode(($_ -replace '<v [^>]*>', '')) } else { $_ }
                    })
                [pscustomobject]@{ Start = $times[0]; End = $times[1]; Text = $cueLines -join "`n" }
            }
        }

        function Invoke-Ffmpeg {
            <# Converts one subtitle file to another with ffmpeg; fails the test on any error ffmpeg reports. #>
            param([string] $From, [string] $To)
            $output = @(& $ffmpeg.Source -nostdin -v error -y -i $From $To 2>&1 | ForEach-Object { "$_" })
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            $output | Should -BeNullOrEmpty -Because "ffmpeg read $From without complaint"
        }
    }

    AfterAll {
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context 'Cues from the emulator script' {
        It 'the session gave partial updates too, so leaving them out is tested' {
            @($turns | Where-Object { -not $_.EndOfTurn }).Count | Should -BeGreaterThan 0
            @($turns | Where-Object EndOfTurn).Count | Should -Be 2
        }

        It 'SRT: one cue per turn at the script''s times, partial updates left out' {
            $document = $turns | ConvertTo-SttSubtitle -Format Srt
            $document | Should -HaveCount 1
            $document.Source | Should -Be $wavA
            $document.Format | Should -Be 'Srt'
            $document.CueCount | Should -Be 2
            $document.Text | Should -BeExactly $expectedSrt
            "$document" | Should -BeExactly $expectedSrt
        }

        It 'WebVTT: the header, dot milliseconds, and speakers as voice tags' {
            $document = $speakerTurns | ConvertTo-SttSubtitle -Format WebVtt
            $document.Text | Should -Match '^WEBVTT\n\n00:00:00\.500 --> 00:00:01\.100\n<v [^>]+>Hello world\.\n\n'
            $document.Text | Should -BeLike "*`n00:00:03.000 --> 00:00:04.200`n<v A>How are you today?`n`n"
            ($speakerTurns | ConvertTo-SttSubtitle -Format Srt).Text | Should -BeLike "*`n00:00:03,000 --> 00:00:04,200`nA: How are you today?`n`n"
        }

        It 'shorter limits cut at the script''s word times: 1 s cues, lines of 10' {
            $document = $turns | ConvertTo-SttSubtitle -Format Srt -MaxCueDuration 1 -MaxLineLength 10
            $cues = @($document.Cues)
            $cues.Count | Should -Be 3
            @($cues | ForEach-Object { '{0:N1}-{1:N1}' -f $_.StartTime.TotalSeconds, $_.EndTime.TotalSeconds }) | Should -Be @('0.5-1.1', '3.0-3.9', '3.9-4.2')
            @($cues | ForEach-Object { $_.Lines -join '|' }) | Should -Be @('Hello|world.', 'How|are you', 'today?')
        }

        It 'limits out of range are refused with SttOptionInvalid' {
            { $turns | ConvertTo-SttSubtitle -Format Srt -MaxCueDuration 0.5 } | Should -Throw -ErrorId 'SttOptionInvalid,*'
            { $turns | ConvertTo-SttSubtitle -Format Srt -MaxLineLength 5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        }

        It 'only partial updates: a warning and no document' {
            $partials = @($turns | Where-Object { -not $_.EndOfTurn })
            $output = @($partials | ConvertTo-SttSubtitle -Format Srt -WarningVariable warnings -WarningAction SilentlyContinue)
            $output.Count | Should -Be 0
            "$warnings" | Should -BeLike '*No end-of-turn turns*'
        }

        It 'turns of two files give one document per Source, in order' {
            $documents = @($twoFileTurns | ConvertTo-SttSubtitle -Format Srt)
            @($documents.Source) | Should -Be @($wavA, $wavB)
            $documents | ForEach-Object { $_.Text | Should -BeExactly $expectedSrt }
        }
    }

    Context 'Export-SttSubtitle' {
        BeforeEach {
            $out = Join-Path -Path $folder -ChildPath ([guid]::NewGuid().ToString('N'))
            $null = New-Item -Path $out -ItemType Directory
        }

        It '-Path: the extension picks the format; UTF-8 without a byte order mark' {
            $turns | Export-SttSubtitle -Path (Join-Path -Path $out -ChildPath 'a.vtt')
            $bytes = [System.IO.File]::ReadAllBytes((Join-Path -Path $out -ChildPath 'a.vtt'))
            [System.Text.Encoding]::UTF8.GetString($bytes) | Should -BeExactly ($turns | ConvertTo-SttSubtitle -Format WebVtt).Text
            $bytes[0] | Should -Be ([byte][char]'W')
        }

        It '-OutputFolder: a file per source, named after it' {
            $twoFileTurns | Export-SttSubtitle -OutputFolder $out -Format Srt
            @(Get-ChildItem -LiteralPath $out | Sort-Object Name | ForEach-Object Name) | Should -Be @('call-a.srt', 'call-b.srt')
            [System.IO.File]::ReadAllText((Join-Path -Path $out -ChildPath 'call-b.srt')) | Should -BeExactly $expectedSrt
        }

        It '-WhatIf names each file and writes none' {
            $twoFileTurns | Export-SttSubtitle -OutputFolder $out -WhatIf
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }

        It 'replaces an existing file; -NoClobber leaves it and reports SttSubtitleFileExists' {
            $path = Join-Path -Path $out -ChildPath 'a.srt'
            Set-Content -LiteralPath $path -Value 'old'
            $turns | Export-SttSubtitle -Path $path -NoClobber -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'SttSubtitleFileExists,*'
            (Get-Content -LiteralPath $path -Raw).Trim() | Should -Be 'old'

            $turns | Export-SttSubtitle -Path $path
            [System.IO.File]::ReadAllText($path) | Should -BeExactly $expectedSrt
        }

        It '-Force replaces a read-only file and leaves it read-only' {
            $path = Join-Path -Path $out -ChildPath 'locked.srt'
            Set-Content -LiteralPath $path -Value 'old'
            Set-ItemProperty -LiteralPath $path -Name IsReadOnly -Value $true
            try {
                $turns | Export-SttSubtitle -Path $path -Force
                [System.IO.File]::ReadAllText($path) | Should -BeExactly $expectedSrt
                (Get-Item -LiteralPath $path).IsReadOnly | Should -BeTrue
            }
            finally {
                Set-ItemProperty -LiteralPath $path -Name IsReadOnly -Value $false
            }
        }

        It 'refuses, writing nothing: two sources into one -Path, a missing folder, an extension that names no format' {
            { $twoFileTurns | Export-SttSubtitle -Path (Join-Path -Path $out -ChildPath 'both.srt') } | Should -Throw -ErrorId 'SttSubtitleSeveralSources,*'
            { $turns | Export-SttSubtitle -OutputFolder (Join-Path -Path $out -ChildPath 'missing') } | Should -Throw -ErrorId 'SttSubtitleFolderNotFound,*'
            { $turns | Export-SttSubtitle -Path (Join-Path -Path $out -ChildPath 'a.txt') } | Should -Throw -ErrorId 'SttOptionInvalid,*'
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }

        It 'a file that cannot be written is reported with SttSubtitleWriteFailed' {
            $path = Join-Path -Path (Join-Path -Path $out -ChildPath 'no-such-folder') -ChildPath 'a.srt'
            $turns | Export-SttSubtitle -Path $path -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'SttSubtitleWriteFailed,*'
        }
    }

    Context 'Read by ffmpeg' {
        BeforeAll {
            $ffmpegFolder = Join-Path -Path $folder -ChildPath 'ffmpeg'
            $null = New-Item -Path $ffmpegFolder -ItemType Directory
            # Short cues and lines, and speakers: two-line cues, several cues per turn, SRT prefixes and voice tags.
            $limits = @{ MaxCueDuration = 1; MaxLineLength = 10 }
            $speakerTurns | Export-SttSubtitle -Path (Join-Path -Path $ffmpegFolder -ChildPath 'ours.srt') @limits
            $speakerTurns | Export-SttSubtitle -Path (Join-Path -Path $ffmpegFolder -ChildPath 'ours.vtt') @limits
            $ourCues = @(($speakerTurns | ConvertTo-SttSubtitle -Format WebVtt @limits).Cues)
        }

        It 'SRT -> WebVTT -> SRT through ffmpeg keeps every cue''s text and times' {
            if (-not $ffmpeg) { Set-ItResult -Skipped -Because 'ffmpeg is not on PATH (the independent parser that reads the files back)'; return }
            $srt = Join-Path -Path $ffmpegFolder -ChildPath 'ours.srt'
            Invoke-Ffmpeg -From $srt -To (Join-Path -Path $ffmpegFolder -ChildPath 'from-srt.vtt')
            Invoke-Ffmpeg -From (Join-Path -Path $ffmpegFolder -ChildPath 'from-srt.vtt') -To (Join-Path -Path $ffmpegFolder -ChildPath 'round-trip.srt')

            $original = @(Read-SubtitleCue -Path $srt)
            $original.Count | Should -Be 3
            $original[1].Text | Should -BeExactly "A: How`nare you"
            foreach ($copy in 'from-srt.vtt', 'round-trip.srt') {
                $cues = @(Read-SubtitleCue -Path (Join-Path -Path $ffmpegFolder -ChildPath $copy))
                ($cues | ConvertTo-Json) | Should -BeExactly ($original | ConvertTo-Json) -Because "$copy should hold the same cues"
            }
        }

        It 'WebVTT -> SRT through ffmpeg keeps every cue''s text and times' {
            if (-not $ffmpeg) { Set-ItResult -Skipped -Because 'ffmpeg is not on PATH (the independent parser that reads the files back)'; return }
            Invoke-Ffmpeg -From (Join-Path -Path $ffmpegFolder -ChildPath 'ours.vtt') -To (Join-Path -Path $ffmpegFolder -ChildPath 'from-vtt.srt')

            $expected = @($ourCues | ForEach-Object {
                    [pscustomobject]@{ Start = [int]$_.StartTime.TotalMilliseconds; End = [int]$_.EndTime.TotalMilliseconds; Text = $_.Lines -join "`n" }
                })
            $fromVtt = @(Read-SubtitleCue -Path (Join-Path -Path $ffmpegFolder -ChildPath 'from-vtt.srt'))
            $fromVtt.Count | Should -Be 3
            ($fromVtt | ConvertTo-Json) | Should -BeExactly ($expected | ConvertTo-Json)
            # Our own reading of the WebVTT file agrees with ffmpeg's.
            (@(Read-SubtitleCue -Path (Join-Path -Path $ffmpegFolder -ChildPath 'ours.vtt')) | ConvertTo-Json) | Should -BeExactly ($expected | ConvertTo-Json)
        }
    }
}
