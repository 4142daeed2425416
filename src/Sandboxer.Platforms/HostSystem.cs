using Sandboxer.Analysis;
using Sandboxer.Platforms.MacOS;

namespace Sandboxer.Platforms;

/// <summary>
/// The machine the tool runs on, as the commands see it: its operating system — which picks the backend of
/// <c>profile</c>, <c>run</c> and <c>probe</c> and what <c>--platform auto</c> means — and, on macOS, what the macOS
/// backend drives. <see cref="Current"/> is this machine. Tests describe a scripted Mac (answering with recorded macOS
/// output) to run the macOS commands end to end where there is no Mac.
/// </summary>
/// <param name="System">The operating system; <see langword="null"/> when it is neither macOS nor Linux.</param>
/// <param name="Mac">What the macOS backend drives here.</param>
internal sealed record HostSystem(TargetPlatform? System, MacOSMachine Mac)
{
    public static HostSystem Current { get; } = new(
        OperatingSystem.IsMacOS() ? TargetPlatform.MacOS : OperatingSystem.IsLinux() ? TargetPlatform.Linux : null,
        MacOSMachine.Current);

    public bool IsMacOS => System == TargetPlatform.MacOS;

    public bool IsLinux => System == TargetPlatform.Linux;
}
