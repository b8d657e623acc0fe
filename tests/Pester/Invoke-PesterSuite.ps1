# Copyright (c) StreamingStt contributors. MIT License.
<#
.SYNOPSIS
    Runs tests/Pester against the built module on the pinned Pester, and prints one count line.

.DESCRIPTION
    Imports Pester 5.7.1 by path from the NuGet package folder (restoring the solution brings it
    through a PackageDownload in tests/StreamingStt.Engine.Tests), or from the installed modules when
    that exact version is there (GitHub Actions installs it from the gallery). No other version is
    accepted, so every machine runs the same Pester.

    Prints 'pester: N passed, N failed, N skipped' last and exits with 0 only when nothing failed
    and at least one test ran.

.PARAMETER Path
    Test files or folders; default: the folder of this script.

.PARAMETER ModulePath
    The built module folder (sets $env:STT_MODULE_PATH); default: <repo>/out/StreamingStt.

.PARAMETER ExcludeTag
    Tags to leave out (the Wine host leaves out 'LinuxOnly').

.PARAMETER ResultPath
    Where to write an NUnit XML result; none when empty (the Wine host cannot write it).
#>
[CmdletBinding()]
param(
    [string[]] $Path = @($PSScriptRoot),
    [string] $ModulePath,
    [string[]] $ExcludeTag = @(),
    [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$pesterVersion = '5.7.1'

function Find-PinnedPester {
    $packageRoot = $env:NUGET_PACKAGES
    if ([string]::IsNullOrEmpty($packageRoot)) {
        $packageRoot = Join-Path -Path (Join-Path -Path ([Environment]::GetFolderPath('UserProfile')) -ChildPath '.nuget') -ChildPath 'packages'
    }
    $fromNuGet = Join-Path -Path $packageRoot -ChildPath "pester/$pesterVersion/tools/Pester.psd1"
    if (Test-Path -LiteralPath $fromNuGet -PathType Leaf) {
        return $fromNuGet
    }
    $installed = @(Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -eq [version] $pesterVersion })
    if ($installed.Count -gt 0) {
        return $installed[0].Path
    }
    throw "Pester $pesterVersion was found neither at '$fromNuGet' nor among the installed modules. Run 'dotnet restore StreamingStt.slnx' (it downloads Pester through a PackageDownload)."
}

# `pwsh -File` passes "a,b" as one string: accept comma-separated lists there too.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

if ($ModulePath) {
    $env:STT_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
}

Import-Module -Name (Find-PinnedPester) -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ($ExcludeTag.Count -gt 0) {
    $configuration.Filter.ExcludeTag = $ExcludeTag
}
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
}

$result = Invoke-Pester -Configuration $configuration
# Failed containers (a BeforeAll that threw, a file that does not parse) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host ('pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $failed, $result.SkippedCount)
if ($failed -gt 0) {
    exit 1
}
if ($result.PassedCount -eq 0) {
    Write-Host 'pester: no test ran'
    exit 1
}
exit 0
