// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Audio
{
    /// <summary>Whole-number arithmetic shared by the frame reader and the resampler.</summary>
    internal static class IntegerMath
    {
        public static int GreatestCommonDivisor(int a, int b)
        {
            while (b != 0)
            {
                int t = a % b;
                a = b;
                b = t;
            }
            return a;
        }
    }
}
