// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Lets a TimeSpan parameter take a plain number as seconds: without it PowerShell reads
    /// -Duration 30 as 30 ticks and "30" as 30 days. TimeSpans and "hh:mm:ss" strings pass through.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case int i: return TimeSpan.FromSeconds(i);
                case long l: return TimeSpan.FromSeconds(l);
                case double d: return TimeSpan.FromSeconds(d);
                case decimal m: return TimeSpan.FromSeconds((double)m);
                case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                    return TimeSpan.FromSeconds(seconds);
                default: return inputData;
            }
        }
    }
}
