namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>How a process ended: its pid, exit status (128+signal when killed), captured output, and whether it hit its time limit.</summary>
internal sealed record MacProcessResult(int Pid, int ExitCode, string Stdout, string Stderr, bool TimedOut = false);
