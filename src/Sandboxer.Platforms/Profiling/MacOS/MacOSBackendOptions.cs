using Sandboxer.Platforms.MacOS.Collector;

namespace Sandboxer.Platforms.Profiling.MacOS;

/// <summary>The macOS backend's bounds and the one file-system question it asks.</summary>
/// <param name="Collector">The collector's waits; its run time limit is replaced per run.</param>
/// <param name="DefaultRunTimeout">A run's time limit when the target gives none (a denied mach-lookup can make a program hang).</param>
/// <param name="FileExists">Whether a file exists (<c>/usr/bin/sandbox-exec</c>, <c>/usr/bin/log</c>).</param>
internal sealed record MacOSBackendOptions(CollectorOptions Collector, TimeSpan DefaultRunTimeout, Func<string, bool> FileExists)
{
    public static MacOSBackendOptions Default { get; } = new(CollectorOptions.Default, TimeSpan.FromMinutes(10), File.Exists);
}
