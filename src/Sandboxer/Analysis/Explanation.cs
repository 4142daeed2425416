using System.Globalization;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Analysis;

/// <summary>A decision with what it was about, rendered for <c>sandboxer explain</c>.</summary>
public sealed record Explanation(AccessRequest Request, Decision Decision)
{
    /// <summary>The <c>reason</c> word of docs/cli.md: <c>rule</c>, <c>operation-default</c>, <c>profile-default</c>, <c>builtin</c>.</summary>
    public static string ReasonName(DecisionReason reason) => reason switch
    {
        DecisionReason.Rule => "rule",
        DecisionReason.OperationDefault => "operation-default",
        DecisionReason.ProfileDefault => "profile-default",
        _ => "builtin",
    };

    public static string ActionName(RuleAction action) => action == RuleAction.Allow ? "allow" : "deny";

    /// <summary>What the request is about: <c>path</c>, <c>local</c>, <c>remote</c>, <c>name</c>, or <see langword="null"/>.</summary>
    public string? TargetKind =>
        Request.Path is not null ? "path" : Request.Remote is not null ? "remote" : Request.Local is not null ? "local" : Request.Name is not null ? "name" : null;

    /// <summary>The target as given: the path, <c>proto:host:port</c>, or the name; <see langword="null"/> without one.</summary>
    public string? Target =>
        Request.Path ?? Request.Remote?.ToString() ?? Request.Local?.ToString() ?? Request.Name;

    /// <summary>The human-readable explanation, one line per entry.</summary>
    public IEnumerable<string> TextLines()
    {
        var target = Target is null ? string.Empty : " " + Target;
        var verdict = Decision.IsCertain
            ? ActionName(Decision.Action)
            : $"{ActionName(Decision.Action)} (undecidable: could be {string.Join(" or ", Decision.Uncertainties.Select(u => ActionName(u.AlternativeAction)).Distinct())})";
        yield return $"{verdict}: {OperationCatalog.Canonicalize(Request.Operation)}{target}";
        yield return Decision.Reason switch
        {
            DecisionReason.Rule => $"  decided by a rule of {Decision.DecidedBy} that matches the target",
            DecisionReason.OperationDefault => $"  no filtered rule matched; the unfiltered rule of {Decision.DecidedBy} applies",
            DecisionReason.ProfileDefault => "  no rule of the operation or its parents matched; the profile's default rule applies",
            _ => Decision.DecidedBy == OperationCatalog.Default
                ? "  no rule matched and the profile has no default rule; Seatbelt denies by default"
                : $"  no rule matched; {Decision.DecidedBy} is allowed or denied by Seatbelt itself ({ActionName(Decision.Action)}), without falling back to default",
        };
        if (Decision.Rule is { } rule)
        {
            yield return "  rule: " + RuleText(rule);
        }

        foreach (var uncertainty in Decision.Uncertainties)
        {
            yield return $"  could be {ActionName(uncertainty.AlternativeAction)}: {uncertainty.Message}";
        }
    }

    /// <summary><c>file:line:column: text</c> of a rule, or its text alone.</summary>
    public static string RuleText(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = rule.Text ?? $"({ActionName(rule.Action)} {string.Join(' ', rule.Operations)}{(rule.Filter is null ? string.Empty : " " + FilterText.Format(rule.Filter))})";
        return rule.Location is { } location
            ? string.Create(CultureInfo.InvariantCulture, $"{location.Path}:{location.Start.Line}:{location.Start.Column}: {text}")
            : text;
    }
}
