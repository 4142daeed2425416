using System.Collections.Frozen;
using System.Globalization;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// macOS signal numbers and names, for <c>(signal-number SIGKILL)</c> filters. Events carry the number; profiles name
/// the signal. The numbering is Darwin's (it differs from Linux for SIGBUS, SIGUSR1/2, SIGSYS and from 16 on).
/// </summary>
internal static class SignalNames
{
    private static readonly string[] Names =
    [
        "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT", "SIGFPE", "SIGKILL", "SIGBUS",
        "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD",
        "SIGTTIN", "SIGTTOU", "SIGIO", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGINFO", "SIGUSR1",
        "SIGUSR2",
    ];

    private static readonly FrozenDictionary<string, int> Numbers =
        Names.Select((name, i) => (name, number: i + 1)).ToFrozenDictionary(p => p.name, p => p.number, StringComparer.OrdinalIgnoreCase);

    /// <summary>The number a filter value names: a decimal number or a <c>SIG…</c> name.</summary>
    public static int? Parse(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
        : Numbers.TryGetValue(value, out var known) ? known
        : null;
}
