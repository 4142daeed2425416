using System.Globalization;
using System.Text;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>Events as one readable line each, for exact comparisons in tests.</summary>
internal static class TracedRunDescriber
{
    /// <summary>
    /// One line with everything but pid, ppid, count and syscall:
    /// <c>op path [&lt;- requested] [type] [local/remote/name/target/signal] by process (executable): result</c>.
    /// </summary>
    public static string Describe(AccessEvent e)
    {
        var text = new StringBuilder(e.Operation);
        if (e.Path is not null)
        {
            text.Append(' ').Append(PathBytes.ToDisplay(e.Path));
        }

        if (e.RequestedPath is not null)
        {
            text.Append(" <- ").Append(PathBytes.ToDisplay(e.RequestedPath));
        }

        if (e.FileType is not null)
        {
            text.Append(" [").Append(e.FileType).Append(']');
        }

        if (e.Local is not null)
        {
            text.Append(" local ").Append(e.Local);
        }

        if (e.Remote is not null)
        {
            text.Append(" remote ").Append(e.Remote);
        }

        if (e.Name is not null)
        {
            text.Append(" name ").Append(e.Name);
        }

        if (e.Target is not null)
        {
            text.Append(" target ").Append(e.Target).Append(" signal ").Append(e.Signal?.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(" by ").Append(e.Process).Append(" (").Append(e.Executable).Append("): ").Append(e.Result).ToString();
    }
}
