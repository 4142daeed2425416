namespace Sandboxer.Analysis.Diff;

/// <summary>What a difference is about.</summary>
/// <param name="Kind"><c>path</c>, <c>name</c>, <c>local</c>, <c>remote</c>, <c>signal-target</c>, or <c>other</c> (anything no filter of either profile names).</param>
/// <param name="Value">The path, name or <c>proto:host:port</c>; <c>*</c> for <c>other</c>.</param>
/// <param name="Scope">For paths: <c>literal</c> (that path), <c>subpath</c> (it and below) or <c>prefix</c> (it and longer strings).</param>
public sealed record DiffTarget(string Kind, string Value, string? Scope = null)
{
    public static DiffTarget Other { get; } = new("other", "*");

    public override string ToString() => Kind switch
    {
        "other" => "(any other target)",
        "path" when Scope is "subpath" or "prefix" => $"{Scope} {Value}",
        "path" => Value,
        _ => $"{Kind} {Value}",
    };
}
