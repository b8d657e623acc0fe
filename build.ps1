#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the StreamingStt module into out/StreamingStt, and optionally tests and packages it.

.DESCRIPTION
    1. Reads ModuleVersion from Directory.Build.props.
    2. Publishes src/StreamingStt.Commands to a temporary folder.
    3. Copies a fixed list of files into out/StreamingStt: the two assemblies and NAudio 2.2.1, the format file,
       the manifest (version and CHANGELOG.md release notes stamped), README.md, LICENSE, en-US/about_*.help.txt generated from
       docs/about_*.md, and en-US/StreamingStt.Commands.dll-Help.xml compiled from the cmdlet
       pages in docs/ by tools/StreamingStt.HelpCompiler (no platyPS needed); a page error fails
       the build with its file and line.
    4. Copies the Windows PowerShell 5.1 dependency allow-list into out/StreamingStt/dependencies
       (NAudio.WinMM's Microsoft.Win32.Registry and its dependencies as their net461 builds);
       fails if any of them is missing.
    5. Runs Test-ModuleManifest.
    -Test    then runs `dotnet test StreamingStt.slnx` and the Pester tests in tests/Pester, in a
             child PowerShell process, against out/StreamingStt ($env:STT_MODULE_PATH).
    -Package then zips out/StreamingStt into out/StreamingStt-<version>.zip and publishes it with
             PSResourceGet (Publish-PSResource) into the local folder repository out/repository, as the
             .nupkg the PowerShell Gallery would hold.

.PARAMETER Configuration
    Debug or Release (default). Debug also copies the .pdb files.

.PARAMETER Test
    Run the .NET tests and the Pester tests after building.

.PARAMETER Package
    Zip the built module and publish out/repository/StreamingStt.<version>.nupkg.

.PARAMETER Clean
    Delete out/ before building.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Clean -Test -Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Test,
    [switch] $Package,
    [switch] $Clean
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$outRoot = Join-Path $root 'out'
$moduleDir = Join-Path $outRoot 'StreamingStt'
$commandsProject = Join-Path (Join-Path $root 'src') 'StreamingStt.Commands'
$helpCompilerProject = Join-Path (Join-Path $root 'tools') 'StreamingStt.HelpCompiler'
$docsDir = Join-Path $root 'docs'

# Windows capture (NAudio 2.2.1, netstandard2.0, strong-named): in the module root, where both
# PowerShell 7 and Windows PowerShell 5.1 find them next to StreamingStt.Engine.dll. The build
# checks each one is version 2.2.1.0 (3.x is net9.0 only and would not load in either).
$moduleDependencies = @(
    'NAudio.Core.dll'
    'NAudio.Wasapi.dll'
    'NAudio.WinMM.dll'
)
$naudioAssemblyVersion = '2.2.1.0'

# The assemblies System.Text.Json 8.0 needs on .NET Framework. PowerShell 7 has its own copies;
# these go to dependencies/ (never the module root) and are loaded only on Windows PowerShell 5.1.
# src/StreamingStt.Commands/Infrastructure/ModuleInitializer.cs resolves the same names.
$desktopDependencies = @(
    'System.Text.Json.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
    'System.Buffers.dll'
    'System.Memory.dll'
    'System.Numerics.Vectors.dll'
    'System.Runtime.CompilerServices.Unsafe.dll'
    'System.Text.Encodings.Web.dll'
    'System.Threading.Tasks.Extensions.dll'
)

# What NAudio.WinMM references (Microsoft.Win32.Registry 4.7.0 and its dependencies), also for
# dependencies/ and 5.1 only, but taken from each package's lib/net461 folder: the netstandard2.0
# builds dotnet publish copies are stubs that throw PlatformNotSupportedException, while the
# net461 builds forward to the .NET Framework's own types.
$desktopFrameworkDependencies = @(
    'Microsoft.Win32.Registry.dll'
    'System.Security.AccessControl.dll'
    'System.Security.Principal.Windows.dll'
)

# The cmdlets whose docs/<name>.md pages are compiled into the MAML file, in this order (docs/ also
# holds pages that are not cmdlet help). Engine.Tests/Help checks this list against the cmdlets.
$cmdletHelpCommands = @(
    'Start-SttSession'
    'Receive-SttTurn'
    'Stop-SttSession'
    'Get-SttSession'
    'Remove-SttSession'
    'New-SttToken'
    'Get-SttAudioDevice'
    'Set-SttSession'
    'Complete-SttTurn'
    'ConvertTo-SttSubtitle'
    'Export-SttSubtitle'
)

function Invoke-Native {
    # Runs an external program, shows its output, and throws when it exits non-zero. Native stderr
    # is not turned into error records (Windows PowerShell 5.1 would stop on the first line).
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    if (-not (Get-Command -Name $FilePath -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "$FilePath was not found. Install it or put it on PATH."
    }
    Write-Verbose ("> {0} {1}" -f $FilePath, ($ArgumentList -join ' '))
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        & $FilePath @ArgumentList | Out-Host
        $exitCode = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previous
    }
    if ($exitCode -ne 0) {
        throw ("{0} {1} failed with exit code {2}." -f $FilePath, ($ArgumentList -join ' '), $exitCode)
    }
}

function Get-ModuleVersion {
    $propsPath = Join-Path $root 'Directory.Build.props'
    [xml] $props = Get-Content -Raw -LiteralPath $propsPath
    $node = $props.SelectSingleNode('/Project/PropertyGroup/ModuleVersion')
    if ($null -eq $node -or [string]::IsNullOrWhiteSpace($node.InnerText)) {
        throw "No <ModuleVersion> in $propsPath."
    }
    $text = $node.InnerText.Trim()
    $parsed = $null
    if (-not [version]::TryParse($text, [ref] $parsed)) {
        throw "ModuleVersion '$text' in $propsPath is not a version (like 1.2.3)."
    }
    return $text
}

function Get-ReleaseNotes {
    # The "## <version>" section of CHANGELOG.md, for the manifest's ReleaseNotes (the gallery shows it).
    param([Parameter(Mandatory = $true)] [string] $Version)
    $changelogPath = Join-Path $root 'CHANGELOG.md'
    $lines = @(Get-Content -LiteralPath $changelogPath -Encoding UTF8)
    $start = -1
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^## ' -and $lines[$i].Substring(3).Trim() -eq $Version) { $start = $i + 1; break }
    }
    if ($start -lt 0) {
        throw "CHANGELOG.md has no '## $Version' section: add one with this release's notes."
    }
    $section = New-Object System.Collections.Generic.List[string]
    for ($i = $start; $i -lt $lines.Count -and $lines[$i] -notmatch '^## '; $i++) {
        $section.Add($lines[$i])
    }
    return ($section -join "`n").Trim()
}

