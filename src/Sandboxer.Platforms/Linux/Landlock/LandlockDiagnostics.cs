using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>The <c>LL5xxx</c> diagnostics of Landlock compilation and enforcement.</summary>
internal static class LandlockDiagnostics
{
    /// <summary>A path named by an allow rule does not exist at launch: no rule can be added (stricter).</summary>
    public const string MissingPath = "LL5001";

    /// <summary>A literal names a directory: Landlock's read-dir right would cover its subtree (stricter).</summary>
    public const string LiteralDirectory = "LL5002";

    /// <summary>A deny inside an allowed directory: the directory was expanded into its allowed children.</summary>
    public const string HolePunched = "LL5003";

    /// <summary>Create/unlink is per directory in Landlock; allowed only for some entries (stricter).</summary>
    public const string PerEntryCreate = "LL5004";

    /// <summary>A regex/prefix was expanded over the existing tree; paths created later are not covered (stricter).</summary>
    public const string PatternExpanded = "LL5005";

    /// <summary>A regex/prefix could not be expanded (unanchored, or too many paths): omitted (stricter).</summary>
    public const string PatternNotExpanded = "LL5006";

    /// <summary>A path named by a rule goes through a symlink; the rule applies to the resolved path only.</summary>
    public const string SymlinkedPath = "LL5007";

    /// <summary>Partial grant: some rights the profile allows on a path could not be granted (stricter).</summary>
    public const string Stricter = "LL5008";

    /// <summary>An operation the profile restricts that Landlock cannot enforce on Linux.</summary>
    public const string NotEnforced = "LL5010";

    /// <summary>The profile restricts network hosts in a way Linux can only approximate.</summary>
    public const string NetworkHosts = "LL5011";

    /// <summary>The profile names macOS-only operations: not applicable on Linux.</summary>
    public const string NotApplicable = "LL5012";

    /// <summary>The running kernel's Landlock ABI lacks a right the plan uses.</summary>
    public const string AbiDegraded = "LL5020";

    /// <summary>A rule's path changed between compilation and launch; the rule was skipped (stricter).</summary>
    public const string PathChanged = "LL5021";

    /// <summary>The expansion budget was exhausted; the rest was not granted (stricter).</summary>
    public const string BudgetExhausted = "LL5022";

    /// <summary>A right Landlock has only per directory was granted on the directory for a traced run (every use checked).</summary>
    public const string TracedWidening = "LL5023";

    public static Diagnostic Warning(string code, string message, SourceLocation? location = null) =>
        new(code, DiagnosticSeverity.Warning, message, location);

    public static Diagnostic Info(string code, string message, SourceLocation? location = null) =>
        new(code, DiagnosticSeverity.Info, message, location);
}
