# Copyright (c) StreamingStt contributors. MIT License.
#
# Every PowerShell file of the repository (.ps1, .psm1, .psd1; git-tracked when git is there,
# without node_modules, bin, obj and out) parses under the PowerShell running the tests, calls
# no command by an alias, and names the functions it defines Verb-Noun with an approved verb.
# Aliases hide what runs, and some exist only on Windows (on Linux `sort` or `ls` would run
# the native program instead).

BeforeDiscovery {
    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $excluded = '(^|[\\/])(node_modules|bin|obj|out)([\\/]|$)'
    $relativePaths = @()
    $git = Get-Command -Name git -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($git) {
        $relativePaths = @(& $git.Source -C $repoRoot ls-files -- '*.ps1' '*.psm1' '*.psd1' 2>$null)
        if ($LASTEXITCODE -ne 0) { $relativePaths = @() }
    }
    if ($relativePaths.Count -eq 0) {
        # No git (or not a clone): every such file under the repository.
        $relativePaths = @(Get-ChildItem -LiteralPath $repoRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
                ForEach-Object { $_.FullName.Substring($repoRoot.Length + 1) })
    }
    $scriptFiles = @($relativePaths | Where-Object { $_ -notmatch $excluded } | Sort-Object |
            ForEach-Object { @{ RelativePath = $_ -replace '\\', '/'; FullPath = Join-Path -Path $repoRoot -ChildPath $_ } })
}

Describe 'PowerShell scripts of the repository' {
    BeforeAll {
        # Aliases PowerShell defines on Windows only; on Linux and macOS these names run native programs.
        $windowsOnlyAliases = @(
            'ac', 'cat', 'clear', 'compare', 'cp', 'cpp', 'diff', 'kill', 'lp', 'ls', 'man', 'mount', 'mv', 'ps',
            'rm', 'rmdir', 'sleep', 'sort', 'start', 'tee', 'write', 'cnsn', 'dnsn', 'gwmi', 'iwmi', 'rwmi', 'swmi', 'spwmi'
        )
        $approvedVerbs = @(Get-Verb | ForEach-Object { $_.Verb })
        # One lookup table: Get-Alias per command would make this file slow.
        $aliases = @{}
        Get-Alias | ForEach-Object { $aliases[$_.Name] = $_ }

        function Get-ScriptProblem {
            <# Parse errors, commands called by an alias, and functions without an approved Verb-Noun name. #>
            param([Parameter(Mandatory)] [string] $Path)
            $tokens = $null
            $parseErrors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $parseErrors)
            foreach ($parseError in $parseErrors) {
                "line $($parseError.Extent.StartLineNumber): does not parse: $($parseError.Message)"
            }
            if ($parseErrors.Count -gt 0) { return }

            $functionNames = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) |
                    ForEach-Object { $_.Name })
            $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
            foreach ($command in $commands) {
                $name = $command.GetCommandName()
                if (-not $name -or $name -in $functionNames) { continue }
                $alias = $aliases[$name]
                if ($alias) {
                    "line $($command.Extent.StartLineNumber): '$name' is an alias; write $($alias.ResolvedCommandName)"
                }
                elseif ($name -in $windowsOnlyAliases) {
                    "line $($command.Extent.StartLineNumber): '$name' is a Windows-only alias (elsewhere a native program); write the cmdlet"
                }
            }

            foreach ($function in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
                $verb = if ($function.Name -match '^([A-Za-z]+)-[A-Za-z0-9]+$') { $Matches[1] } else { $null }
                if (-not $verb) {
                    "line $($function.Extent.StartLineNumber): function '$($function.Name)' is not named Verb-Noun"
                }
                elseif ($verb -notin $approvedVerbs) {
                    "line $($function.Extent.StartLineNumber): function '$($function.Name)' uses '$verb', which is not an approved verb (Get-Verb)"
                }
            }
        }
    }

    It 'found the repository''s scripts' {
        $scriptFiles.Count | Should -BeGreaterThan 3
        ($scriptFiles | ForEach-Object { $_.RelativePath }) | Should -Contain 'build.ps1'
    } -TestCases @{ scriptFiles = $scriptFiles }

    It '<RelativePath> parses, uses no aliases and only approved verbs' -ForEach $scriptFiles {
        $problems = @(Get-ScriptProblem -Path $FullPath)
        $problems -join [Environment]::NewLine | Should -BeNullOrEmpty
    }

    It 'the check itself finds a parse error, an alias, a Windows-only alias and an unapproved verb' {
        $probe = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('StreamingStt.Hygiene.' + [guid]::NewGuid().ToString('N') + '.ps1')
        try {
            Set-Content -LiteralPath $probe -Encoding UTF8 -Value @'
function Fetch-Thing { Get-ChildItem | % { $_ } | sort Name }
function helper { Get-ChildItem | ForEach-Object { $_.Name } }
'@
            $problems = @(Get-ScriptProblem -Path $probe)
            $problems | Should -HaveCount 4
            ($problems -join "`n") | Should -Match "'%' is an alias"
            ($problems -join "`n") | Should -Match "'sort' is"
            ($problems -join "`n") | Should -Match "uses 'Fetch', which is not an approved verb"
            ($problems -join "`n") | Should -Match "'helper' is not named Verb-Noun"

            Set-Content -LiteralPath $probe -Encoding UTF8 -Value 'if ($true) { Write-Output 1'
            @(Get-ScriptProblem -Path $probe)[0] | Should -Match 'does not parse'
        }
        finally {
            Remove-Item -LiteralPath $probe -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Documentation text of the repository' {
    # The help pages and about_ topics are compiled into the module's help: a stray control
    # character (a `\a` typed where `.\a...` was meant becomes a bell byte) ships to every user.
    It 'holds no control characters other than tab, CR and LF' {
        $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
        $pages = @(Get-ChildItem -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'docs') -Filter '*.md' -File) +
            @(Get-Item -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'README.md'), (Join-Path -Path $repoRoot -ChildPath 'CHANGELOG.md'))
        $pages.Count | Should -BeGreaterThan 10
        $found = foreach ($page in $pages) {
            $lineNumber = 0
            foreach ($line in [System.IO.File]::ReadAllLines($page.FullName)) {
                $lineNumber++
                if ($line -match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]') { '{0}:{1}' -f $page.Name, $lineNumber }
            }
        }
        $found | Should -BeNullOrEmpty -Because 'control characters in a help page reach the compiled help'
    }
}
