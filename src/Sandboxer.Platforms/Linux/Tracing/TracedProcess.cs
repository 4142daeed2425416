namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>A traced process (thread group): what events are attributed to.</summary>
internal sealed class TracedProcess
{
    public TracedProcess(int pid, int? parentPid, string? name, string? executable)
    {
        Pid = pid;
        ParentPid = parentPid;
        Name = name;
        Executable = executable;
    }

    public int Pid { get; }

    public int? ParentPid { get; set; }

    /// <summary>What <c>/proc/PID/comm</c> shows: the exec'd file's name, at most 15 bytes.</summary>
    public string? Name { get; set; }

    /// <summary>The running executable (the interpreter for a script, as <c>/proc/PID/exe</c>).</summary>
    public string? Executable { get; set; }

    public int ThreadCount { get; set; }
}
