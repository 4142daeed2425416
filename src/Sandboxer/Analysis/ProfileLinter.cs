using System.Globalization;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Analysis;

/// <summary>
/// Finds the mistakes that make a Seatbelt profile weaker than it looks (SBPL4xxx warnings, each at the rule it is
/// about): <c>(allow default)</c>, unfiltered broad allows, rules on <c>/</c> or a whole home, paths that never match on
/// macOS, unrestricted outbound network, and — decided with the engine — secrets the profile lets a program read or
/// write. Undecidable decisions count as possibly reachable and say so.
/// </summary>
public static class ProfileLinter
{
    private static readonly string[] BroadFileOperations = ["file*", "file-read*", "file-read-data", "file-write*", "file-write-data"];
    private static readonly string[] BroadNetworkOperations = ["network*"];
    private static readonly string[] OutboundOperations = ["network*", "network-outbound"];

    public static IReadOnlyList<Diagnostic> Lint(Profile profile, LintOptions? options = null) =>
        Lint(PolicyEngine.Compile(profile), options);

    public static IReadOnlyList<Diagnostic> Lint(PolicyEngine engine, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        options ??= new LintOptions();
        var findings = new List<Diagnostic>();
        foreach (var rule in engine.Profile.Rules)
        {
            LintRule(rule, options, findings);
        }

        findings.AddRange(SecretsReachable(engine, options));
        return [.. findings.OrderBy(d => d.Location?.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Start.Line ?? 0)
            .ThenBy(d => d.Location?.Start.Column ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)];
    }

