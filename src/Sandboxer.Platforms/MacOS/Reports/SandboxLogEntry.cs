namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>A report read from a log, with the 1-based line it starts on and its time when the log gives one.</summary>
/// <param name="Report">The parsed report.</param>
/// <param name="Line">Line of the log record (for text styles: the first physical line).</param>
/// <param name="Time">Seconds since the Unix epoch; <see langword="null"/> when the style has no full timestamp.</param>
internal sealed record SandboxLogEntry(SandboxReport Report, int Line, double? Time);
