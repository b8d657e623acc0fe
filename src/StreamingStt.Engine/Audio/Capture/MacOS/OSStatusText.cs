// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;

namespace StreamingStt.Engine.Audio.Capture.MacOS
{
    /// <summary>
    /// Renders an OSStatus the way Apple's headers spell it: the number, its four-character code
    /// when all four bytes are printable ('what', '!obj'), and the constant's name when we know it.
    /// </summary>
    internal static class OSStatusText
    {
        private static readonly Dictionary<int, string> Names = new Dictionary<int, string>
        {
            [-50] = "paramErr",
            [-108] = "memFullErr",
            [-66687] = "kAudioQueueErr_InvalidBuffer",
            [-66686] = "kAudioQueueErr_BufferEmpty",
            [-66685] = "kAudioQueueErr_DisposalPending",
            [-66684] = "kAudioQueueErr_InvalidProperty",
            [-66683] = "kAudioQueueErr_InvalidPropertySize",
            [-66682] = "kAudioQueueErr_InvalidParameter",
            [-66681] = "kAudioQueueErr_CannotStart",
            [-66680] = "kAudioQueueErr_InvalidDevice",
            [-66679] = "kAudioQueueErr_BufferInQueue",
            [-66678] = "kAudioQueueErr_InvalidRunState",
            [-66677] = "kAudioQueueErr_InvalidQueueType",
            [-66676] = "kAudioQueueErr_Permissions",
            [-66675] = "kAudioQueueErr_InvalidPropertyValue",
            [-66674] = "kAudioQueueErr_PrimeTimedOut",
            [-66673] = "kAudioQueueErr_CodecNotFound",
            [-66672] = "kAudioQueueErr_InvalidCodecAccess",
            [-66671] = "kAudioQueueErr_QueueInvalidated",
            [-66668] = "kAudioQueueErr_RecordUnderrun",
            [-66666] = "kAudioQueueErr_BufferEnqueuedTwice",
            [-66665] = "kAudioQueueErr_CannotStartYet",
            [-66632] = "kAudioQueueErr_EnqueueDuringReset",
            [unchecked((int)0x77686174)] = "kAudioHardwareUnspecifiedError", // 'what'
            [unchecked((int)0x73746F70)] = "kAudioHardwareNotRunningError", // 'stop'
            [unchecked((int)0x77686F3F)] = "kAudioHardwareUnknownPropertyError", // 'who?'
            [unchecked((int)0x2173697A)] = "kAudioHardwareBadPropertySizeError", // '!siz'
            [unchecked((int)0x6E6F7065)] = "kAudioHardwareIllegalOperationError", // 'nope'
            [unchecked((int)0x216F626A)] = "kAudioHardwareBadObjectError", // '!obj'
            [unchecked((int)0x21646576)] = "kAudioHardwareBadDeviceError", // '!dev'
            [unchecked((int)0x21737472)] = "kAudioHardwareBadStreamError", // '!str'
            [unchecked((int)0x756E6F70)] = "kAudioHardwareUnsupportedOperationError", // 'unop'
            [unchecked((int)0x6E726479)] = "kAudioHardwareNotReadyError", // 'nrdy'
            [unchecked((int)0x21646174)] = "kAudioDeviceUnsupportedFormatError", // '!dat'
            [unchecked((int)0x21686F67)] = "kAudioDevicePermissionsError", // '!hog'
            [unchecked((int)0x666D743F)] = "kAudioFormatUnsupportedDataFormatError", // 'fmt?'
            [unchecked((int)0x70726F70)] = "kAudioFormatUnsupportedPropertyError", // 'prop'
        };

        /// <summary>"OSStatus -50 (paramErr)", "OSStatus 2003329396 / 'what' (kAudioHardwareUnspecifiedError)".</summary>
        public static string Describe(int status)
        {
            string text = "OSStatus " + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string? code = MacAudioFormats.FourCCText(unchecked((uint)status));
            if (code is not null) text += " / '" + code + "'";
            if (Names.TryGetValue(status, out string? name)) text += " (" + name + ")";
            return text;
        }

        /// <summary>The constant's name, or null when we do not know it.</summary>
        public static string? NameOf(int status) => Names.TryGetValue(status, out string? name) ? name : null;
    }
}
