using System.Text.Json;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Cli.Profiling;

/// <summary>
/// The JSON report of <c>sandboxer profile</c> (<c>--report FILE</c>, or stdout with <c>--json</c>): <c>verified</c>,
/// <c>runs</c> by kind, <c>iterations</c>, rules by category, each generalization with its reason, sensitive flags,
/// refusals, probe results, the run log and the command line to run the program under the profile.
/// </summary>
internal static class ProfileReportJson
{
    public static void Write(Utf8JsonWriter writer, ProfilingReport report, ProfileRunSummary summary)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", 1);
        writer.WriteBoolean("verified", report.Verified);
        writer.WriteString("status", report.Status);
        if (summary.ProfilePath is { } path)
        {
            writer.WriteString("profile", path);
        }
        else
        {
            writer.WriteNull("profile");
        }

        writer.WriteStartArray("command");
        foreach (var argument in summary.Command)
        {
            writer.WriteStringValue(argument);
        }

        writer.WriteEndArray();
        WriteNullable(writer, "mode", summary.Mode);
        writer.WriteString("platform", summary.Platform);
        writer.WriteString("network", summary.Network);

        writer.WriteStartObject("runs");
        writer.WriteNumber("baseline", report.Count(RunKind.Baseline));
        writer.WriteNumber("observe", report.Count(RunKind.Observe));
        writer.WriteNumber("enforce", report.Count(RunKind.Enforce));
        writer.WriteNumber("verify", report.Count(RunKind.Verify));
        writer.WriteNumber("total", report.Runs.Count);
        writer.WriteEndObject();
        writer.WriteNumber("iterations", report.Iterations);

        var grants = report.Profile.Result.Grants;
        writer.WriteStartObject("rules");
        foreach (var category in grants.GroupBy(g => g.Category).OrderBy(g => g.Key))
        {
            writer.WriteNumber(CategoryName(category.Key), category.Count());
        }

        writer.WriteEndObject();

