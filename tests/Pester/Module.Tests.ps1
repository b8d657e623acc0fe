# Copyright (c) StreamingStt contributors. MIT License.
#
# The built module: it imports, exports exactly what the manifest lists, loads its format views,
# and every cmdlet has help with at least one example.

BeforeDiscovery {
    # Discovery needs the cmdlet names for -ForEach; the source manifest lists the same exports.
    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $cmdletNames = @((Import-PowerShellDataFile -Path (Join-Path -Path $repoRoot -ChildPath 'StreamingStt.psd1')).CmdletsToExport)
}

Describe 'StreamingStt module' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        $manifestPath = Get-SttModuleManifest
        Import-Module -Name $manifestPath -ErrorAction Stop
        $module = Get-Module -Name StreamingStt
        $manifest = Import-PowerShellDataFile -Path $manifestPath
    }

    It 'imports from the built folder' {
        $module | Should -Not -BeNullOrEmpty
        @($module).Count | Should -Be 1
        $module.ModuleType | Should -Be 'Binary'
    }

    It 'has a stamped version' {
        $manifest.ModuleVersion | Should -Not -Be '{{ModuleVersion}}'
        { [version] $manifest.ModuleVersion } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = @(Get-Command -Module StreamingStt -CommandType Cmdlet | ForEach-Object { $_.Name } | Sort-Object)
        $listed = @($manifest.CmdletsToExport | Sort-Object)
        $exported.Count | Should -BeGreaterThan 0
        ($exported -join ',') | Should -Be ($listed -join ',')
    }

    It 'exports no functions, aliases or variables' {
        @(Get-Command -Module StreamingStt -CommandType Function).Count | Should -Be 0
        @(Get-Command -Module StreamingStt -CommandType Alias).Count | Should -Be 0
        @($module.ExportedVariables.Keys).Count | Should -Be 0
    }

    It 'loads the format views for <_>' -ForEach @('StreamingStt.Turn', 'StreamingStt.Commands.SttJob', 'StreamingStt.SessionSummary', 'StreamingStt.SttToken') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }

    It '<_> has help with at least one example' -ForEach $cmdletNames {
        $help = Get-Help -Name $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file PowerShell makes syntax-only help, which has no examples.
        $examples = @($help.examples.example | Where-Object { $null -ne $_ })
        $examples.Count | Should -BeGreaterThan 0
        $examples[0].code | Should -Not -BeNullOrEmpty
    }
}
