using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>
/// Factory methods for generated profiles. Strings are always escaped string literals, so text from a trace
/// (paths, names) can never break out of its string; regexes built from literal text go through
/// <see cref="RegexQuote"/>.
/// </summary>
public static class SbplBuild
{
    public static SbplSymbol Symbol(string name) => new(name);

    public static SbplStringLiteral Text(string value) => new(value);

    public static SbplRawString Raw(string value) => new(value);

    public static SbplInteger Number(long value) => new(value);

    public static SbplBoolean Boolean(bool value) => new(value);

    public static SbplComment Comment(string text) => new(text);

    public static SbplBlankLine BlankLine => SbplBlankLine.Instance;

    public static SbplList List(params IEnumerable<SbplNode> items) => new([.. items]);

    /// <summary><c>(head args…)</c>.</summary>
    public static SbplList Form(string head, params IEnumerable<SbplNode> arguments) => new([Symbol(head), .. arguments]);

    public static SbplDocument Document(params IEnumerable<SbplNode> items) => new([.. items]);

    /// <summary><c>(version 1)</c>.</summary>
    public static SbplList Version() => Form("version", Number(1));

    /// <summary><c>(allow|deny OP… FILTER… MODIFIER…)</c>.</summary>
    public static SbplList Rule(RuleAction action, IEnumerable<string> operations, IEnumerable<SbplNode>? filters = null, IEnumerable<SbplNode>? modifiers = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var ops = operations.Select(Symbol).ToList();
        if (ops.Count == 0)
        {
            throw new ArgumentException("a rule needs at least one operation", nameof(operations));
        }

        return Form(action == RuleAction.Allow ? "allow" : "deny", [.. ops, .. filters ?? [], .. modifiers ?? []]);
    }

    /// <summary><c>(with NAME args…)</c>, e.g. <c>(with report)</c> or <c>(with message "tag")</c>.</summary>
    public static SbplList Modifier(string name, params IEnumerable<SbplNode> arguments) => Form("with", [Symbol(name), .. arguments]);

    /// <summary><c>(param "KEY")</c>.</summary>
    public static SbplList Param(string key) => Form("param", Text(key));

    public static SbplList Literal(string path) => Form("literal", Text(path));

    public static SbplList Subpath(string path) => Form("subpath", Text(path));

    public static SbplList Prefix(string path) => Form("prefix", Text(path));

    /// <summary><c>(regex "pattern")</c>; build patterns from literal text with <see cref="RegexQuote"/>.</summary>
    public static SbplList Regex(string pattern) => Form("regex", Text(pattern));

    /// <summary><c>(subpath (param "HOME"))</c>.</summary>
    public static SbplList SubpathParam(string key) => Form("subpath", Param(key));

    /// <summary><c>(subpath (string-append (param "HOME") "/.config"))</c>.</summary>
    public static SbplList SubpathParam(string key, string suffix) => Form("subpath", Form("string-append", Param(key), Text(suffix)));

    /// <summary><c>(literal (string-append (param "HOME") "/.x"))</c>.</summary>
    public static SbplList LiteralParam(string key, string suffix) => Form("literal", Form("string-append", Param(key), Text(suffix)));

    /// <summary><c>(regex (string-append "^" (regex-quote (param "HOME")) "/\\.cache/[^/]+$"))</c>: the parameter's
    /// value is quoted by libsandbox at load time, <paramref name="suffixPattern"/> is a regex.</summary>
    public static SbplList RegexParam(string key, string suffixPattern) =>
        Form("regex", Form("string-append", Text("^"), Form("regex-quote", Param(key)), Text(suffixPattern)));

    /// <summary>Escapes regex metacharacters in literal text with a backslash: exactly the set libsandbox's
    /// <c>regex-quote</c> escapes (<c>^ . [ $ ( ) | * + ? { \</c>).</summary>
    public static string RegexQuote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SbplProcedures.RegexQuote(text);
    }
}
