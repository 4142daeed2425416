using System.Text.RegularExpressions;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Grants;

/// <summary>
/// <c>(regex …)</c> rooted at a directory: the full expression is <c>^</c> + the quoted value of
/// <see cref="Directory"/> + <see cref="Tail"/>. <see cref="Tail"/> starts with <c>/</c>, ends with <c>$</c> and uses
/// only the POSIX-ERE subset both AppleMatch and .NET read the same way (bracket classes, <c>+ * ?</c>, groups, <c>|</c>).
/// </summary>
public sealed record RegexPattern(AnchoredPath Directory, string Tail, string Shape) : PathPattern
{
    private Regex? _compiled;

    public override AnchoredPath Root => Directory;

    public override bool Covers(AnchoredPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.IsWithin(Directory) || path == Directory)
        {
            return false;
        }

        var rest = path.Relative[(Directory.Relative == "/" ? 0 : Directory.Relative.Length)..];
        _compiled ??= new Regex("^" + Tail, RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return _compiled.IsMatch(rest);
    }

    public bool Equals(RegexPattern? other) =>
        other is not null && Directory == other.Directory && Tail == other.Tail && Shape == other.Shape;

    public override int GetHashCode() => HashCode.Combine(Directory, Tail, Shape);

    public override string ToString() => Directory + " =~ " + Tail;
}
