// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Globalization;

namespace StreamingStt.LoadBench;

/// <summary>CPU and memory of a process, read from /proc (Linux) the way getrusage would count them.</summary>
internal static class ProcessMeter
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>User + system CPU of this process so far, in milliseconds.</summary>
    public static double SelfCpuMilliseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    /// <summary>User + system CPU of process <paramref name="pid"/> (from /proc/pid/stat), or NaN when it is gone.</summary>
    public static double CpuMilliseconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / TicksPerSecond * 1000.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>A line of /proc/self/status in KiB (VmRSS now, VmHWM the peak).</summary>
    public static long StatusKiB(string field, string pid = "self")
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
