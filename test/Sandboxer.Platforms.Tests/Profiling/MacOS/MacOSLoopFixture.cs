using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Platforms.Profiling.MacOS;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Synthesis;

namespace Sandboxer.Platforms.Tests.Profiling.MacOS;

/// <summary>
/// The pieces the macOS loop tests share: a small build tool as a scripted program, the backend over the scripted Mac,
/// and a private temporary root for the workflow's per-run TMPDIRs (removed afterwards).
/// </summary>
internal sealed class MacOSLoopFixture : IDisposable
{
    public const string Bundle = "/usr/local/bin/bundle";
    public const string Helper = "/usr/local/libexec/bundle-helper";
    public const string Home = "/Users/ana";
    public const string Project = "/Users/ana/project";

    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sandboxer-macloop-");

    public static IReadOnlyList<string> Command { get; } = [Bundle, "--out", "dist"];

    public static ProfilingTarget Target { get; } = new(Command, Project, CaptureOutput: true, Timeout: TimeSpan.FromMinutes(1));

    /// <summary>Startup noise every process makes (the macOS base allows it: were it denied, the program would fail).</summary>
    public static ScriptedStep DtraceHelper { get; } = new(_ => new AccessEvent { Operation = "file-write-data", Path = "/dev/dtracehelper" });

    public static ScriptedStep Logd { get; } = new(_ => new AccessEvent { Operation = "mach-lookup", Name = "com.apple.logd" });

    public static ScriptedStep ReadConfig { get; } = new(k => new AccessEvent { Operation = "file-read-data", Path = k.Parameter("WORKING_DIR") + "/bundle.config" });

    public static ScriptedStep CreateTemporary { get; } = new(k => new AccessEvent { Operation = "file-write-create", Path = k.Parameter("TMPDIR") + "/bundle." + Guid.NewGuid().ToString("N")[..6] });

    public static ScriptedStep ExecHelper { get; } = new(_ => new AccessEvent { Operation = "process-exec", Path = Helper }, PidOffset: 1);

    public static ScriptedStep Hostname { get; } = new(_ => new AccessEvent { Operation = "sysctl-read", Name = "kern.hostname" }, Fatal: false, Process: "bundle-helper", PidOffset: 1);

    public static ScriptedStep CreateOutput { get; } = new(k => new AccessEvent { Operation = "file-write-create", Path = k.Parameter("WORKING_DIR") + "/dist" }, Process: "bundle-helper", PidOffset: 1);

    /// <summary>
    /// Needs, beyond the macOS base: its config (fatal), a temporary file (fatal), to run its helper (fatal), then the
    /// helper reads <c>kern.hostname</c> (it copes) and creates <c>dist</c> (fatal). The inventory sees all of it; the
    /// deny-default loop alone learns one fatal denial per run: four enforced iterations, then a clean verify run.
    /// </summary>
    public static IReadOnlyList<ScriptedStep> BuildTool { get; } = [DtraceHelper, Logd, ReadConfig, CreateTemporary, ExecHelper, Hostname, CreateOutput];

    public string TemporaryRoot => _root.FullName;

    /// <summary>True for a <c>(with report)</c> allow line: dropping them all is an inventory whose reports were lost.</summary>
    public static bool IsAllowReport(string message) => message.Contains(") allow ", StringComparison.Ordinal);

    public static MacOSProfilingBackend Backend(IMacSandboxPlatform platform) =>
        new(platform, RealPathResolver.Instance, new MacOSBackendOptions(new CollectorOptions(Patient, Patient, 3, TimeSpan.FromSeconds(5), Patient), TimeSpan.FromMinutes(1), _ => true));

    public ProfilingOptions Options(int maxIterations = 8, bool probe = false, NetworkMode network = NetworkMode.Observed) => new()
    {
        Home = Home,
        TemporaryRoot = TemporaryRoot,
        MaxIterations = maxIterations,
        Probe = probe,
        Network = network,
        ExpectOutput = true,
    };

    public void Dispose() => _root.Delete(recursive: true);
}
