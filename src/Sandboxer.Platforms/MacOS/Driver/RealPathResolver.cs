using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary><see cref="IPathResolver"/> backed by the C library's <c>realpath(3)</c> (macOS and Linux).</summary>
internal sealed partial class RealPathResolver : IPathResolver
{
    public static RealPathResolver Instance { get; } = new();

    public string? RealPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeFree(resolved);
        }
    }

    // With a null buffer, realpath allocates the result with malloc; the caller frees it.
    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void NativeFree(IntPtr pointer);
}
