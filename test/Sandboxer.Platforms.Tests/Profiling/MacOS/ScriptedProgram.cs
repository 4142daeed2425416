using Sandboxer.Events;
using Sandboxer.Platforms.Tests.MacOS.Collector;

namespace Sandboxer.Platforms.Tests.Profiling.MacOS;

/// <summary>One access of a <see cref="ScriptedProgram"/>.</summary>
/// <param name="Access">The access, built from the run's parameters (paths under its TMPDIR, WORKING_DIR, HOME).</param>
/// <param name="Fatal">The program exits 1 when this is denied (otherwise it copes and goes on).</param>
/// <param name="Process">The process making it (its name in reports).</param>
/// <param name="PidOffset">Its pid relative to the root's (a child when not 0).</param>
/// <param name="Duplicates">Further identical denials, reported as a duplicate summary after the program exited.</param>
internal sealed record ScriptedStep(Func<ScriptedSeatbelt, AccessEvent> Access, bool Fatal = true, string Process = "bundle", int PidOffset = 0, int Duplicates = 0);

/// <summary>
/// A program for the scripted kernel: its own executable, then its accesses in order. Unsandboxed it succeeds; under a
/// profile each access is decided with the engine, denials are reported (and allowed accesses too when the deciding
/// rule says <c>(with report)</c>), and the first fatal denial ends it (exit 1, <c>Operation not permitted</c>), as a
/// build script with <c>set -e</c> does.
/// </summary>
internal sealed class ScriptedProgram(IReadOnlyList<ScriptedStep> steps)
{
    public const string Output = "bundled 3 files into dist/bundle.txt\n";

    /// <summary>The runs it was started for, in order (plain runs included).</summary>
    public List<ScriptedSeatbelt> Runs { get; } = [];

    /// <summary>Extra reports to deliver with a given run (1-based over sandboxed target runs), e.g. late or after-stop lines.</summary>
    public Func<int, ScriptedSeatbelt, ScriptedResponse, ScriptedResponse> Adjust { get; init; } = (_, _, response) => response;

    public ScriptedResponse Respond(ScriptedRun run)
    {
        var kernel = new ScriptedSeatbelt(run);
        Runs.Add(kernel);
        if (!kernel.IsSandboxed)
        {
            return new ScriptedResponse(0, string.Empty, [], Stdout: Output);
        }

        var number = Runs.Count(r => r.IsSandboxed);
        return Adjust(number, kernel, Execute(kernel, run.Pid));
    }

    private ScriptedResponse Execute(ScriptedSeatbelt kernel, int pid)
    {
        var program = kernel.Command[0];
        var exec = new AccessEvent { Operation = "process-exec", Path = program };
        if (!kernel.Allows(exec))
        {
            return new ScriptedResponse(71, $"sandbox-exec: execvp() of '{program}' failed: Operation not permitted\n", [kernel.Report("sandbox-exec", pid, exec)]);
        }

        var reports = new List<string>();
        if (kernel.ReportsAllowed(exec))
        {
            reports.Add(ScriptedSeatbelt.AllowReport("sandbox-exec", pid, exec));
        }

        var late = new List<string>();
        var children = new List<int>();
        foreach (var step in steps)
        {
            if (step.PidOffset != 0 && !children.Contains(pid + step.PidOffset))
            {
                children.Add(pid + step.PidOffset);
            }

            var access = step.Access(kernel);
            if (kernel.Allows(access))
            {
                if (kernel.ReportsAllowed(access))
                {
                    reports.Add(ScriptedSeatbelt.AllowReport(step.Process, pid + step.PidOffset, access));
                }

                continue;
            }

            reports.Add(kernel.Report(step.Process, pid + step.PidOffset, access));
            if (step.Duplicates > 0)
            {
                late.Add(ScriptedSeatbelt.Duplicates(step.Duplicates, step.Process, pid + step.PidOffset, access));
            }

            if (step.Fatal)
            {
                return new ScriptedResponse(1, $"{step.Process}: {access.Path ?? access.Name}: Operation not permitted\n", reports, late, Descendants: children);
            }
        }

        return new ScriptedResponse(0, string.Empty, reports, late, Stdout: Output, Descendants: children);
    }
}
