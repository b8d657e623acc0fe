# Copyright (c) StreamingStt contributors. MIT License.
#
# Every example Get-Help shows for a StreamingStt cmdlet is code a user can paste: it parses, and
# every command it names exists and takes the parameters the example gives it (static binding, so
# nothing runs). Where a StreamingStt cmdlet's output flows into Select-Object, Format-*,
# Where-Object or ForEach-Object, or a member is read off it, the property names are checked against
# the cmdlet's [OutputType]. The help's code also holds the page's "Output" blocks (as platyPS
# writes it); those are sample output, found in docs/<cmdlet>.md and left out of the check.

BeforeDiscovery {
    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $cmdletNames = @((Import-PowerShellDataFile -Path (Join-Path -Path $repoRoot -ChildPath 'StreamingStt.psd1')).CmdletsToExport)
}

Describe 'Get-Help -Examples' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop
        $docsFolder = Join-Path -Path (Get-SttRepoRoot) -ChildPath 'docs'

        # Programs, and commands of modules this machine need not have, that examples may name.
        $externalCommands = @('ffmpeg', 'pwsh', 'powershell', 'Get-Secret')
        # Commands that pass their input objects through unchanged, so the type flowing on is the same.
        $passThroughCommands = @('Where-Object', 'Sort-Object', 'Tee-Object', 'Wait-Job')
        # Commands whose -Property / -MemberName name properties of their input.
        $propertyCommands = @('Select-Object', 'Format-List', 'Format-Table', 'Where-Object', 'ForEach-Object', 'Sort-Object', 'Group-Object')

        function Get-OutputBlock {
            <# The ```Output blocks of a cmdlet's page: sample output, not code. #>
            param([string] $CommandName)
            $page = Get-Content -LiteralPath (Join-Path -Path $docsFolder -ChildPath "$CommandName.md") -Raw
            $page = $page -replace "`r`n", "`n"
            @([regex]::Matches($page, '(?ms)^```Output\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value })
        }

        function Get-ConstantName {
            <# The names in a -Property argument: string constants, also inside an array; nothing when not constant. #>
            param($Ast)
            if ($Ast -is [System.Management.Automation.Language.StringConstantExpressionAst]) { return $Ast.Value }
            if ($Ast -is [System.Management.Automation.Language.ArrayLiteralAst]) {
                $Ast.Elements | Where-Object { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] } | ForEach-Object { $_.Value }
            }
        }

        function Get-PipelineOutputType {
            <#
            The types a pipeline's last StreamingStt cmdlet writes, followed through pass-through commands;
            an empty list when it cannot be known statically.
            #>
            param([System.Management.Automation.Language.PipelineAst] $Pipeline, [int] $Before = [int]::MaxValue)
            $types = @()
            $index = 0
            foreach ($element in $Pipeline.PipelineElements) {
                if ($index -ge $Before) { break }
                $index++
                if ($element -isnot [System.Management.Automation.Language.CommandAst]) { $types = @(); continue }
                $name = $element.GetCommandName()
                $command = if ($name) { Get-Command -Name $name -ErrorAction SilentlyContinue } else { $null }
                if ($null -ne $command -and $command.ModuleName -eq 'StreamingStt') {
                    $types = @($command.OutputType | ForEach-Object { $_.Type } | Where-Object { $null -ne $_ })
                }
                elseif ($name -in $passThroughCommands) {
                    continue
                }
                elseif ($name -eq 'Select-Object') {
                    # -First/-Last/-Skip keep the objects; -Property and -ExpandProperty make new ones.
                    $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($element, $true)
                    if ($binding.BoundParameters.ContainsKey('Property') -or $binding.BoundParameters.ContainsKey('ExpandProperty')) { $types = @() }
                }
                else {
                    $types = @()
                }
            }
            , $types
        }

        function Test-HasMember {
            param([type[]] $Types, [string] $Name)
            foreach ($type in $Types) {
                if ($type.GetMember($Name, 'Public, Instance, IgnoreCase').Count -gt 0) { return $true }
            }
            $false
        }

        function Get-ExampleProblem {
            <# Everything wrong with one example's code: parse errors, unknown commands, parameters and properties. #>
            param([string] $Code, [string] $Where)
            $tokens = $null
            $parseErrors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $parseErrors)
            foreach ($parseError in $parseErrors) {
                "${Where}: does not parse: $($parseError.Message) (line $($parseError.Extent.StartLineNumber))"
            }
            if ($parseErrors.Count -gt 0) { return }

            $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
            foreach ($commandAst in $commands) {
                $name = $commandAst.GetCommandName()
                if (-not $name) { continue }   # & $scriptBlock and the like
                if ($name -in $externalCommands) {
                    # pwsh -Command "...": the quoted command is an example too.
                    if ($name -in 'pwsh', 'powershell') {
                        $elements = $commandAst.CommandElements
                        for ($i = 1; $i -lt $elements.Count - 1; $i++) {
                            if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and
                                $elements[$i].ParameterName -eq 'Command' -and
                                $elements[$i + 1] -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                                Get-ExampleProblem -Code $elements[$i + 1].Value -Where "$Where (pwsh -Command)"
                            }
                        }
                    }
                    continue
                }
                $command = Get-Command -Name $name -ErrorAction SilentlyContinue
                if ($null -eq $command) {
                    "${Where}: names '$name', which is not a command here"
                    continue
                }
                if ($command.CommandType -notin 'Cmdlet', 'Function', 'Alias') { continue }
                if ($command.CommandType -eq 'Alias') { "${Where}: uses the alias '$name' (write $($command.ResolvedCommandName))" }

                $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($commandAst, $true)
                foreach ($entry in $binding.BindingExceptions.GetEnumerator()) {
                    "${Where}: $name -$($entry.Key): $($entry.Value.BindingException.Message)"
                }

                # Property names given to a command that reads a StreamingStt object's properties.
                if ($name -in $propertyCommands -and $commandAst.Parent -is [System.Management.Automation.Language.PipelineAst]) {
                    $pipeline = $commandAst.Parent
                    $position = [array]::IndexOf(@($pipeline.PipelineElements), $commandAst)
                    $types = Get-PipelineOutputType -Pipeline $pipeline -Before $position
                    if ($types.Count -gt 0) {
                        foreach ($parameter in 'Property', 'MemberName') {
                            if (-not $binding.BoundParameters.ContainsKey($parameter)) { continue }
                            foreach ($property in @(Get-ConstantName -Ast $binding.BoundParameters[$parameter].Value)) {
                                if ($property -and -not [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($property) -and
                                    -not (Test-HasMember -Types $types -Name $property)) {
                                    "${Where}: $name names '$property', which $(($types | ForEach-Object { $_.FullName }) -join ' / ') does not have"
                                }
                            }
                        }
                    }
                }
            }

            # (Get-SttSession -Name X).Member: the member of what the cmdlet writes.
            $members = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.MemberExpressionAst] }, $true)
            foreach ($member in $members) {
                if ($member.Expression -isnot [System.Management.Automation.Language.ParenExpressionAst]) { continue }
                if ($member.Expression.Pipeline -isnot [System.Management.Automation.Language.PipelineAst]) { continue }
                if ($member.Member -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) { continue }
                $types = Get-PipelineOutputType -Pipeline $member.Expression.Pipeline
                if ($types.Count -gt 0 -and -not (Test-HasMember -Types $types -Name $member.Member.Value)) {
                    "${Where}: reads .$($member.Member.Value), which $(($types | ForEach-Object { $_.FullName }) -join ' / ') does not have"
                }
            }
        }
    }

    It '<_>: every example parses and names only commands, parameters and properties that exist' -ForEach $cmdletNames {
        $commandName = $_
        $examples = @((Get-Help -Name $commandName -Examples).examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $outputBlocks = Get-OutputBlock -CommandName $commandName

        $problems = @()
        foreach ($example in $examples) {
            $title = ($example.title -replace '^-+\s*', '' -replace '\s*-+$', '')
            $code = ([string] $example.code) -replace "`r`n", "`n"
            $code | Should -Not -BeNullOrEmpty -Because "$commandName '$title' has code"
            foreach ($block in $outputBlocks) {
                $code = $code.Replace("`n`n" + $block, '')
            }
            $problems += @(Get-ExampleProblem -Code $code -Where "$commandName '$title'")
        }
        $problems -join [Environment]::NewLine | Should -BeNullOrEmpty
    }

    It 'the check itself finds a misspelt parameter, an unknown command, a wrong property, an alias and a parse error' {
        # Proves the check can fail: each of these lines is a mistake an example could make.
        @(Get-ExampleProblem -Code 'Start-SttSession -Path a.wav -NoSuchParameter 1' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'Start-SttSession -Pro Deepgram' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'Get-SttTranscript -Path a.wav' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'Start-SttSession a.wav | Where-Object EndOfTurn | Select-Object Text' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code '(Get-SttSession -Name x).Status' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'Get-SttSession | Format-Table Id, Name, TurnCount, AudioSent' -Where 'probe').Count | Should -Be 0
        @(Get-ExampleProblem -Code 'Start-SttSession a.wav | % Transcript' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'ffmpeg -i a.m4a - | pwsh -Command "Start-SttSession -StdIn"' -Where 'probe').Count | Should -Be 1
        @(Get-ExampleProblem -Code 'Get-SttSession | Where-Object { $_.State -eq ''Running'' ' -Where 'probe').Count | Should -Be 1
    }
}