function Get-FrameworkBuildPath {
    # The lib/net461 file of a package the engine restored, found through obj/project.assets.json.
    param([Parameter(Mandatory = $true)] [string] $FileName)
    $assetsPath = Join-Path (Join-Path (Join-Path (Join-Path $root 'src') 'StreamingStt.Engine') 'obj') 'project.assets.json'
    if (-not (Test-Path -LiteralPath $assetsPath -PathType Leaf)) {
        throw "Missing build input: $assetsPath (dotnet publish restores it)."
    }
    $assets = Get-Content -Raw -LiteralPath $assetsPath | ConvertFrom-Json
    $relative = 'lib/net461/' + $FileName
    foreach ($library in $assets.libraries.PSObject.Properties) {
        if (@($library.Value.files) -notcontains $relative) { continue }
        foreach ($folder in $assets.packageFolders.PSObject.Properties.Name) {
            $candidate = Join-Path (Join-Path $folder $library.Value.path) $relative
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
        }
    }
    throw "No restored package has $relative for $FileName. Check the NAudio.WinMM reference in src/StreamingStt.Engine (it brings Microsoft.Win32.Registry)."
}

function Copy-Required {
    param([Parameter(Mandatory = $true)] [string] $Source, [Parameter(Mandatory = $true)] [string] $Destination)
    if (-not (Test-Path -LiteralPath $Source -PathType Leaf)) {
        throw "Missing build input: $Source"
    }
    Copy-Item -LiteralPath $Source -Destination $Destination -Force
}

