# Copyright (c) StreamingStt contributors. MIT License.
#
# Start-Job and remoting (Invoke-Command) deliver Deserialized.StreamingStt.* property bags, not the
# objects themselves. PowerShell formats a Deserialized.<type> with <type>'s view when the session
# that receives it has the module's format file loaded (without it, Format-Table shows RunspaceId,
# PSSourceJobInstanceId and every property: the symptom reported in issue 13). So here, with the module
# imported, the views' cells must work on property bags: a session run inside a job must look exactly
# like one run here, and Export-Csv must still write every Turn column. The job imports the built
# module by path.

# Tagged StartsProcesses: Start-Job starts a child pwsh, which the Windows host under Wine does not run.
Describe 'Objects from Start-Job keep their views and columns' -Tag 'StartsProcesses' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $emulator = Start-SttEmulator
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5.5

        # The same three outputs here and in a job: finished turns, a background session's summary, subtitles.
        $produce = {
            param([string] $Manifest, [string] $Wav, [string] $Endpoint)
            Import-Module -Name $Manifest -ErrorAction Stop
            $apiKey = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
            Start-SttSession -Path $Wav -Endpoint $Endpoint -ApiKey $apiKey -NoPacing | Where-Object EndOfTurn
            $background = Start-SttSession -Path $Wav -Endpoint $Endpoint -ApiKey $apiKey -NoPacing -AsJob
            $null = Wait-Job -Job $background -Timeout 30
            $background.Summary
            $background | Remove-SttSession -Force
            Start-SttSession -Path $Wav -Endpoint $Endpoint -ApiKey $apiKey -NoPacing | ConvertTo-SttSubtitle -Format Srt
        }
        $arguments = @((Get-SttModuleManifest), $wav, $emulator.WsUrl)
        $live = @(& $produce @arguments)
        $job = Start-Job -ScriptBlock $produce -ArgumentList $arguments
        $fromJob = @(Receive-Job -Job $job -Wait -AutoRemoveJob)

        function Select-ByType {
            param([object[]] $InputObject, [string] $TypeName)
            @($InputObject | Where-Object { $_.PSObject.TypeNames[0] -eq $TypeName })
        }

        function Get-ViewLabel {
            <# The column (table) or row (list) labels of the default view the formatter picks. #>
            param([Parameter(Mandatory)] $InputObject, [ValidateSet('Table', 'List')] [string] $Shape = 'Table')
            if ($Shape -eq 'Table') {
                $start = @($InputObject | Format-Table -DisplayError) | Where-Object { $_.GetType().Name -eq 'FormatStartData' } | Select-Object -First 1
                @($start.shapeInfo.tableColumnInfoList | ForEach-Object { if ($_.label) { $_.label } else { $_.propertyName } })
            }
            else {
                $entry = @($InputObject | Format-List -DisplayError) | Where-Object { $_.GetType().Name -eq 'FormatEntryData' } | Select-Object -First 1
                @($entry.formatEntryInfo.listViewFieldList | ForEach-Object { if ($_.label) { $_.label } else { $_.propertyName } })
            }
        }

        $jobColumns = @('PSComputerName', 'RunspaceId', 'PSShowComputerName', 'PSSourceJobInstanceId')
    }

    AfterAll {
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'the job delivered deserialized turns, a summary and a subtitle document' {
        @($fromJob | ForEach-Object { $_.PSObject.TypeNames[0] }) | Should -Be @(
            'Deserialized.StreamingStt.Turn', 'Deserialized.StreamingStt.Turn',
            'Deserialized.StreamingStt.SessionSummary', 'Deserialized.StreamingStt.SubtitleDocument')
    }

    It 'Turn: the same table as a live turn, without the job''s properties' {
        $turns = Select-ByType -InputObject $fromJob -TypeName 'Deserialized.StreamingStt.Turn'
        Get-ViewLabel -InputObject $turns | Should -Be @('Start', 'Turn', 'EoT', 'Speaker', 'Transcript')
        ($turns | Out-String -Width 200) | Should -BeExactly ((Select-ByType -InputObject $live -TypeName 'StreamingStt.Turn') | Out-String -Width 200)
        ($turns | Out-String -Width 200) | Should -Not -Match 'RunspaceId|PSSourceJobInstanceId'
        Get-ViewLabel -InputObject $turns[0] -Shape List | Should -Be (Get-ViewLabel -InputObject $live[0] -Shape List)
    }

    It 'SessionSummary: the same list as a live summary' {
        $summary = Select-ByType -InputObject $fromJob -TypeName 'Deserialized.StreamingStt.SessionSummary'
        $liveSummary = Select-ByType -InputObject $live -TypeName 'StreamingStt.SessionSummary'
        $labels = Get-ViewLabel -InputObject $summary -Shape List
        $labels | Should -Be (Get-ViewLabel -InputObject $liveSummary -Shape List)
        $labels | Should -Not -Contain 'RunspaceId'
        ($summary | Out-String) | Should -Match 'EndReason\s+: Completed'
        Get-ViewLabel -InputObject $summary -Shape Table | Should -Be @('Provider', 'EndReason', 'Turns', 'Audio sent', 'Source')
    }

    It 'SubtitleDocument: the same table as a live document' {
        $document = Select-ByType -InputObject $fromJob -TypeName 'Deserialized.StreamingStt.SubtitleDocument'
        Get-ViewLabel -InputObject $document | Should -Be @('Format', 'Cues', 'End', 'Source')
        ($document | Out-String -Width 200) | Should -BeExactly ((Select-ByType -InputObject $live -TypeName 'StreamingStt.SubtitleDocument') | Out-String -Width 200)
    }

    It 'Export-Csv writes every Turn column with its value; the job adds only its own four' {
        $csv = Join-Path -Path $folder -ChildPath 'from-job.csv'
        Select-ByType -InputObject $fromJob -TypeName 'Deserialized.StreamingStt.Turn' | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv)
        $columns = @($rows[0].PSObject.Properties.Name)
        $turnProperties = @([StreamingStt.Turn].GetProperties() | ForEach-Object { $_.Name })

        @($columns | Where-Object { $_ -notin $jobColumns }) | Should -Be $turnProperties
        @($columns | Where-Object { $_ -in $jobColumns }) | Should -Be $jobColumns
        @($rows.Transcript) | Should -Be @('Hello world.', 'How are you today?')
        @($rows.StartTime) | Should -Be @('00:00:00.5000000', '00:00:03')
        $rows[0].Source | Should -Be $wav
        $rows[0].Words | Should -Be 'Hello[0.50-0.80] world.[0.80-1.10]'
    }
}
