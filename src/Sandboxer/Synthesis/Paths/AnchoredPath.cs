namespace Sandboxer.Synthesis.Paths;

/// <summary>
/// A path relative to a profile parameter (<c>HOME</c>, <c>WORKING_DIR</c>, <c>TMPDIR</c>) or, when
/// <see cref="Parameter"/> is <see langword="null"/>, an absolute path. <see cref="Relative"/> is empty for the
/// anchor itself and otherwise starts with <c>/</c>.
/// </summary>
public sealed record AnchoredPath(string? Parameter, string Relative) : IComparable<AnchoredPath>
{
    public static AnchoredPath Absolute(string path) => new(null, path);

    public bool IsAnchorItself => Parameter is not null && Relative.Length == 0;

    /// <summary>The last component, or empty for an anchor itself and for <c>/</c>.</summary>
    public string Name
    {
        get
        {
            var slash = Relative.LastIndexOf('/');
            return slash < 0 ? Relative : Relative[(slash + 1)..];
        }
    }

    /// <summary>The parent directory, or <see langword="null"/> for <c>/</c> and for an anchor itself.</summary>
    public AnchoredPath? Parent
    {
        get
        {
            if (Relative.Length == 0 || Relative == "/")
            {
                return null;
            }

            var slash = Relative.LastIndexOf('/');
            if (slash <= 0)
            {
                return Parameter is null ? new AnchoredPath(null, "/") : new AnchoredPath(Parameter, string.Empty);
            }

            return this with { Relative = Relative[..slash] };
        }
    }

    /// <summary>Number of components below the anchor (<c>/</c> and anchors themselves have 0).</summary>
    public int Depth => Relative.Count(c => c == '/') - (Relative == "/" ? 1 : 0);

    public AnchoredPath Child(string name) =>
        this with { Relative = (Relative == "/" ? string.Empty : Relative) + "/" + name };

    /// <summary>True when this path is <paramref name="other"/> or lies below it (same anchor, component boundary).</summary>
    public bool IsWithin(AnchoredPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Parameter != other.Parameter)
        {
            return false;
        }

        if (other.Relative.Length == 0 || other.Relative == "/")
        {
            return true;
        }

        return Relative == other.Relative
            || (Relative.StartsWith(other.Relative, StringComparison.Ordinal) && Relative[other.Relative.Length] == '/');
    }

    /// <summary>The path with the anchor's value substituted.</summary>
    public string Resolve(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (Parameter is null)
        {
            return Relative;
        }

        return parameters.TryGetValue(Parameter, out var value)
            ? value.TrimEnd('/') + Relative
            : throw new KeyNotFoundException($"parameter {Parameter} has no value");
    }

    public int CompareTo(AnchoredPath? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byAnchor = string.CompareOrdinal(Parameter ?? string.Empty, other.Parameter ?? string.Empty);
        return byAnchor != 0 ? byAnchor : string.CompareOrdinal(Relative, other.Relative);
    }

    public static bool operator <(AnchoredPath? left, AnchoredPath? right) => Compare(left, right) < 0;

    public static bool operator <=(AnchoredPath? left, AnchoredPath? right) => Compare(left, right) <= 0;

    public static bool operator >(AnchoredPath? left, AnchoredPath? right) => Compare(left, right) > 0;

    public static bool operator >=(AnchoredPath? left, AnchoredPath? right) => Compare(left, right) >= 0;

    private static int Compare(AnchoredPath? left, AnchoredPath? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    /// <summary>How a reviewer reads it: <c>$HOME/.cache/x</c>, <c>/usr/lib</c>.</summary>
    public override string ToString() => Parameter is null ? Relative : "$" + Parameter + Relative;
}