function Convert-MarkdownToHelpText {
    # docs/about_*.md -> about_*.help.txt: headings become upper-case section titles, text is
    # indented, code fences are dropped and their content indented further, inline markup removed.
    param([Parameter(Mandatory = $true)] [string] $Path)
    $lines = Get-Content -LiteralPath $Path -Encoding UTF8
    $builder = New-Object System.Text.StringBuilder
    $inCode = $false
    foreach ($line in $lines) {
        if ($line -match '^\s*```') {
            $inCode = -not $inCode
            continue
        }
        if ($inCode) {
            [void] $builder.AppendLine(('        ' + $line).TrimEnd())
            continue
        }
        if ($line -match '^# (.+)$') {
            [void] $builder.AppendLine('TOPIC')
            [void] $builder.AppendLine('    ' + $Matches[1].Trim())
            continue
        }
        if ($line -match '^## (.+)$') {
            [void] $builder.AppendLine()
            [void] $builder.AppendLine($Matches[1].Trim().ToUpperInvariant())
            continue
        }
        if ($line -match '^#{3,} (.+)$') {
            [void] $builder.AppendLine()
            [void] $builder.AppendLine('  ' + $Matches[1].Trim().ToUpperInvariant())
            continue
        }
        $text = $line -replace '`', '' -replace '\*\*', '' -replace '\[([^\]]+)\]\([^)]+\)', '$1'
        if ($text.Trim().Length -eq 0) {
            [void] $builder.AppendLine()
        }
        else {
            [void] $builder.AppendLine('    ' + $text.TrimEnd())
        }
    }
    return $builder.ToString()
}

function Write-Utf8File {
    param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Text, [switch] $Bom)
    # The same bytes from Windows PowerShell 5.1 and PowerShell 7 (Set-Content's defaults differ).
    $encoding = New-Object System.Text.UTF8Encoding ([bool] $Bom)
    [System.IO.File]::WriteAllText($Path, $Text, $encoding)
}

function Publish-ModulePackage {
    # The .nupkg the PowerShell Gallery would hold, published by PSResourceGet into a local folder
    # repository (out/repository), from which Install-PSResource installs it as users would
    # (tests/Pester/Package.Tests.ps1 does).
    if (-not (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue)) {
        throw 'Publish-PSResource was not found: packaging needs PSResourceGet (Microsoft.PowerShell.PSResourceGet), which ships with PowerShell 7.4 and later.'
    }
    $repositoryDir = Join-Path $outRoot 'repository'
    $null = New-Item -ItemType Directory -Path $repositoryDir -Force
    $nupkgPath = Join-Path $repositoryDir ("StreamingStt.$version.nupkg")
    if (Test-Path -LiteralPath $nupkgPath) {
        Remove-Item -LiteralPath $nupkgPath -Force
    }
    # A uniquely named repository, registered only for the publish, so the user's own repository
    # list is left as it was.
    $repositoryName = 'StreamingSttBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repositoryName -Uri $repositoryDir -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $repositoryName
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    if (-not (Test-Path -LiteralPath $nupkgPath -PathType Leaf)) {
        throw "Publish-PSResource did not write $nupkgPath."
    }
    Write-Host "Published $nupkgPath (install: Register-PSResourceRepository -Name local -Uri '$repositoryDir' -Trusted; Install-PSResource StreamingStt -Repository local)"
}

# ---------------------------------------------------------------------------------------------
$version = Get-ModuleVersion
Write-Host "StreamingStt $version ($Configuration)"

if ($Clean -and (Test-Path -LiteralPath $outRoot)) {
    Write-Host "Removing $outRoot"
    Remove-Item -LiteralPath $outRoot -Recurse -Force
}

