namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>What the scripted platform hands the scenario when the target is run.</summary>
/// <param name="Argv">The full sandbox-exec command line.</param>
/// <param name="Profile">The text of the profile file passed with <c>-f</c>.</param>
/// <param name="Tag">The tag found in the profile's <c>(with message …)</c>, as the kernel would append it.</param>
/// <param name="Pid">The pid the target runs as (sandbox-exec execs into it).</param>
internal sealed record ScriptedRun(IReadOnlyList<string> Argv, string Profile, string? Tag, int Pid);
