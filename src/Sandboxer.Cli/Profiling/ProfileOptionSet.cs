using System.CommandLine;
using Sandboxer.Cli.Options;

namespace Sandboxer.Cli.Profiling;

/// <summary>The options of <c>sandboxer profile</c> (docs/cli.md), shared with <c>sandboxer demo</c>.</summary>
internal sealed class ProfileOptionSet
{
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Where to write the profile (default ./<command-name>.sb, or ./<mode>.sb with --mode).", HelpName = "FILE" };

    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite the output file if it exists." };

    public Option<string?> WorkingDirectory { get; } = new("--workdir", "-w") { Description = "Run the program in DIR (its WORKING_DIR; default: the current directory).", HelpName = "DIR" };

    public Option<int> Runs { get; } = new("--runs") { Description = "Observation runs, each with a fresh TMPDIR; names that differ between runs are generalized.", DefaultValueFactory = _ => 1, HelpName = "N" };

    public Option<bool> Baseline { get; } = new("--baseline") { Description = "Run the program once untraced first; that run defines how it normally behaves." };

    public Option<bool> ExpectOutput { get; } = new("--expect-output") { Description = "The program's stdout must match the first run's in every enforced run." };

    public Option<int> MaxIterations { get; } = new("--max-iterations") { Description = "At most N enforced runs to refine the profile.", DefaultValueFactory = _ => 8, HelpName = "N" };

    public Option<int> VerifyRuns { get; } = new("--verify-runs") { Description = "Enforced runs with fresh TMPDIRs that must pass with no denials before the profile counts as verified.", DefaultValueFactory = _ => 1, HelpName = "N" };

    public Option<string?> Report { get; } = new("--report") { Description = "Write the JSON report to FILE.", HelpName = "FILE" };

    public Option<bool> NoProbe { get; } = new("--no-probe") { Description = "Skip the negative probes (the profile then cannot be verified as blocking secrets)." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the JSON report on stdout instead of the summary." };

    /// <summary><c>--ready-port</c>, <c>--ready-timeout</c>, <c>--exercise</c>, <c>--exercise-timeout</c>, <c>--stop-after</c>.</summary>
    public LongRunningOptionSet LongRunning { get; } = new();

    public Option<string?> Timeout { get; } = new("--timeout") { Description = "Stop the program if a run takes longer than DURATION.", HelpName = "DURATION" };

    public Option<string[]> Define { get; } = ParameterOptions.CreateDefine();

    public PolicyChoiceOptions Choices { get; } = new();

    public ProfileOptionSet()
    {
        Runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--runs must be at least 1"); } });
        MaxIterations.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--max-iterations must be at least 1"); } });
        VerifyRuns.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--verify-runs must not be negative"); } });
        DurationParser.AddValidator(Timeout);
    }

    public void AddTo(Command command, bool includeOutputChoices = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (includeOutputChoices)
        {
            command.Options.Add(Output);
            command.Options.Add(Force);
            command.Options.Add(WorkingDirectory);
        }

        Choices.AddTo(command);
        foreach (var option in new Option[] { Runs, Baseline, ExpectOutput, MaxIterations, VerifyRuns, Report, NoProbe, Json }.Concat(LongRunning.All).Concat([Timeout, Define]))
        {
            command.Options.Add(option);
        }
    }

    public static TimeSpan? ReadDuration(ParseResult parseResult, Option<string?> option) => DurationParser.Read(parseResult, option);
}
