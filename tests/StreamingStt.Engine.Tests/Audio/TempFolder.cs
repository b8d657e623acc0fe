// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Tests.Audio
{
    /// <summary>A fresh folder under the temp directory, deleted with everything in it on dispose.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "StreamingStt.AudioTests." + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the OS temp cleanup will get it.
            }
        }
    }
}
