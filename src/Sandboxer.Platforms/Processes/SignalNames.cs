using System.Collections.Frozen;
using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>Linux signal numbers and names (x86_64 and the generic table used by arm64).</summary>
internal static class SignalNames
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;

    private static readonly string[] Names =
    [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS",
    ];

    private static readonly FrozenDictionary<string, int> Numbers = BuildNumbers();

    /// <summary>The name of a signal (<c>SIGTERM</c>), <c>SIGRT_3</c> for real-time ones, as strace prints them.</summary>
    public static string Name(int signal) =>
        signal > 0 && signal < Names.Length ? Names[signal]
        : signal >= 32 && signal <= 64 ? string.Create(CultureInfo.InvariantCulture, $"SIGRT_{signal - 32}")
        : signal.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses what strace prints for a signal argument: <c>SIGTERM</c>, <c>SIGRTMIN</c>, <c>SIGRT_3</c>, a number, or
    /// <c>0</c> (the existence check).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int signal)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out signal))
        {
            return signal is >= 0 and <= 64;
        }

        var lookup = Numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out signal))
        {
            return true;
        }

        if (text.StartsWith("SIGRT_", StringComparison.Ordinal)
            && int.TryParse(text[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 32)
        {
            signal = 32 + offset;
            return true;
        }

        signal = 0;
        return false;
    }

    private static FrozenDictionary<string, int> BuildNumbers()
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < Names.Length; i++)
        {
            numbers[Names[i]] = i;
        }

        numbers["SIGIOT"] = 6;
        numbers["SIGPOLL"] = 29;
        numbers["SIGCLD"] = 17;
        numbers["SIGUNUSED"] = 31;
        numbers["SIGRTMIN"] = 32;
        numbers["SIGRTMAX"] = 64;
        return numbers.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
