// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;
using System.Security;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>The one place a SecureString becomes a plain string: right before the engine credential is made.</summary>
    internal static class SecureStringConverter
    {
        public static string ToPlainText(SecureString value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return Marshal.PtrToStringUni(pointer, value.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
