# Copyright (c) StreamingStt contributors. MIT License.
#
# New-SttToken -Endpoint takes the token service's base URL or its full token URL (what a user copies
# from the provider's documentation): both mint a token from each provider's emulator. A query or
# another provider's token URL is refused before anything is sent, naming the address to pass.

Describe 'New-SttToken -Endpoint: base or full token URL' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'StreamingStt.TestHelpers.psm1') -Force
        Import-Module -Name (Get-SttModuleManifest) -ErrorAction Stop
        $key = ConvertTo-SecureString -String 'test-key' -AsPlainText -Force
        $emulators = @{
            AssemblyAI   = Start-SttEmulator -Provider assemblyai
            Deepgram     = Start-SttEmulator -Provider deepgram
            Speechmatics = Start-SttEmulator -Provider speechmatics
        }
    }

    AfterAll {
        foreach ($emulator in $emulators.Values) { Stop-SttEmulator -Emulator $emulator }
    }

    It '<Provider>: the full token URL <Path> mints a token, as the base URL does' -ForEach @(
        @{ Provider = 'AssemblyAI'; Path = '/v3/token'; Seconds = 60 }
        @{ Provider = 'Deepgram'; Path = '/v1/auth/grant'; Seconds = 60 }
        @{ Provider = 'Speechmatics'; Path = '/v1/api_keys?type=rt'; Seconds = 60 }
    ) {
        $base = $emulators[$Provider].HttpUrl.TrimEnd('/')
        foreach ($endpoint in $base, ($base + $Path)) {
            $token = New-SttToken -Provider $Provider -Endpoint $endpoint -ApiKey $key -ExpiresInSeconds $Seconds
            $token.Provider | Should -Be $Provider
            $token.Token | Should -Not -BeNullOrEmpty
        }
    }

    It 'a query is refused with SttOptionInvalid, naming the token URL to pass and not repeating the query' {
        $base = $emulators.AssemblyAI.HttpUrl.TrimEnd('/')
        $caught = $null
        try { New-SttToken -Endpoint "$base/v3/token?code=s3cr3t" -ApiKey $key -ErrorAction Stop | Out-Null }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike "*'$base/v3/token'*"
        "$caught $($caught.ErrorDetails.RecommendedAction)" | Should -Not -BeLike '*s3cr3t*'
    }

    It 'another provider''s token URL is refused with SttOptionInvalid, naming that provider' {
        $base = $emulators.Deepgram.HttpUrl.TrimEnd('/')
        $caught = $null
        try { New-SttToken -Provider AssemblyAI -Endpoint "$base/v1/auth/grant" -ApiKey $key -ErrorAction Stop | Out-Null }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'SttOptionInvalid,*'
        $caught.Exception.Message | Should -BeLike "*Deepgram's token address*"
        # The engine names TemporaryTokenRequest.Provider and .Endpoint; New-SttToken's user reads its parameters.
        $caught.Exception.Message | Should -BeLike '*pass -Provider Deepgram,*'
        $caught.ErrorDetails.RecommendedAction | Should -BeLike "Pass -Provider Deepgram, or -Endpoint '*/v3/token'."
    }
}
