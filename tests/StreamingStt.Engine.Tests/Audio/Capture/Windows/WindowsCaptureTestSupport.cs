// Copyright (c) StreamingStt contributors. MIT License.
using System.Runtime.ExceptionServices;
using StreamingStt.Engine.Audio.Capture;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Capture.Windows;

/// <summary>Shared steps of the Windows device tests.</summary>
internal static class WindowsCaptureTestSupport
{
    /// <summary>Runs <paramref name="work"/> on a thread of the given apartment (STA = a Windows PowerShell 5.1 pipeline thread).</summary>
    public static T OnThread<T>(ApartmentState apartment, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        if (OperatingSystem.IsWindows()) thread.SetApartmentState(apartment);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "The test thread did not finish in 30 s.");
        failure?.Throw();
        return result;
    }
}
