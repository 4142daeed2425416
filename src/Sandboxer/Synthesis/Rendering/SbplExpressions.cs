using System.Globalization;
using System.Text;
using Sandboxer.Events;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Rendering;

/// <summary>
/// The SBPL text of one filter. Every string goes through <see cref="SbplString.Quote"/>, and text placed in a
/// regular expression through <see cref="NameShape.Quote"/> first, so no path can end a string, start a form or
/// change what a pattern matches.
/// </summary>
internal static class SbplExpressions
{
    public static string Filter(GrantTarget target) => target switch
    {
        PathTarget { Pattern: LiteralPattern literal } => PathForm("literal", literal.Path),
        PathTarget { Pattern: SubpathPattern subpath } => PathForm("subpath", subpath.Path),
        PathTarget { Pattern: RegexPattern regex } => Regex(regex.Directory, regex.Tail),
        NetworkTarget network => Network(network),
        NameTarget name => "(" + name.FilterKind + " " + SbplString.Quote(name.Name) + ")",
        SignalTarget signal => "(target " + signal.Target + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "an unfiltered grant has no filter"),
    };

    /// <summary><c>(literal "/p")</c>, <c>(subpath (param "HOME"))</c>, <c>(literal (string-append (param "HOME") "/.x"))</c>.</summary>
    public static string PathForm(string kind, AnchoredPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!SbplString.CanQuote(path.Relative))
        {
            // Bytes that are not UTF-8 (Linux) cannot be written into a profile: match each with one `.`.
            return Regex(path with { Relative = string.Empty }, UndecodableToRegex(path.Relative) + (kind == "subpath" ? "(/.*)?$" : "$"));
        }

        return "(" + kind + " " + PathValue(path) + ")";
    }

    /// <summary>The string-valued expression for a path: a literal, <c>(param "X")</c> or a <c>string-append</c>.</summary>
    public static string PathValue(AnchoredPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Parameter is null)
        {
            return SbplString.Quote(path.Relative);
        }

        var parameter = "(param " + SbplString.Quote(path.Parameter) + ")";
        return path.Relative.Length == 0 ? parameter : "(string-append " + parameter + " " + SbplString.Quote(path.Relative) + ")";
    }

    /// <summary>
    /// <c>(regex "^/abs/tail$")</c>, or for a parameter <c>(regex (string-append "^" (regex-quote (param "X")) "/tail$"))</c>.
    /// </summary>
    public static string Regex(AnchoredPath directory, string tail)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(tail);
        var quotedDirectory = directory.Relative == "/" ? string.Empty : NameShape.Quote(directory.Relative);
        if (directory.Parameter is null)
        {
            return "(regex " + SbplString.Quote("^" + quotedDirectory + tail) + ")";
        }

        return "(regex (string-append \"^\" (regex-quote (param " + SbplString.Quote(directory.Parameter) + ")) "
            + SbplString.Quote(quotedDirectory + tail) + "))";
    }

    private static string Network(NetworkTarget network)
    {
        var side = network.Side == NetworkSide.Remote ? "remote" : "local";
        var host = network.Host == NetworkHost.Localhost ? "localhost" : "*";
        var port = network.Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*";
        return "(" + side + " " + network.Protocol + " " + SbplString.Quote(host + ":" + port) + ")";
    }

    private static string UndecodableToRegex(string relative)
    {
        var builder = new StringBuilder();
        foreach (var c in relative)
        {
            builder.Append(char.IsSurrogate(c) || c == '\0' ? "." : NameShape.Quote(c.ToString()));
        }

        return builder.ToString();
    }

    /// <summary>The path as a comment shows it, with undecodable bytes as <c>\xNN</c> and no line breaks.</summary>
    public static string ForComment(string text) =>
        PathBytes.ToDisplay(text).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
