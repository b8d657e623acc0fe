# Copyright (c) StreamingStt contributors. MIT License.
#
# What a user sees and saves: the default Format-Table / Format-List views of Turn, SttJob, the
# session summary, the audio device and the token (the columns StreamingStt.format.ps1xml intends,
# no stray ones, cells that render without errors), ConvertTo-Json of turns, and a round trip of
# turns through Export-Clixml / Import-Clixml. One 1.5 s session (NoPacing: the emulator allows
# audio ahead of real time) gives the turns, the job and the summary.

Describe 'Format views, JSON and CLIXML' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 1.5

        $turns = @(Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -ApiKey $key -NoPacing)
        $final = @($turns | Where-Object EndOfTurn)[0]
        $job = Start-SttSession -Path $wav -Endpoint $emulator.WsUrl -ApiKey $key -NoPacing -AsJob -Name 'PesterFormat'
        $null = Wait-Job -Job $job -Timeout 30
        $turnProperties = @([StreamingStt.Turn].GetProperties() | ForEach-Object { $_.Name })

        # The formatter's own data (what Out-String would print), read off Format-Table / Format-List's
        # output objects; -DisplayError puts #ERR in a cell whose script block fails.
        function Get-TableView {
            param([Parameter(Mandatory)] $InputObject)
            $data = @($InputObject | Format-Table -DisplayError)
            $start = $data | Where-Object { $_.GetType().Name -eq 'FormatStartData' } | Select-Object -First 1
            $labels = @($start.shapeInfo.tableColumnInfoList | ForEach-Object { if ($_.label) { $_.label } else { $_.propertyName } })
            $rows = @($data | Where-Object { $_.GetType().Name -eq 'FormatEntryData' } | ForEach-Object {
                    $cells = @($_.formatEntryInfo.formatPropertyFieldList | ForEach-Object { [string] $_.propertyValue })
                    $row = [ordered]@{}
                    for ($i = 0; $i -lt $labels.Count; $i++) { $row[$labels[$i]] = $cells[$i] }
                    [pscustomobject]$row
                })
            [pscustomobject]@{ Labels = $labels; Rows = $rows }
        }

        function Get-ListView {
            <# The label/value pairs of Format-List's first entry, in order. #>
            param([Parameter(Mandatory)] $InputObject)
            $entry = @($InputObject | Format-List -DisplayError) | Where-Object { $_.GetType().Name -eq 'FormatEntryData' } | Select-Object -First 1
            @($entry.formatEntryInfo.listViewFieldList | ForEach-Object {
                    [pscustomobject]@{
                        Label = if ($_.label) { $_.label } else { $_.propertyName }
                        Value = [string] $_.formatPropertyField.propertyValue
                    }
                })
        }

        function Get-ListLabel {
            param([Parameter(Mandatory)] $InputObject)
            @(Get-ListView -InputObject $InputObject | ForEach-Object { $_.Label })
        }
    }

    AfterAll {
        Remove-SttTestJobs
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context 'Turn' {
        It 'Format-Table shows Start, Turn, EoT, Speaker and Transcript, with readable cells' {
            $table = Get-TableView -InputObject $final
            $table.Labels | Should -Be @('Start', 'Turn', 'EoT', 'Speaker', 'Transcript')
            $table.Rows.Count | Should -Be 1
            $table.Rows[0].Start | Should -Be '00:00:00.5'
            $table.Rows[0].Turn | Should -Be '0'
            $table.Rows[0].EoT | Should -Be 'True'
            $table.Rows[0].Transcript | Should -Be 'Hello world.'
        }

        It 'the table view is the default: Out-String of turns is the same table' {
            ($final | Out-String -Width 300) | Should -Be ($final | Format-Table | Out-String -Width 300)
        }

        It 'Format-List shows every Turn property, transcript first' {
            $labels = Get-ListLabel -InputObject $final
            $labels[0] | Should -Be 'Transcript'
            ($labels | Sort-Object) -join ',' | Should -Be (($turnProperties | Sort-Object) -join ',')
            ($final | Format-List | Out-String) | Should -Match 'Words\s+: \{Hello\[0\.50-0\.80\], world\.\[0\.80-1\.10\]\}'
        }

        It 'a cell that fails to render shows as #ERR, so the checks above would see it' {
            # A Turn-named object without a StartTime: the Start cell's script block fails.
            $broken = [pscustomobject]@{ PSTypeName = 'StreamingStt.Turn'; Transcript = 'x' }
            (Get-TableView -InputObject $broken).Rows[0].Start | Should -Be '#ERR'
        }
    }

    Context 'SttJob' {
        It 'Format-Table shows Id, Name, Provider, State, Source, Turns and Audio sent' {
            $table = Get-TableView -InputObject $job
            $table.Labels | Should -Be @('Id', 'Name', 'Provider', 'State', 'Source', 'Turns', 'Audio sent')
            $row = $table.Rows[0]
            $row.Id | Should -Be "$($job.Id)"
            $row.Name | Should -Be 'PesterFormat'
            $row.Provider | Should -Be 'AssemblyAI'
            $row.State | Should -Be 'Completed'
            $row.Source | Should -Be $wav
            $row.Turns | Should -Be '1'
            $row.'Audio sent' | Should -Be '00:00:01'
        }

        It 'Format-List shows the session, not the job plumbing' {
            $labels = Get-ListLabel -InputObject $job
            $labels | Should -Be @('Id', 'Name', 'Provider', 'State', 'Source', 'SessionId', 'StartTime', 'AudioSent', 'TurnCount', 'HasMoreData', 'LastError', 'Summary', 'Command')
            $text = $job | Format-List | Out-String -Width 300
            $text | Should -Match 'Summary\s+: AssemblyAI session \S+: Completed'
            $text | Should -Not -Match '#ERR'
        }
    }

    Context 'SessionSummary' {
        It 'Format-List (the default) shows every summary property' {
            $labels = Get-ListLabel -InputObject $job.Summary
            $expected = @([StreamingStt.SessionSummary].GetProperties() | ForEach-Object { $_.Name })
            ($labels | Sort-Object) -join ',' | Should -Be (($expected | Sort-Object) -join ',')
            ($job.Summary | Out-String -Width 300) | Should -Be ($job.Summary | Format-List | Out-String -Width 300)
        }

        It 'Format-Table shows one row per session: Provider, EndReason, Turns, Audio sent and Source' {
            $table = Get-TableView -InputObject @($job.Summary, $job.Summary)
            $table.Labels | Should -Be @('Provider', 'EndReason', 'Turns', 'Audio sent', 'Source')
            $table.Rows.Count | Should -Be 2
            $table.Rows[0].Provider | Should -Be 'AssemblyAI'
            $table.Rows[0].EndReason | Should -Be 'Completed'
            $table.Rows[0].Turns | Should -Be '1'
            $table.Rows[0].'Audio sent' | Should -Be '00:00:01.5'
            $table.Rows[0].Source | Should -Be $wav
        }
    }

    Context 'AudioDevice' {
        BeforeAll {
            # Built directly: the view must not depend on the machine's sound cards.
            $devices = @(
                [StreamingStt.AudioDevice]::new(0, 'default', 'default', 'ALSA', $true, 0, 0, $null)
                [StreamingStt.AudioDevice]::new(1, 'USB Audio Device', 'hw:1,0', 'ALSA', $false, 2, 48000, 'USB Audio Device, USB Audio')
            )
        }

        It 'Format-Table shows Index, Default, Backend, Channels, SampleRate and Name; 0 shows as empty' {
            $table = Get-TableView -InputObject $devices
            $table.Labels | Should -Be @('Index', 'Default', 'Backend', 'Channels', 'SampleRate', 'Name')
            $table.Rows[0].Default | Should -Be 'Yes'
            $table.Rows[0].Channels | Should -Be ''
            $table.Rows[0].SampleRate | Should -Be ''
            $table.Rows[1].Index | Should -Be '1'
            $table.Rows[1].Default | Should -Be ''
            $table.Rows[1].Channels | Should -Be '2'
            $table.Rows[1].SampleRate | Should -Be '48000'
            $table.Rows[1].Name | Should -Be 'USB Audio Device'
        }

        It 'Format-List shows every property, including Id' {
            $labels = Get-ListLabel -InputObject $devices[1]
            ($labels | Sort-Object) -join ',' | Should -Be ((@([StreamingStt.AudioDevice].GetProperties() | ForEach-Object { $_.Name }) | Sort-Object) -join ',')
        }
    }

    Context 'SttToken' {
        It 'Format-Table and Format-List never show the whole token' {
            $token = New-SttToken -Endpoint $emulator.HttpUrl -ApiKey $key -ExpiresInSeconds 60
            $token.Token.Length | Should -BeGreaterThan 8

            $table = Get-TableView -InputObject $token
            $table.Labels | Should -Be @('Provider', 'Token', 'IssuedAt', 'ExpiresAt', 'MaxSessionDuration')
            $table.Rows[0].Token | Should -Be ($token.Token.Substring(0, 8) + [char]0x2026)
            Get-ListLabel -InputObject $token | Should -Be @('Provider', 'Token', 'IssuedAt', 'ExpiresIn', 'ExpiresAt', 'MaxSessionDuration')
            foreach ($text in ($token | Format-Table | Out-String -Width 300), ($token | Format-List | Out-String -Width 300)) {
                $text | Should -Not -BeLike "*$($token.Token)*"
            }
        }
    }

    Context 'ConvertTo-Json' {
        It 'turns convert at -Depth 3 without truncation and read back with their data' {
            $warnings = $null
            $json = $turns | ConvertTo-Json -Depth 3 -WarningVariable warnings
            @($warnings).Count | Should -Be 0

            $back = @($json | ConvertFrom-Json)
            $back.Count | Should -Be $turns.Count
            @($back[0].PSObject.Properties | ForEach-Object { $_.Name }) | Should -Be $turnProperties
            $finalBack = @($back | Where-Object EndOfTurn)[0]
            $finalBack.Transcript | Should -Be 'Hello world.'
            $finalBack.StartTime.TotalSeconds | Should -Be 0.5
            @($finalBack.Words | ForEach-Object { $_.Text }) | Should -Be @('Hello', 'world.')
            $finalBack.Words[0].EndTime.TotalSeconds | Should -Be 0.8
            $finalBack.SessionId | Should -Be $final.SessionId
        }

        It 'the default depth converts without error, and the JSON is finite (no cycles: -Depth 5 and 50 agree)' {
            $errors = $null
            $json = $final | ConvertTo-Json -ErrorVariable errors -WarningAction SilentlyContinue
            @($errors).Count | Should -Be 0
            ($json | ConvertFrom-Json).Transcript | Should -Be 'Hello world.'

            $deep = $final | ConvertTo-Json -Depth 50
            $deep | Should -Be ($final | ConvertTo-Json -Depth 5)
            $deep.Length | Should -BeLessThan 8000
        }

        # -EnumsAsStrings came with PowerShell 6; Windows PowerShell 5.1 has no such switch.
        It '-EnumsAsStrings names the provider' {
            if ($PSVersionTable.PSVersion.Major -lt 6) { Set-ItResult -Skipped -Because 'ConvertTo-Json -EnumsAsStrings needs PowerShell 6 or later'; return }
            ($final | ConvertTo-Json -Depth 3 -EnumsAsStrings | ConvertFrom-Json).Provider | Should -Be 'AssemblyAI'
        }
    }

    Context 'Export-Clixml / Import-Clixml' {
        It 'round-trips turns: Deserialized.StreamingStt.Turn with the same data and the same table' {
            $path = Join-Path -Path $folder -ChildPath 'turns.clixml'
            $turns | Export-Clixml -LiteralPath $path
            $back = @(Import-Clixml -LiteralPath $path)

            $back.Count | Should -Be $turns.Count
            $back[0].PSTypeNames[0] | Should -Be 'Deserialized.StreamingStt.Turn'
            $finalBack = @($back | Where-Object EndOfTurn)[0]
            $finalBack.Transcript | Should -Be $final.Transcript
            $finalBack.TurnOrder | Should -Be $final.TurnOrder
            $finalBack.StartTime | Should -Be $final.StartTime
            $finalBack.EndTime | Should -Be $final.EndTime
            $finalBack.Confidence | Should -Be $final.Confidence
            $finalBack.SessionId | Should -Be $final.SessionId
            $finalBack.Source | Should -Be $final.Source
            # An enum comes back as its number, typed Deserialized.StreamingStt.SttProvider.
            [StreamingStt.SttProvider] $finalBack.Provider | Should -Be ([StreamingStt.SttProvider]::AssemblyAI)
            $finalBack.Provider.PSObject.TypeNames[0] | Should -Be 'Deserialized.StreamingStt.SttProvider'
            @($finalBack.Words | ForEach-Object { $_.Text }) | Should -Be @('Hello', 'world.')
            $finalBack.Words[0].PSTypeNames[0] | Should -Be 'Deserialized.StreamingStt.Word'
            $finalBack.Words[1].StartTime | Should -Be ([TimeSpan]::FromSeconds(0.8))

            # PowerShell formats Deserialized.X with X's view.
            (Get-TableView -InputObject $finalBack).Rows[0] | ConvertTo-Json | Should -Be ((Get-TableView -InputObject $final).Rows[0] | ConvertTo-Json)
        }
    }
}
