# Copyright (c) StreamingStt contributors. MIT License.
#
# Deepgram and Speechmatics through the same cmdlet, against their emulators: the same scripted
# speech ("Hello world." at 0.5 s, "How are you today?" at 3 s) gives the same end-of-turn turns
# as with AssemblyAI; parameters of another provider are refused up front.

Describe 'Start-SttSession with Deepgram and Speechmatics' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop

        $deepgram = Start-SttEmulator -Provider deepgram
        $speechmatics = Start-SttEmulator -Provider speechmatics
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $folder = New-SttTestFolder
        $wav = New-SttTestWave -Path (Join-Path -Path $folder -ChildPath 'tone.wav') -Seconds 5
        $expectedTranscripts = 'Hello world.|How are you today?'
    }

    AfterAll {
        Stop-SttEmulator -Emulator $deepgram
        Stop-SttEmulator -Emulator $speechmatics
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'Deepgram: Where-Object EndOfTurn gives the scripted transcripts with Deepgram parameters' {
        $turns = @(Start-SttSession -Provider Deepgram -Path $wav -Endpoint $deepgram.WsUrl -ApiKey $key `
                -Model nova-3 -InterimResults -Endpointing 300 -UtteranceEndMs 1000 -SmartFormat)

        foreach ($turn in $turns) { $turn.Provider | Should -Be 'Deepgram' }
        $finals = @($turns | Where-Object EndOfTurn)
        ($finals | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        $finals[0].TurnOrder | Should -Be 0
        $finals[1].TurnOrder | Should -Be 1
        $finals[0].SessionId | Should -Not -BeNullOrEmpty
    }

    It 'Speechmatics: Where-Object EndOfTurn gives the scripted transcripts with Speechmatics parameters' {
        $turns = @(Start-SttSession -Provider Speechmatics -Path $wav -Endpoint $speechmatics.WsUrl -ApiKey $key `
                -Language en -MaxDelay 2.0 -EnablePartials -EndOfUtteranceSilence 0.5)

        foreach ($turn in $turns) { $turn.Provider | Should -Be 'Speechmatics' }
        $finals = @($turns | Where-Object EndOfTurn)
        ($finals | ForEach-Object { $_.Transcript }) -join '|' | Should -Be $expectedTranscripts
        $finals[1].TurnOrder | Should -Be ($finals[0].TurnOrder + 1)
    }

    It 'New-SttToken -Provider <Provider> gives a token the same provider accepts' -ForEach @(
        @{ Provider = 'Deepgram'; Seconds = 30 }
        @{ Provider = 'Speechmatics'; Seconds = 60 }
    ) {
        $emulator = if ($Provider -eq 'Deepgram') { $deepgram } else { $speechmatics }
        $token = New-SttToken -Provider $Provider -Endpoint $emulator.HttpUrl -ApiKey $key -ExpiresInSeconds $Seconds
        $token.Provider | Should -Be $Provider

        $finals = @(Start-SttSession -Provider $Provider -Path $wav -Endpoint $emulator.WsUrl -Token $token | Where-Object EndOfTurn)
        $finals.Count | Should -Be 2
    }

    It 'refuses a parameter of another provider before connecting (SttOptionInvalid)' {
        $caught = $null
        try {
            Start-SttSession -Provider Deepgram -Path $wav -Endpoint $deepgram.WsUrl -ApiKey $key -FormatTurns -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike '*-FormatTurns (AssemblyAI)*'
    }

    It 'names each foreign parameter with the providers it belongs to, and not a parameter every provider has' {
        $caught = $null
        try {
            Start-SttSession -Provider AssemblyAI -Path $wav -Endpoint $deepgram.WsUrl -ApiKey $key -SmartFormat -MaxDelay 2 -Language en -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike 'These parameters do not apply to AssemblyAI: *'
        $caught.Exception.Message | Should -BeLike '*-SmartFormat (Deepgram)*'
        $caught.Exception.Message | Should -BeLike '*-MaxDelay (Speechmatics)*'
        $caught.Exception.Message | Should -BeLike '*-Language (Deepgram/Speechmatics)*'
        $caught.Exception.Message | Should -Not -BeLike '*-Path*'
    }

    It 'maps each provider-specific parameter in the option builder of exactly the providers its [ProviderParameter] names' {
        # The attribute beside each declaration is the one statement of which providers a parameter
        # applies to; the refusal check reads it at run time, and this test holds the option builder
        # (StartSttSessionCommand.Options.cs, one Configure<Provider> method each) to the same list,
        # so a parameter marked for a provider but never passed to it, or passed to a provider it is
        # refused for, fails here.
        $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
        $builderPath = Join-Path -Path $repoRoot -ChildPath 'src/StreamingStt.Commands/Commands/StartSttSessionCommand.Options.cs'
        $builder = [System.IO.File]::ReadAllText($builderPath)
        $providers = 'AssemblyAI', 'Deepgram', 'Speechmatics'
        $bodies = @{}
        foreach ($provider in $providers) {
            $match = [regex]::Match($builder, "private void Configure$provider\(.*?\n        }\n", 'Singleline')
            $match.Success | Should -BeTrue -Because "the option builder has one Configure$provider method"
            $bodies[$provider] = $match.Value
        }

        $attributeType = [StreamingStt.Commands.Infrastructure.ProviderParameterAttribute]
        $marked = @([StreamingStt.Commands.StartSttSessionCommand].GetProperties() |
                Where-Object { [System.Attribute]::IsDefined($_, $attributeType) })
        $marked.Count | Should -BeGreaterThan 30
        $mismatches = foreach ($parameter in $marked) {
            $declared = @($parameter.GetCustomAttributes($attributeType, $true)[0].Providers | ForEach-Object { "$_" })
            $mapped = @($providers | Where-Object { $bodies[$_] -match "\b$($parameter.Name)\b" })
            if ((@($declared | Sort-Object) -join ',') -ne (@($mapped | Sort-Object) -join ',')) {
                '-{0}: marked for {1}, mapped for {2}' -f $parameter.Name, ($declared -join '/'), $(if ($mapped) { $mapped -join '/' } else { 'none' })
            }
        }
        $mismatches | Should -BeNullOrEmpty
    }

    It 'New-SttToken refuses an AssemblyAI-only parameter for another provider before any request' {
        $caught = $null
        try {
            New-SttToken -Provider Deepgram -ApiKey $key -Region EU -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -Be 'SttOptionInvalid,StreamingStt.Commands.NewSttTokenCommand'
        $caught.Exception.Message | Should -BeLike '*not apply to Deepgram tokens: -Region (AssemblyAI)*'
    }

    It 'refuses -UtteranceEndMs without -InterimResults (Deepgram needs interim results for it)' {
        $caught = $null
        try {
            Start-SttSession -Provider Deepgram -Path $wav -Endpoint $deepgram.WsUrl -ApiKey $key -UtteranceEndMs 1000 -ErrorAction Stop | Out-Null
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
    }
}
