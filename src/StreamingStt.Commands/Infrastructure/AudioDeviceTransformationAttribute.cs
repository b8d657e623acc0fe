// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>Lets -Device take an AudioDevice from Get-SttAudioDevice (its Id) or a plain index number, besides a name.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class AudioDeviceTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case AudioDevice device:
                    return device.Id;
                case int index:
                    return index.ToString(CultureInfo.InvariantCulture);
                case long index:
                    return index.ToString(CultureInfo.InvariantCulture);
                default:
                    return inputData;
            }
        }
    }
}
