// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// Runs COM work on a short-lived thread in the multithreaded apartment (MTA) and waits for it.
    /// Windows PowerShell 5.1 runs pipelines on STA threads; Core Audio objects created there would
    /// belong to that STA, and using them from the capture thread would need marshalling (or fail).
    /// Objects created in the MTA can be called from any MTA thread: the shared layer's capture
    /// thread is a plain background Thread, which .NET (Framework and Core) puts in the MTA. The
    /// MTA itself outlives this worker because the runtime's finalizer thread is always in it.
    /// </summary>
    internal static class MtaWorker
    {
        public static T Run<T>(Func<T> work)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
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
            })
            {
                IsBackground = true,
                Name = "StreamingStt COM (MTA)",
            };
            thread.SetApartmentState(ApartmentState.MTA);
            thread.Start();
            thread.Join();
            failure?.Throw();
            return result;
        }
    }
}
