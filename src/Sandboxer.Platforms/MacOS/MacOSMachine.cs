using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;

namespace Sandboxer.Platforms.MacOS;

/// <summary>
/// What the macOS backend drives: the processes it starts (<c>sandbox-exec</c>, <c>log stream</c>, <c>ps</c>), how
/// paths resolve, which files exist, and the collector's bounds. <see cref="Current"/> is this machine.
/// </summary>
/// <param name="Platform">The process layer; its argument receives a pass-through run's stderr (the tool's own).</param>
/// <param name="Resolver"><c>realpath(3)</c>.</param>
/// <param name="FileExists">Whether a file exists (<c>/usr/bin/sandbox-exec</c>, <c>/usr/bin/log</c>).</param>
/// <param name="Collector">The collector's waits.</param>
internal sealed record MacOSMachine(Func<TextWriter?, IMacSandboxPlatform> Platform, IPathResolver Resolver, Func<string, bool> FileExists, CollectorOptions Collector)
{
    public static MacOSMachine Current { get; } = new(
        errorOutput => new MacSandboxPlatform(Path.GetTempPath(), errorOutput), RealPathResolver.Instance, File.Exists, CollectorOptions.Default);
}
