namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>A message from the sandbox (kernel) that is not a report this parser understands.</summary>
internal sealed record UnrecognizedMessage(int Line, string Message);
