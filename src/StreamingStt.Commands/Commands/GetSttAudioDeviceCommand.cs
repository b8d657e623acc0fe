// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio.Capture;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Lists the audio capture devices (microphones, line-in, virtual devices) Start-SttSession
    /// can record from, with the platform API that reaches them.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SttAudioDevice", DefaultParameterSetName = NameParameterSet)]
    [OutputType(typeof(AudioDevice))]
    public sealed class GetSttAudioDeviceCommand : PSCmdlet
    {
        private const string NameParameterSet = "Name";
        private const string DefaultParameterSet = "Default";

        /// <summary>Only devices whose Name or Id matches; wildcards are allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = NameParameterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AudioDeviceCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the device used when Start-SttSession gets no -Device.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefaultParameterSet)]
        public SwitchParameter Default { get; set; }

        protected override void EndProcessing()
        {
            IReadOnlyList<AudioDevice> devices;
            try
            {
                devices = AudioCapture.ListDevices();
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
                return;
            }

            if (Default.IsPresent)
            {
                AudioDevice? device = devices.FirstOrDefault(d => d.IsDefault) ?? (devices.Count > 0 ? devices[0] : null);
                if (device is not null) WriteObject(device);
                return;
            }

            if (Name is null)
            {
                foreach (AudioDevice device in devices) WriteObject(device);
                return;
            }

            var written = new HashSet<int>();
            foreach (string name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                bool found = false;
                foreach (AudioDevice device in devices)
                {
                    if (!pattern.IsMatch(device.Name) && !pattern.IsMatch(device.Id)) continue;
                    found = true;
                    if (written.Add(device.Index)) WriteObject(device);
                }
                // Like Get-Process -Name: a plain name that matches nothing is an error, a pattern is not.
                if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioDeviceNotFound,
                        string.Format(CultureInfo.CurrentCulture, "No capture device is named '{0}'. Available capture devices:{1}", name, AudioDeviceSelector.Describe(devices)),
                        name, "Run Get-SttAudioDevice without -Name to list every device."));
                }
            }
        }
    }
}
