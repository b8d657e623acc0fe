# Copyright (c) StreamingStt contributors. MIT License.
#
# Source manifest: build.ps1 stamps the version placeholder from Directory.Build.props, and the release
# notes placeholder from that version's section of CHANGELOG.md, into the copy
# under out/StreamingStt/. Exports are explicit; tests/StreamingStt.Engine.Tests/Contract checks
# CmdletsToExport against the [Cmdlet] classes in StreamingStt.Commands.dll.
@{
    RootModule             = 'StreamingStt.Commands.dll'
    ModuleVersion          = '{{ModuleVersion}}'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '5c1c3f6e-2f8e-4d8e-9a57-7d0f3c1b9e21'
    Author                 = 'StreamingStt contributors'
    CompanyName            = 'StreamingStt contributors'
    Copyright              = '(c) StreamingStt contributors. MIT License.'
    Description            = 'Streams audio to real-time speech-to-text services (AssemblyAI Universal-Streaming, Deepgram, Speechmatics) and writes the transcript to the pipeline as Turn objects, in the foreground or as background jobs.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('StreamingStt.format.ps1xml')
    CmdletsToExport        = @(
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
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('SpeechToText', 'STT', 'Transcription', 'Streaming', 'AssemblyAI', 'Deepgram', 'Speechmatics', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/StreamingStt/StreamingStt'
            # build.ps1 replaces this with the CHANGELOG.md section of the version being built.
            ReleaseNotes = '{{ReleaseNotes}}'
        }
    }
}
