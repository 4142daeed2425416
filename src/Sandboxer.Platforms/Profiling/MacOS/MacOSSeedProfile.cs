using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Sbpl.Text;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Platforms;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Platforms.Profiling.MacOS;

/// <summary>
/// The profile the macOS loop starts from: what synthesis makes of knowing only which program runs — <c>(deny
/// default)</c>, the macOS base (without the network-only entries), metadata reads, the program's own executable and
/// the mandatory denies. Built by the synthesizer itself, so the first refined profile differs from it only by what
/// the observation run was denied.
/// </summary>
internal static class MacOSSeedProfile
{
    /// <summary>The seed's name in messages (it is never a file the user wrote).</summary>
    public const string SourceName = "<macOS seed profile>";

    /// <param name="command">The target's command line (for the header).</param>
    /// <param name="environment">The run's HOME, WORKING_DIR and TMPDIR.</param>
    /// <param name="executable">The target's resolved executable: the one thing the seed lets it do besides the base.</param>
    public static SourceText Build(IReadOnlyList<string> command, RunEnvironment environment, string executable)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(executable);
        var context = new SynthesisContext
        {
            Platform = TargetPlatform.MacOS,
            Home = environment.Home,
            WorkingDirectory = environment.WorkingDirectory,
            Sensitivity = new CatalogSensitivity(environment.Home, TargetPlatform.MacOS),
            Network = NetworkMode.None,
            Command = [.. command],
            PlatformBase = MacOSBase.Grants(networkAllowed: false),
        };
        var header = new ProfileHeader([.. command], null, TargetPlatform.MacOS, NetworkMode.None, 0, "seed");
        var run = new ObservedRun(RunKind.Observe, 0, environment.TemporaryDirectory, [Executed(executable, pid: 0)]);
        var synthesized = SynthesisPipeline.Run([run], context, header);
        return new SourceText(synthesized.Text, SourceName);
    }

    /// <summary>The event for the target's own executable, which <c>sandbox-exec</c> executed (it execs into the target).</summary>
    public static AccessEvent Executed(string executable, int pid) => new()
    {
        Operation = "process-exec",
        Path = executable,
        Executable = executable,
        Process = Path.GetFileName(executable),
        Pid = pid,
        Result = AccessResult.Ok,
    };
}