# 1. Publish into a temporary folder, so only the files named below reach the module.
$publishDir = Join-Path ([System.IO.Path]::GetTempPath()) ('StreamingStt-publish-' + [guid]::NewGuid().ToString('N'))
$helpCompilerDir = Join-Path ([System.IO.Path]::GetTempPath()) ('StreamingStt-helpcompiler-' + [guid]::NewGuid().ToString('N'))
try {
    Invoke-Native -FilePath 'dotnet' -ArgumentList @('publish', $commandsProject, '-c', $Configuration, '-o', $publishDir, '--nologo')

    # 2. Lay out out/StreamingStt from scratch.
    if (Test-Path -LiteralPath $moduleDir) {
        Remove-Item -LiteralPath $moduleDir -Recurse -Force
    }
    $helpDir = Join-Path $moduleDir 'en-US'
    $dependencyDir = Join-Path $moduleDir 'dependencies'
    New-Item -ItemType Directory -Path $moduleDir, $helpDir, $dependencyDir -Force | Out-Null

    $assemblies = @('StreamingStt.Commands.dll', 'StreamingStt.Engine.dll')
    foreach ($name in $assemblies) {
        Copy-Required -Source (Join-Path $publishDir $name) -Destination $moduleDir
        if ($Configuration -eq 'Debug') {
            $pdb = [System.IO.Path]::ChangeExtension($name, '.pdb')
            Copy-Required -Source (Join-Path $publishDir $pdb) -Destination $moduleDir
        }
    }
    foreach ($name in $moduleDependencies) {
        $source = Join-Path $publishDir $name
        Copy-Required -Source $source -Destination $moduleDir
        $assemblyVersion = [System.Reflection.AssemblyName]::GetAssemblyName($source).Version.ToString()
        if ($name -like 'NAudio.*' -and $assemblyVersion -ne $naudioAssemblyVersion) {
            throw "$name is version $assemblyVersion; the module needs $naudioAssemblyVersion (netstandard2.0). Check the NAudio references in src/StreamingStt.Engine."
        }
    }
    Copy-Required -Source (Join-Path $commandsProject 'StreamingStt.format.ps1xml') -Destination $moduleDir
    Copy-Required -Source (Join-Path $root 'README.md') -Destination $moduleDir
    Copy-Required -Source (Join-Path $root 'LICENSE') -Destination $moduleDir

    # The manifest, with the version stamped in.
    $manifestSource = Join-Path $root 'StreamingStt.psd1'
    if (-not (Test-Path -LiteralPath $manifestSource -PathType Leaf)) {
        throw "Missing build input: $manifestSource"
    }
    $manifestText = [System.IO.File]::ReadAllText($manifestSource)
    if ($manifestText.IndexOf('{{ModuleVersion}}') -lt 0) {
        throw "$manifestSource has no {{ModuleVersion}} placeholder."
    }
    $manifestPath = Join-Path $moduleDir 'StreamingStt.psd1'
    if ($manifestText.IndexOf('{{ReleaseNotes}}') -lt 0) {
        throw "$manifestSource has no {{ReleaseNotes}} placeholder."
    }
    # Single-quoted in the manifest: double the quotes of the notes.
    $releaseNotes = (Get-ReleaseNotes -Version $version).Replace("'", "''")
    $manifestText = $manifestText.Replace('{{ModuleVersion}}', $version).Replace('{{ReleaseNotes}}', $releaseNotes)
    Write-Utf8File -Path $manifestPath -Text $manifestText -Bom

    # 3. Help: about topics and cmdlet help.
    $aboutPages = @(Get-ChildItem -LiteralPath $docsDir -Filter 'about_*.md' -File)
    if ($aboutPages.Count -eq 0) {
        throw "No about_*.md in $docsDir."
    }
    foreach ($page in $aboutPages) {
        $target = Join-Path $helpDir ($page.BaseName + '.help.txt')
        Write-Utf8File -Path $target -Text (Convert-MarkdownToHelpText -Path $page.FullName) -Bom
    }

    # Cmdlet help: tools/StreamingStt.HelpCompiler, built once and run as a dll (no `dotnet run`
    # and its '--' separator to pass through native argument handling). A page error makes it
    # print "file:line: problem" and exit non-zero, which Invoke-Native turns into a build failure.
    Invoke-Native -FilePath 'dotnet' -ArgumentList @('build', $helpCompilerProject, '-c', $Configuration, '-o', $helpCompilerDir, '--nologo')
    $helpCompilerDll = Join-Path $helpCompilerDir 'StreamingStt.HelpCompiler.dll'
    if (-not (Test-Path -LiteralPath $helpCompilerDll -PathType Leaf)) {
        throw "dotnet build did not produce $helpCompilerDll."
    }
    Invoke-Native -FilePath 'dotnet' -ArgumentList @($helpCompilerDll, '--docs', $docsDir, '--out', $helpDir, '--commands', ($cmdletHelpCommands -join ','))
    if (-not (Test-Path -LiteralPath (Join-Path $helpDir 'StreamingStt.Commands.dll-Help.xml') -PathType Leaf)) {
        throw 'The help compiler did not produce en-US/StreamingStt.Commands.dll-Help.xml; check "external help file" in the front matter of the cmdlet pages in docs/.'
    }

    # 4. Windows PowerShell 5.1 dependencies, from the allow-list only.
    $missing = @($desktopDependencies | Where-Object { -not (Test-Path -LiteralPath (Join-Path $publishDir $_) -PathType Leaf) })
    if ($missing.Count -gt 0) {
        throw ("dotnet publish did not produce these dependencies: {0}. Check the System.Text.Json reference in src/StreamingStt.Engine." -f ($missing -join ', '))
    }
    foreach ($name in $desktopDependencies) {
        Copy-Item -LiteralPath (Join-Path $publishDir $name) -Destination $dependencyDir -Force
    }
    foreach ($name in $desktopFrameworkDependencies) {
        if (-not (Test-Path -LiteralPath (Join-Path $publishDir $name) -PathType Leaf)) {
            throw "dotnet publish no longer produces ${name}: if NAudio.WinMM stopped needing it, take it off the dependency lists (build.ps1, ModuleInitializer)."
        }
        Copy-Item -LiteralPath (Get-FrameworkBuildPath -FileName $name) -Destination $dependencyDir -Force
    }
}
finally {
    foreach ($temporaryDir in $publishDir, $helpCompilerDir) {
        if (Test-Path -LiteralPath $temporaryDir) {
            Remove-Item -LiteralPath $temporaryDir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

# 5. The manifest must load and point at files that exist.
$manifest = Test-ModuleManifest -Path $manifestPath
if ($manifest.Version.ToString() -ne ([version] $version).ToString()) {
    throw "The built manifest says version $($manifest.Version), Directory.Build.props says $version."
}
Write-Host "Built $moduleDir"

# ---------------------------------------------------------------------------------------------
# The gallery package comes before the tests, which install it (PSResourceGet is not in Windows
# PowerShell 5.1 by default: there the package test is left to the PowerShell 7 jobs).
if ($Package -or ($Test -and (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue))) {
    Publish-ModulePackage
}

if ($Test) {
    Invoke-Native -FilePath 'dotnet' -ArgumentList @('test', (Join-Path $root 'StreamingStt.slnx'), '-c', $Configuration, '--nologo')

    $pesterDir = Join-Path (Join-Path $root 'tests') 'Pester'
    $pesterFiles = @()
    if (Test-Path -LiteralPath $pesterDir) {
        $pesterFiles = @(Get-ChildItem -LiteralPath $pesterDir -Filter '*.Tests.ps1' -File -Recurse)
    }
    if ($pesterFiles.Count -eq 0) {
        throw "No *.Tests.ps1 under $pesterDir."
    }

    # A child process, so the module under test is loaded fresh and can be rebuilt afterwards
    # (a loaded binary module cannot be unloaded), and on the same edition as this one.
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        $shell = Join-Path $PSHOME 'powershell.exe'
    }
    elseif ($IsWindows) {
        $shell = Join-Path $PSHOME 'pwsh.exe'
    }
    else {
        $shell = Join-Path $PSHOME 'pwsh'
    }

    # tests/Pester/Invoke-PesterSuite.ps1 imports the pinned Pester (5.7.1) and prints its counts.
    $resultPath = Join-Path $outRoot ('pester-' + $PSVersionTable.PSEdition + '.xml')
    $suite = Join-Path $pesterDir 'Invoke-PesterSuite.ps1'
    Invoke-Native -FilePath $shell -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $suite, '-ModulePath', $moduleDir, '-ResultPath', $resultPath)
    Write-Host 'All tests passed.'
}

if ($Package) {
    $zipPath = Join-Path $outRoot ("StreamingStt-$version.zip")
    if (Test-Path -LiteralPath $zipPath) {
        Remove-Item -LiteralPath $zipPath -Force
    }
    # Windows PowerShell 5.1 does not load these by default; PowerShell 7 already has them.
    foreach ($assembly in 'System.IO.Compression', 'System.IO.Compression.FileSystem') {
        try { Add-Type -AssemblyName $assembly } catch { Write-Verbose "Add-Type $assembly`: $_" }
    }
    # includeBaseDirectory: the zip holds StreamingStt/..., ready to extract into a Modules folder.
    [System.IO.Compression.ZipFile]::CreateFromDirectory($moduleDir, $zipPath, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Packaged $zipPath"
}
