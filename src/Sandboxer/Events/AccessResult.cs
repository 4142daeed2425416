namespace Sandboxer.Events;

/// <summary>The outcome of an access: <c>ok</c>, <c>denied</c> or <c>error:ERRNO</c> (e.g. <c>error:ENOENT</c>).</summary>
public readonly record struct AccessResult(AccessResultKind Kind, string? Errno = null)
{
    public static AccessResult Ok { get; } = new(AccessResultKind.Ok);

    public static AccessResult Denied { get; } = new(AccessResultKind.Denied);

    public static AccessResult Error(string errno) => new(AccessResultKind.Error, errno);

    public bool IsOk => Kind == AccessResultKind.Ok;

    public bool IsDenied => Kind == AccessResultKind.Denied;

    public static bool TryParse(string text, out AccessResult result)
    {
        switch (text)
        {
            case "ok":
                result = Ok;
                return true;
            case "denied":
                result = Denied;
                return true;
            default:
                if (text.StartsWith("error:", StringComparison.Ordinal) && text.Length > 6)
                {
                    result = Error(text[6..]);
                    return true;
                }

                result = default;
                return false;
        }
    }

    public override string ToString() => Kind switch
    {
        AccessResultKind.Ok => "ok",
        AccessResultKind.Denied => "denied",
        _ => "error:" + Errno,
    };
}
