using Sandboxer.Analysis;
using Sandboxer.Platforms.Profiling.Linux;
using Sandboxer.Platforms.Profiling.MacOS;

namespace Sandboxer.Platforms.Profiling;

/// <summary>Chooses the profiling backend for a target platform on this machine.</summary>
internal static class ProfilingBackends
{
    /// <summary>The backend, or throws <see cref="PlatformUnavailableException"/> when this machine cannot profile for that platform.</summary>
    public static IProfilingBackend For(TargetPlatform platform) => For(platform, HostSystem.Current);

    /// <summary>The backend on <paramref name="host"/>, or throws <see cref="PlatformUnavailableException"/> when it cannot profile for that platform.</summary>
    public static IProfilingBackend For(TargetPlatform platform, HostSystem host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // The Linux backend is the real kernel's (strace, Landlock): only ever on a real Linux.
        if (platform == TargetPlatform.Linux && host.IsLinux && OperatingSystem.IsLinux())
        {
            return new LinuxProfilingBackend();
        }

        if (platform == TargetPlatform.MacOS && host.IsMacOS)
        {
            return MacOSProfilingBackend.On(host.Mac);
        }

        if (platform == TargetPlatform.MacOS)
        {
            throw new PlatformUnavailableException(
                "profiling for macOS runs the program under /usr/bin/sandbox-exec, which only exists on macOS",
                "run sandboxer on a Mac, or build a macOS profile here from a captured log: sandboxer import-log LOG -o events.jsonl && sandboxer synthesize events.jsonl --platform macos");
        }

        throw new PlatformUnavailableException(
            "profiling for " + (platform == TargetPlatform.MacOS ? "macOS" : "Linux") + " is not supported on this operating system",
            remedy: null);
    }
}