        writer.WriteStartArray("generalizations");
        foreach (var grant in grants.Where(g => g.Step is not (GeneralizationStep.Observed or GeneralizationStep.Sensitive or GeneralizationStep.PlatformBase)))
        {
            writer.WriteStartObject();
            writer.WriteString("operation", grant.Operation);
            writer.WriteString("filter", SbplExpressions.Filter(grant.Target));
            writer.WriteString("step", StepName(grant.Step));
            writer.WriteString("reason", grant.Reason);
            WriteEvidence(writer, grant.Evidence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("sensitive");
        foreach (var grant in grants.Where(g => g.IsSensitive))
        {
            writer.WriteStartObject();
            writer.WriteString("operation", grant.Operation);
            writer.WriteString("filter", SbplExpressions.Filter(grant.Target));
            writer.WriteString("reason", grant.Reason);
            WriteEvidence(writer, grant.Evidence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("refusals");
        foreach (var refusal in report.Refusals)
        {
            writer.WriteStartObject();
            writer.WriteString("operation", refusal.Operation);
            writer.WriteString("target", refusal.Target);
            writer.WriteString("reason", refusal.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("probes");
        foreach (var probe in report.Probes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", probe.Id);
            writer.WriteString("category", probe.Category);
            writer.WriteString("description", probe.Description);
            writer.WriteString("target", probe.Target);
            writer.WriteString("outcome", probe.IsLeak ? "leaked" : "blocked");
            writer.WriteString("evidence", probe.Evidence);
            WriteNullable(writer, "rule", probe.Rule);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("proof");
        writer.WriteNumber("checked", report.Profile.Proof.Checked);
        writer.WriteNumber("refused", report.Profile.Proof.Refused);
        writer.WriteNumber("misses", report.Profile.Proof.Misses.Count);
        writer.WriteEndObject();

        writer.WriteStartArray("runLog");
        foreach (var run in report.Runs)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", run.Kind.ToString().ToLowerInvariant());
            writer.WriteNumber("index", run.Index);
            writer.WriteString("outcome", run.Outcome.Describe());
            writer.WriteNumber("exitCode", run.Outcome.ExitCode);
            writer.WriteNumber("events", run.Events);
            writer.WriteBoolean("normal", run.Normal);
            writer.WriteNumber("seconds", Math.Round(run.Outcome.Elapsed.TotalSeconds, 3));
            writer.WriteStartArray("denials");
            foreach (var denial in run.Denials)
            {
                writer.WriteStringValue(denial);
            }

            writer.WriteEndArray();
            if (run.Outcome.LongRunning is { } longRunning)
            {
                WriteLongRunning(writer, longRunning);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("phases");
        writer.WriteNumber("runsSeconds", Math.Round(report.Phases.Runs.TotalSeconds, 3));
        writer.WriteNumber("targetSeconds", Math.Round(report.Phases.Target.TotalSeconds, 3));
        writer.WriteNumber("synthesisSeconds", Math.Round(report.Phases.Synthesis.TotalSeconds, 3));
        writer.WriteNumber("probesSeconds", Math.Round(report.Phases.Probes.TotalSeconds, 3));
        writer.WriteEndObject();
        writer.WriteNumber("elapsedSeconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        writer.WriteString("runCommand", summary.RunCommand);
        writer.WriteEndObject();
    }

    public static string CategoryName(GrantCategory category) => category switch
    {
        GrantCategory.PlatformEssentials => "platform",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static string StepName(GeneralizationStep step) => step switch
    {
        GeneralizationStep.TemporaryDirectory => "temporary-directory",
        GeneralizationStep.SystemLocation => "system-location",
        GeneralizationStep.InstallTree => "install-tree",
        GeneralizationStep.VaryingNames => "varying-names",
        GeneralizationStep.DirectoryContents => "directory-contents",
        GeneralizationStep.ProgramOutput => "program-output",
        GeneralizationStep.ManyFiles => "many-files",
        GeneralizationStep.PlatformBase => "platform-base",
        GeneralizationStep.Sensitive => "sensitive",
        GeneralizationStep.LandlockGranularity => "landlock-granularity",
        _ => "observed",
    };

    /// <summary>
    /// <c>"longRunning": {"succeeded", "failure", "readyPort", "readySeconds", "stoppedByTool", "exercise": {"command",
    /// "succeeded", "exitCode", "signal", "timedOut", "seconds", "output"}}</c>; the exercise's output (its end) only
    /// when it failed.
    /// </summary>
    private static void WriteLongRunning(Utf8JsonWriter writer, LongRunningResult longRunning)
    {
        writer.WriteStartObject("longRunning");
        writer.WriteBoolean("succeeded", longRunning.Succeeded);
        WriteNullable(writer, "failure", longRunning.Failure == LongRunningFailure.None ? null : FailureName(longRunning.Failure));
        if (longRunning.Options.ReadyPort is { } port)
        {
            writer.WriteNumber("readyPort", port);
        }
        else
        {
            writer.WriteNull("readyPort");
        }

        if (longRunning.ReadyAfter is { } ready)
        {
            writer.WriteNumber("readySeconds", Math.Round(ready.TotalSeconds, 3));
        }
        else
        {
            writer.WriteNull("readySeconds");
        }

        writer.WriteBoolean("stoppedByTool", longRunning.StoppedByTool);
        if (longRunning.Exercise is { } exercise)
        {
            writer.WriteStartObject("exercise");
            writer.WriteString("command", exercise.Command);
            writer.WriteBoolean("succeeded", exercise.Succeeded);
            writer.WriteNumber("exitCode", exercise.ExitCode);
            if (exercise.Signal is { } signal)
            {
                writer.WriteNumber("signal", signal);
            }
            else
            {
                writer.WriteNull("signal");
            }

            writer.WriteBoolean("timedOut", exercise.TimedOut);
            writer.WriteNumber("seconds", Math.Round(exercise.Elapsed.TotalSeconds, 3));
            WriteNullable(writer, "output", exercise.Succeeded ? null : exercise.Output);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("exercise");
        }

        writer.WriteEndObject();
    }

    /// <summary>The JSON name of a failure: <c>exited-before-ready</c>, <c>not-ready</c>, <c>unreachable</c>, <c>exercise-failed</c>, <c>exited-before-stop</c>.</summary>
    public static string FailureName(LongRunningFailure failure) => failure switch
    {
        LongRunningFailure.ExitedBeforeReady => "exited-before-ready",
        LongRunningFailure.NotReady => "not-ready",
        LongRunningFailure.Unreachable => "unreachable",
        LongRunningFailure.ExerciseFailed => "exercise-failed",
        LongRunningFailure.ExitedBeforeStop => "exited-before-stop",
        _ => "none",
    };

    private static void WriteEvidence(Utf8JsonWriter writer, Evidence evidence)
    {
        writer.WriteNumber("accesses", evidence.Count);
        writer.WriteStartArray("processes");
        foreach (var process in evidence.Processes)
        {
            writer.WriteStringValue(process);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("examples");
        foreach (var example in evidence.Examples)
        {
            writer.WriteStringValue(example);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
