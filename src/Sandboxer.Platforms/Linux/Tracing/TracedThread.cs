namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>A traced task as strace prints it (its pid prefix is the thread id).</summary>
internal sealed class TracedThread
{
    public TracedThread(int tid, TracedProcess process, FileSystemContext fileSystem)
    {
        Tid = tid;
        Process = process;
        FileSystem = fileSystem;
    }

    public int Tid { get; }

    public TracedProcess Process { get; set; }

    public FileSystemContext FileSystem { get; set; }
}
