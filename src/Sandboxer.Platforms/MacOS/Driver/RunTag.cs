using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Per-run tags, <c>sbx_</c> followed by 12 random base-36 characters: put on every deny rule with
/// <c>(with message "TAG")</c>, the kernel appends the tag to the run's reports (children inherit it), which is
/// how the collector tells the run's reports from everyone else's.
/// </summary>
internal static partial class RunTag
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Create()
    {
        Span<char> suffix = stackalloc char[12];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "sbx_" + new string(suffix);
    }

    /// <summary>
    /// True for text that can be put between the quotes of <c>(with message "…")</c> as is and that survives the
    /// log unchanged: letters, digits, <c>_ . : -</c>. Tags are generated, so anything else is a bug.
    /// </summary>
    public static bool IsValid(string tag) => tag is not null && SafeTag().IsMatch(tag);

    [GeneratedRegex(@"\A[A-Za-z0-9_.:-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTag();
}
