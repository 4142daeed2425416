namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// One record line of a text-style log: who logged it (when the style says) and the message, with the unified
/// log's <c>(sender)</c> prefix split off.
/// </summary>
/// <param name="Style">The line's shape.</param>
/// <param name="Process">The logging process (<c>kernel</c> for reports); <see langword="null"/> for bare lines.</param>
/// <param name="Pid">The logging process's pid when the style shows it.</param>
/// <param name="Sender">The <c>(Sandbox)</c> sender image name when shown.</param>
/// <param name="Time">Seconds since the Unix epoch when the style has a full timestamp.</param>
/// <param name="Message">The message text.</param>
internal sealed record TextLogRecord(TextLogStyle Style, string? Process, int? Pid, string? Sender, double? Time, string Message);
