// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    /// <summary>
    /// The libasound.so.2 calls the ALSA backend makes. snd_pcm_sframes_t / snd_pcm_uframes_t are
    /// C longs: pointer-sized on every 64-bit Linux and on 32-bit ARM, hence IntPtr / UIntPtr.
    /// </summary>
    internal static class AlsaNative
    {
        private const string Library = "libasound.so.2";

        public const int StreamCapture = 1;
        public const int OpenNonBlocking = 1; // SND_PCM_NONBLOCK: probing must not wait for a busy device
        public const int AccessRwInterleaved = 3;

        // snd_pcm_format_t
        public const int FormatS16Le = 2;
        public const int FormatS32Le = 10;
        public const int FormatFloatLe = 14;
        public const int FormatS24_3Le = 32;

        // errno values ALSA returns negated.
        public const int ENOENT = 2;
        public const int EINTR = 4;
        public const int EIO = 5;
        public const int EAGAIN = 11;
        public const int EACCES = 13;
        public const int EBUSY = 16;
        public const int ENODEV = 19;
        public const int EINVAL = 22;
        public const int EPIPE = 32;   // overrun (xrun)
        public const int ESTRPIPE = 86; // suspended

        [DllImport(Library)] public static extern int snd_pcm_open(out IntPtr pcm, [MarshalAs(UnmanagedType.LPStr)] string name, int stream, int mode);
        [DllImport(Library)] public static extern int snd_pcm_close(IntPtr pcm);
        [DllImport(Library)] public static extern int snd_pcm_prepare(IntPtr pcm);
        [DllImport(Library)] public static extern int snd_pcm_start(IntPtr pcm);
        [DllImport(Library)] public static extern int snd_pcm_drop(IntPtr pcm);
        [DllImport(Library)] public static extern int snd_pcm_wait(IntPtr pcm, int timeoutMilliseconds);
        [DllImport(Library)] public static extern IntPtr snd_pcm_readi(IntPtr pcm, IntPtr buffer, UIntPtr frames);
        [DllImport(Library)] public static extern int snd_pcm_recover(IntPtr pcm, int error, int silent);
        [DllImport(Library)] public static extern IntPtr snd_strerror(int error);

        [DllImport(Library)] public static extern int snd_pcm_hw_params_malloc(out IntPtr parameters);
        [DllImport(Library)] public static extern void snd_pcm_hw_params_free(IntPtr parameters);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_any(IntPtr pcm, IntPtr parameters);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_access(IntPtr pcm, IntPtr parameters, int access);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_test_format(IntPtr pcm, IntPtr parameters, int format);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_format(IntPtr pcm, IntPtr parameters, int format);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_channels_near(IntPtr pcm, IntPtr parameters, ref uint channels);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_rate_resample(IntPtr pcm, IntPtr parameters, uint allow);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_rate_near(IntPtr pcm, IntPtr parameters, ref uint rate, ref int direction);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_period_time_near(IntPtr pcm, IntPtr parameters, ref uint microseconds, ref int direction);
        [DllImport(Library)] public static extern int snd_pcm_hw_params_set_buffer_time_near(IntPtr pcm, IntPtr parameters, ref uint microseconds, ref int direction);
        [DllImport(Library)] public static extern int snd_pcm_hw_params(IntPtr pcm, IntPtr parameters);

        [DllImport(Library)] public static extern int snd_device_name_hint(int card, [MarshalAs(UnmanagedType.LPStr)] string iface, out IntPtr hints);
        [DllImport(Library)] public static extern IntPtr snd_device_name_get_hint(IntPtr hint, [MarshalAs(UnmanagedType.LPStr)] string id);
        [DllImport(Library)] public static extern int snd_device_name_free_hint(IntPtr hints);

        [DllImport(Library)] public static extern int snd_lib_error_set_handler(IntPtr handler);

        [DllImport("libc", EntryPoint = "free")] public static extern void Free(IntPtr pointer);

        /// <summary>ALSA's text for a negative error code, e.g. "Device or resource busy".</summary>
        public static string ErrorText(int error)
        {
            try
            {
                return Marshal.PtrToStringAnsi(snd_strerror(error)) ?? ("error " + error);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return "error " + error;
            }
        }

        // ALSA prints its own diagnostics to stderr ("ALSA lib pcm.c:2666: Unknown PCM foo"), which
        // would land in the user's console next to our error record. Our errors say it better.
        private delegate void ErrorHandler(IntPtr file, int line, IntPtr function, int error, IntPtr format);

        private static readonly ErrorHandler QuietHandler = (file, line, function, error, format) => { };
        private static int _quieted;

        public static void SilenceLibraryMessages()
        {
            if (System.Threading.Interlocked.Exchange(ref _quieted, 1) != 0) return;
            _ = snd_lib_error_set_handler(Marshal.GetFunctionPointerForDelegate(QuietHandler)); // cosmetic: without it ALSA only prints more
        }
    }
}
