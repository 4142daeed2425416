using Sandboxer.Collections;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Formatting;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>The exact command lines the collector runs besides the target.</summary>
internal static class CollectorCommands
{
    public const string LogExecutable = "/usr/bin/log";

    /// <summary>
    /// Every record the Sandbox kernel extension sends: profile reports, duplicate summaries, System Policy lines.
    /// Filtering by tag here would lose the untagged duplicate summaries and <c>(with report)</c> allows; the
    /// parser checks provenance and the attribution picks the run's reports.
    /// </summary>
    public const string Predicate = "sender == \"Sandbox\"";

    /// <summary><c>/usr/bin/log stream --style ndjson --predicate 'sender == "Sandbox"'</c> (absolute: zsh has a <c>log</c> builtin).</summary>
    public static EquatableArray<string> LogStream { get; } = [LogExecutable, "stream", "--style", "ndjson", "--predicate", Predicate];

    /// <summary>
    /// A sentinel run that makes the kernel report one denial tagged <paramref name="tag"/>:
    /// <c>sandbox-exec -p '(version 1)(allow default)(deny file-read-data (literal "FILE") (with message "TAG"))' /bin/cat FILE</c>.
    /// Seeing it in the stream proves the stream is live (READY) or has caught up (FENCE). <c>/bin/cat</c> is a
    /// platform binary, whose reports are not dropped (docs/macos-runtime.md §3.3).
    /// </summary>
    public static EquatableArray<string> Sentinel(string tag, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!RunTag.IsValid(tag))
        {
            throw new ArgumentException($"'{tag}' is not a valid tag", nameof(tag));
        }

        var profile = $"(version 1)(allow default)(deny file-read-data (literal {SbplString.Quote(file)}) (with message {SbplString.Quote(tag)}))";
        return [SandboxExecCommand.Executable, "-p", profile, "/bin/cat", file];
    }
}
