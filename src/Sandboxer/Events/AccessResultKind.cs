namespace Sandboxer.Events;

public enum AccessResultKind
{
    /// <summary>The access happened.</summary>
    Ok,

    /// <summary>A sandbox refused it.</summary>
    Denied,

    /// <summary>The call failed for another reason (its errno is kept: <c>ENOENT</c> lookups matter).</summary>
    Error,
}
