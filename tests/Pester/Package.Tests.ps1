# Copyright (c) StreamingStt contributors. MIT License.
#
# The module as users get it: the .nupkg that build.ps1 publishes with PSResourceGet into the local
# folder repository out/repository (as the PowerShell Gallery would hold it) is installed into a
# throwaway user scope, imported by name in a fresh pwsh, and runs a session.

Describe 'The published package (PSResourceGet)' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        $manifest = Import-PowerShellDataFile -LiteralPath (Get-SttModuleManifest)
        $version = $manifest.ModuleVersion
        $repositoryDir = Join-Path -Path (Split-Path -Path (Split-Path -Path (Get-SttModuleManifest) -Parent) -Parent) -ChildPath 'repository'
        $nupkg = Join-Path -Path $repositoryDir -ChildPath "StreamingStt.$version.nupkg"

        # build.ps1 publishes the package only where PSResourceGet is (PowerShell 7.4+).
        $skipReason = $null
        if (-not (Get-Command -Name 'Install-PSResource' -ErrorAction SilentlyContinue)) {
            $skipReason = 'Needs PSResourceGet (Install-PSResource), which this PowerShell lacks (Windows PowerShell 5.1); the PowerShell 7 jobs run it.'
        }
        elseif (-not (Test-Path -LiteralPath $nupkg -PathType Leaf)) {
            throw "No ${nupkg}: build with ./build.ps1 -Package (or -Test), which publishes it."
        }

        $emulator = Start-SttEmulator
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'package.wav') -Seconds 5
        $userData = Join-Path -Path $folder -ChildPath 'home'
        $null = New-Item -Path $userData -ItemType Directory
    }

    AfterAll {
        Stop-SttEmulator -Emulator $emulator
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'carries what the gallery shows: version, description, project, release notes, tags, license' {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason; return }
        $nuspecText = & {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
            try {
                $entry = $zip.Entries | Where-Object { $_.FullName -eq 'StreamingStt.nuspec' }
                $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList $entry.Open()
                try { $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
            finally {
                $zip.Dispose()
            }
        }
        $nuspec = ([xml] $nuspecText).package.metadata
        $nuspec.version | Should -Be $version
        $nuspec.description | Should -BeLike '*speech-to-text*'
        $nuspec.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $nuspec.releaseNotes | Should -Not -BeNullOrEmpty
        $nuspec.releaseNotes | Should -Not -BeLike '*{{*'
        $nuspec.tags | Should -BeLike '*AssemblyAI*'
        $nuspec.licenseUrl | Should -Not -BeNullOrEmpty
    }

    It 'installs with PSResourceGet, imports by name in a fresh pwsh and streams a file' {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason; return }
        # Linux and macOS: PSResourceGet's CurrentUser scope, its repository list and that pwsh's user
        # module path all live under HOME, so a child pwsh with a throwaway HOME runs Install-PSResource
        # there and touches nothing of the user's. Windows keeps them in Documents and LocalAppData,
        # which a test must not touch: there the same package is saved into a throwaway module folder
        # put first on PSModulePath (Save-PSResource lays it out as Install-PSResource does).
        $modules = Join-Path -Path $userData -ChildPath 'Modules'
        $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
        if ($IsWindows) {
            $install = @(
                ('$null = New-Item -ItemType Directory -Path {0} -Force' -f (& $quote $modules))
                ('Save-PSResource -Name StreamingStt -Repository $repository -TrustRepository -Path {0} -Quiet' -f (& $quote $modules))
                ('$env:PSModulePath = {0} + [IO.Path]::PathSeparator + $env:PSModulePath' -f (& $quote $modules))
            )
        }
        else {
            $install = @('Install-PSResource -Name StreamingStt -Repository $repository -TrustRepository -Scope CurrentUser -Quiet')
        }
        $lines = @(
            '$ErrorActionPreference = "Stop"'
            '$ProgressPreference = "SilentlyContinue"'
            '$repository = "StreamingSttTest" + [guid]::NewGuid().ToString("N").Substring(0, 8)'
            ('Register-PSResourceRepository -Name $repository -Uri {0} -Trusted' -f (& $quote $repositoryDir))
            'try {'
        ) + $install + @(
            '} finally { Unregister-PSResourceRepository -Name $repository }'
            '$module = Import-Module -Name StreamingStt -PassThru'
            '"BASE=" + $module.ModuleBase'
            '"VERSION=" + $module.Version'
            '$key = ConvertTo-SecureString -String "test-key" -AsPlainText -Force'
            ('Start-SttSession -Path {0} -Endpoint {1} -ApiKey $key | Where-Object EndOfTurn | ForEach-Object {{ "TURN=" + $_.Transcript }}' -f (& $quote $wav), (& $quote $emulator.WsUrl))
        )
        $script = Join-Path -Path $folder -ChildPath 'install.ps1'
        $lines | Set-Content -LiteralPath $script -Encoding UTF8

        $savedHome = $env:HOME
        $savedDataHome = $env:XDG_DATA_HOME
        try {
            if (-not $IsWindows) {
                $env:HOME = $userData
                $env:XDG_DATA_HOME = $null
            }
            $output = @(& (Get-SttPwshPath) -NoProfile -NonInteractive -File $script 2>&1 | ForEach-Object { "$_" })
            $exit = $LASTEXITCODE
        }
        finally {
            $env:HOME = $savedHome
            $env:XDG_DATA_HOME = $savedDataHome
        }
        $text = $output -join [Environment]::NewLine
        $exit | Should -Be 0 -Because $text
        ($output | Where-Object { $_.StartsWith('BASE=') }) | Should -BeLike "BASE=$userData*StreamingStt*$version*"
        ($output | Where-Object { $_.StartsWith('VERSION=') }) | Should -Be "VERSION=$version"
        @($output | Where-Object { $_.StartsWith('TURN=') }) -join '|' | Should -Be 'TURN=Hello world.|TURN=How are you today?'
    }
}
