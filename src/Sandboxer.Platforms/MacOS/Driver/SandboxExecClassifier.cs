using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Classifies a finished <c>sandbox-exec</c> from its exit status and stderr (docs/macos-runtime.md §1.2).
/// sandbox-exec writes its own diagnostics before the target starts, prefixed <c>sandbox-exec: </c>, so they are
/// looked for on the <em>first</em> stderr line only, and only with its exit codes (65 = EX_DATAERR, 71 = EX_OSERR):
/// a target that exits 65 or 71 on its own is still just a target that exited.
/// </summary>
internal static partial class SandboxExecClassifier
{
    public const int ProfileErrorExitCode = 65;
    public const int SystemErrorExitCode = 71;
    public const int AbortExitCode = 134;

    public static SandboxExecOutcome Classify(int exitCode, string stderr, ProfileSourceMap? sourceMap)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var lines = stderr.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = lines[0];
        switch (exitCode)
        {
            case ProfileErrorExitCode when first.StartsWith("sandbox-exec: ", StringComparison.Ordinal):
                return ProfileError(first["sandbox-exec: ".Length..], lines, sourceMap);
            case SystemErrorExitCode when first.StartsWith("sandbox-exec: sandbox_apply: ", StringComparison.Ordinal):
                var reason = first["sandbox-exec: sandbox_apply: ".Length..];
                return reason == "Operation not permitted" ? new NestedSandbox() : new ApplyFailed(reason);
            case SystemErrorExitCode when ExecFailure().Match(first) is { Success: true } exec:
                return new ExecFailed(exec.Groups["program"].Value, exec.Groups["reason"].Value);
            case AbortExitCode when string.IsNullOrWhiteSpace(stderr):
                return new DiedAtStartup(exitCode);
            case AbortExitCode when CompilerAssertion().IsMatch(first):
                return new ProfileRejected("the profile is too large for the sandbox compiler (" + first.Trim() + "); split it or use fewer, broader rules", null, null);
            default:
                return new TargetExited(exitCode);
        }
    }

    private static ProfileRejected ProfileError(string text, string[] lines, ProfileSourceMap? sourceMap)
    {
        var message = text;
        Sandboxer.Sbpl.Text.SourceLocation? location = null;
        var at = MessageLocation().Match(text);
        if (at.Success)
        {
            message = at.Groups["message"].Value;
            location = Locate(at.Groups["file"].Value, at.Groups["line"].Value, at.Groups["column"].Success ? at.Groups["column"].Value : null, sourceMap);
        }

        string? form = null;
        var backtrace = Array.FindIndex(lines, l => l.Trim() == "Backtrace:");
        if (backtrace >= 0)
        {
            for (var i = backtrace + 1; i < lines.Length; i++)
            {
                var frame = BacktraceFrame().Match(lines[i].Trim());
                if (!frame.Success)
                {
                    continue;
                }

                location ??= Locate(frame.Groups["file"].Value, frame.Groups["line"].Value, frame.Groups["column"].Value, sourceMap);
                form = lines.Skip(i + 1).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !BacktraceFrame().IsMatch(l));
                break;
            }
        }

        return new ProfileRejected(message, location, form);
    }

    private static Sandboxer.Sbpl.Text.SourceLocation Locate(string file, string lineText, string? columnText, ProfileSourceMap? sourceMap)
    {
        var line = int.Parse(lineText, NumberStyles.None, CultureInfo.InvariantCulture);
        int? column = columnText is null ? null : int.Parse(columnText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (sourceMap is not null && sourceMap.IsExecutedFile(file) && sourceMap.Map(line, column) is { } mapped)
        {
            return mapped;
        }

        var position = new Sandboxer.Sbpl.Text.LinePosition(line, column ?? 1);
        return new Sandboxer.Sbpl.Text.SourceLocation(file, default, position, position);
    }

    [GeneratedRegex(@"\A(?<message>.*?) at (?<file>.+), line (?<line>[0-9]{1,9})(?:, column (?<column>[0-9]{1,9}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessageLocation();

    [GeneratedRegex(@"\A(?<file>.+):(?<line>[0-9]{1,9}):(?<column>[0-9]{1,9}):\z", RegexOptions.CultureInvariant)]
    private static partial Regex BacktraceFrame();

    [GeneratedRegex(@"\A(?:sandbox-exec: )?execvp\(\) of '(?<program>.*)' failed: (?<reason>.+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ExecFailure();

    [GeneratedRegex(@"\AAssertion failed: .*(?:INSTR_JUMP|serialize\.c)", RegexOptions.CultureInvariant)]
    private static partial Regex CompilerAssertion();
}