    private static void LintRule(Rule rule, LintOptions options, List<Diagnostic> findings)
    {
        void Add(string code, string message) => findings.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, rule.Location));

        var allow = rule.Action == RuleAction.Allow;
        if (allow && rule.Filter is null)
        {
            if (rule.Operations.Contains(OperationCatalog.Default))
            {
                Add(LintCodes.AllowDefault, "`(allow default)` allows every operation that no rule denies; start from `(deny default)` and allow what the program needs");
            }

            foreach (var operation in rule.Operations.Where(o => BroadFileOperations.Contains(o) || BroadNetworkOperations.Contains(o)))
            {
                Add(LintCodes.UnfilteredBroadAllow, $"unfiltered `(allow {operation})` allows it on every {(operation.StartsWith("file", StringComparison.Ordinal) ? "path" : "address")}; restrict it with filters");
            }

            if (rule.Operations.Contains("network-outbound"))
            {
                Add(LintCodes.UnrestrictedOutbound, "unfiltered `(allow network-outbound)` lets the program connect to any host and port, and any unix socket");
            }
        }

        if (rule.Filter is null)
        {
            return;
        }

        foreach (var leaf in Leaves(rule.Filter))
        {
            switch (leaf)
            {
                case PathFilter path:
                    LintPath(rule, path, options, Add);
                    break;
                case NetworkFilter { Side: NetworkSide.Remote, Host: NetworkHost.Any, Port: null, Protocol: not NetworkProtocol.Unix } network
                    when allow && rule.Operations.Any(OutboundOperations.Contains):
                    Add(LintCodes.UnrestrictedOutbound, $"{FilterText.Format(network)} allows connecting to any host on any port; name the ports, or use localhost");
                    break;
            }
        }
    }

    private static void LintPath(Rule rule, PathFilter path, LintOptions options, Action<string, string> add)
    {
        var pattern = path.Pattern;
        if (path.Match == PathMatch.Regex)
        {
            LintRegex(pattern, options, add);
            return;
        }

        if ((options.Platforms & TargetPlatform.MacOS) != 0 && MacOSPaths.SymlinkedRootOf(pattern) is { } root && !(path.Match == PathMatch.Literal && pattern == root))
        {
            add(LintCodes.SymlinkedPath, $"{FilterText.Format(path)} never matches on macOS: the kernel resolves {root} to /private{root} before matching; write {FilterText.Quote(MacOSPaths.Resolve(pattern))}");
        }

        if (pattern.Length > 1 && pattern.EndsWith('/') && path.Match is PathMatch.Literal or PathMatch.Subpath)
        {
            add(LintCodes.TrailingSlash, path.Match == PathMatch.Literal
                ? $"{FilterText.Format(path)} ends with `/`; resolved paths never do, so it never matches"
                : $"{FilterText.Format(path)} ends with `/`; how macOS matches it is not documented (sandboxer reads it as the directory and below); drop the slash");
        }

        if (rule.Action == RuleAction.Allow && path.Match is PathMatch.Subpath or PathMatch.Prefix && rule.Operations.Any(OpensContent)
            && DescribeBroadPath(pattern, path.Match, options.Home) is { } what)
        {
            add(LintCodes.RootOrHome, $"{FilterText.Format(path)} opens {what} to {string.Join(' ', rule.Operations.Where(OpensContent))}; name the directories the program needs");
        }
    }

    private static void LintRegex(string pattern, LintOptions options, Action<string, string> add)
    {
        if (pattern.Contains("/*", StringComparison.Ordinal))
        {
            add(LintCodes.GlobLikeRegex, $"regex {FilterText.Quote(pattern)} contains `/*`, which repeats `/` (it is not a glob); for one path component write `/[^/]+`");
        }

        if ((options.Platforms & TargetPlatform.MacOS) != 0 && pattern.StartsWith("^/", StringComparison.Ordinal) && MacOSPaths.SymlinkedRootOf(RegexLiteralHead(pattern[1..])) is { } root)
        {
            add(LintCodes.SymlinkedPath, $"regex {FilterText.Quote(pattern)} never matches on macOS: the kernel resolves {root} to /private{root} before matching");
        }
    }

    /// <summary>The literal text at the start of a regex, up to its first special character.</summary>
    private static string RegexLiteralHead(string pattern)
    {
        var end = pattern.IndexOfAny(['.', '[', '(', '*', '+', '?', '{', '|', '\\', '$', '^']);
        return end < 0 ? pattern : pattern[..end];
    }

    private static bool OpensContent(string operation) =>
        operation is OperationCatalog.Default or "file*" or "file-read*" or "file-read-data" or "file-write*"
        || operation.StartsWith("file-write-", StringComparison.Ordinal);

    private static string? DescribeBroadPath(string pattern, PathMatch match, string? home)
    {
        var trimmed = match == PathMatch.Subpath ? PathMatching.NormalizeSubpath(pattern) : pattern;
        if (trimmed.Length == 0 || (match == PathMatch.Prefix && trimmed == "/"))
        {
            return "the whole file system";
        }

        if (home is not null)
        {
            var normalizedHome = home.TrimEnd('/');
            if (normalizedHome.StartsWith(trimmed, StringComparison.Ordinal)
                && (match == PathMatch.Prefix || normalizedHome.Length == trimmed.Length || normalizedHome[trimmed.Length] == '/'))
            {
                return normalizedHome.Length == trimmed.Length ? "all of HOME" : $"all of HOME ({normalizedHome}) and more";
            }
        }

        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 1 && parts[0] is "Users" or "home" && parts.Length <= 2)
        {
            return parts.Length == 1 ? "every home directory" : "a whole home directory";
        }

        return null;
    }

    private static IEnumerable<Filter> Leaves(Filter filter) => filter switch
    {
        RequireAny any => any.Filters.SelectMany(Leaves),
        RequireAll all => all.Filters.SelectMany(Leaves),
        RequireNot not => Leaves(not.Filter),
        _ => [filter],
    };

    private static IEnumerable<Diagnostic> SecretsReachable(PolicyEngine engine, LintOptions options)
    {
        // (code, rule or import location, display text of the rule) → locations reached
        var groups = new Dictionary<(string Code, object Source), SecretFinding>();
        foreach (var location in SensitiveLocations.All)
        {
            foreach (var platform in new[] { TargetPlatform.MacOS, TargetPlatform.Linux }.Where(p => (location.Platforms & p & options.Platforms) != 0))
            {
                var home = options.Home ?? SensitiveLocations.PlaceholderHome(platform);
                foreach (var (access, operation, code) in new[]
                {
                    (SensitiveAccess.Read, "file-read-data", LintCodes.SecretReadable),
                    (SensitiveAccess.Write, "file-write-data", LintCodes.SecretWritable),
                    (SensitiveAccess.Write, "file-write-create", LintCodes.SecretWritable),
                })
                {
                    if ((location.Threat & access) == 0)
                    {
                        continue;
                    }

                    foreach (var path in location.ExamplePaths(home, platform).Distinct(StringComparer.Ordinal))
                    {
                        var decision = engine.Decide(new AccessRequest(operation) { Path = path });
                        if (!decision.MayBeAllowed)
                        {
                            continue;
                        }

                        var (source, where, undecidable) = Source(decision);
                        if (!groups.TryGetValue((code, source), out var finding))
                        {
                            groups[(code, source)] = finding = new SecretFinding(code, where, undecidable, []);
                        }

                        if (!finding.Locations.Contains(location))
                        {
                            finding.Locations.Add(location);
                        }

                        break;
                    }
                }
            }
        }

        foreach (var finding in groups.Values)
        {
            var verb = finding.Code == LintCodes.SecretReadable ? "reading" : "writing";
            var shown = finding.Locations.Take(4).Select(l => $"{l.Path} ({l.Reason})");
            var more = finding.Locations.Count > 4
                ? string.Create(CultureInfo.InvariantCulture, $"; and {finding.Locations.Count - 4} more: {string.Join(", ", finding.Locations.Skip(4).Select(l => l.Path))}")
                : string.Empty;
            var message = finding.Undecidable is { } why
                ? $"may allow {verb} {string.Join("; ", shown)}{more} (undecidable: {why})"
                : $"allows {verb} {string.Join("; ", shown)}{more}; deny them after this rule or narrow it";
            yield return new Diagnostic(finding.Code, DiagnosticSeverity.Warning, message, finding.Where);
        }
    }

    /// <summary>What to blame for a possible allow: the allowing rule, or what makes the decision undecidable.</summary>
    private static (object Source, Sbpl.Text.SourceLocation? Where, string? Undecidable) Source(Decision decision)
    {
        if (decision.IsAllowed)
        {
            return decision.Rule is { } rule ? (rule, rule.Location, null) : ("built-in " + decision.DecidedBy, null, null);
        }

        var uncertainty = decision.Uncertainties.First(u => u.AlternativeAction == RuleAction.Allow);
        if (uncertainty.Rule is { } possible)
        {
            return (possible, possible.Location, uncertainty.Message);
        }

        if (uncertainty.Import is { } import)
        {
            return (import, import.Location, uncertainty.Message);
        }

        return (uncertainty.Message, null, uncertainty.Message);
    }

    private sealed record SecretFinding(string Code, Sbpl.Text.SourceLocation? Where, string? Undecidable, List<SensitiveLocation> Locations);
}
