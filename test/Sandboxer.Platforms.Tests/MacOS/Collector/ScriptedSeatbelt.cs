using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>
/// A scripted stand-in for the Seatbelt kernel behind <see cref="ScriptedMacSandboxPlatform"/>: it evaluates the
/// profile sandbox-exec was given (run tags included) with the <c>-D</c> parameters of the command line, decides each
/// access of a scripted program with the engine the way the kernel would, and writes the kernel's report messages for
/// the denials (tagged when the deciding profile is, <c>N duplicate reports for …</c> summaries for repeats) and for
/// the accesses a <c>(with report)</c> rule allowed (never tagged, Appendix A 56–58).
/// </summary>
internal sealed class ScriptedSeatbelt
{
    private readonly PolicyEngine? _engine;

    public ScriptedSeatbelt(ScriptedRun run)
    {
        Run = run;
        var separator = IndexOfSeparator(run.Argv);
        IsSandboxed = run.Argv[0] == "/usr/bin/sandbox-exec";
        Command = IsSandboxed ? [.. run.Argv.Skip(separator + 1)] : [.. run.Argv];
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; IsSandboxed && i < separator; i++)
        {
            if (run.Argv[i] == "-D")
            {
                var pair = run.Argv[++i];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                parameters[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        Parameters = parameters;
        if (IsSandboxed)
        {
            var loaded = ProfileLoader.Load([new SourceText(run.Profile, "/executed.sb")], parameters);
            Assert.False(loaded.HasErrors, "the executed profile does not evaluate: " + string.Join("; ", loaded.Diagnostics));
            _engine = PolicyEngine.Compile(loaded.Profile);
        }
    }

    public ScriptedRun Run { get; }

    /// <summary>False for a plain (unsandboxed) run: everything is allowed.</summary>
    public bool IsSandboxed { get; }

    /// <summary>The target's argv (after sandbox-exec's <c>--</c>).</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The <c>-D</c> parameters sandbox-exec was given.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public string Parameter(string name) => Parameters[name];

    public bool Allows(AccessEvent access) => _engine is null || _engine.Decide(AccessRequest.FromEvent(access)).IsAllowed;

    /// <summary>True when the rule that decides <paramref name="access"/> carries <c>(with report)</c>.</summary>
    public bool ReportsAllowed(AccessEvent access) =>
        _engine?.Decide(AccessRequest.FromEvent(access)) is { IsAllowed: true, Rule: { } rule } && rule.Modifiers.Any(m => m.Name == "report");

    /// <summary>The kernel's report of an access a <c>(with report)</c> rule allowed: <c>allow</c>, no count, no tag.</summary>
    public static string AllowReport(string process, int pid, AccessEvent access) =>
        $"Sandbox: {process}({pid.ToString(CultureInfo.InvariantCulture)}) allow {KernelOperation(access.Operation)} {Target(access)}";

    /// <summary>The kernel's report for a denial of <paramref name="access"/> by <paramref name="process"/>, tagged as the kernel would.</summary>
    public string Report(string process, int pid, AccessEvent access) =>
        $"Sandbox: {process}({pid.ToString(CultureInfo.InvariantCulture)}) deny(1) {KernelOperation(access.Operation)} {Target(access)}" + (Run.Tag is { } tag ? "\n" + tag : string.Empty);

    /// <summary>The summary the kernel writes for <paramref name="count"/> further identical denials (never tagged).</summary>
    public static string Duplicates(int count, string process, int pid, AccessEvent access) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} duplicate report{(count == 1 ? string.Empty : "s")} for Sandbox: {process}({pid}) deny(1) {KernelOperation(access.Operation)} {Target(access)}");

    private static string KernelOperation(string operation) => operation == "process-exec" ? "process-exec*" : operation;

    private static string Target(AccessEvent access) =>
        access.Path ?? (access.Remote is { } remote ? "remote:*:" + remote.Port?.ToString(CultureInfo.InvariantCulture) : access.Name ?? string.Empty);

    private static int IndexOfSeparator(IReadOnlyList<string> argv)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] == "--")
            {
                return i;
            }
        }

        return -1;
    }
}
