namespace Sandboxer.Platforms.Probes.MacOS;

/// <summary>
/// The errno a probe helper's error output names on macOS (BSD numbers), from the <c>strerror</c> text shells print
/// (<c>sh: …: Operation not permitted</c>) or the <c>errno N</c> the Python helper prints.
/// </summary>
internal static class ErrnoText
{
    private static readonly (string Text, string Errno, string Number)[] Known =
    [
        ("Operation not permitted", "EPERM", "errno 1 "),
        ("Permission denied", "EACCES", "errno 13 "),
        ("Connection refused", "ECONNREFUSED", "errno 61 "),
        ("Network is unreachable", "ENETUNREACH", "errno 51 "),
        ("No such file or directory", "ENOENT", "errno 2 "),
    ];

    public static string? Of(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var (text, errno, number) in Known)
        {
            if (error.Contains(text, StringComparison.Ordinal) || error.Contains(number, StringComparison.Ordinal))
            {
                return errno;
            }
        }

        return null;
    }
}
