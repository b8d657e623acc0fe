// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>Lets -Token take the SttToken object New-SttToken returns as well as its string.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SttTokenTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is SttToken token ? token.Token : inputData;
        }
    }
}
