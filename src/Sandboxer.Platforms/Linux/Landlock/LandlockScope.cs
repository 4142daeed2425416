namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>Landlock IPC scopes (<c>LANDLOCK_SCOPE_*</c>, ABI 6): block reaching outside the domain.</summary>
[Flags]
internal enum LandlockScope : ulong
{
    None = 0,

    /// <summary>No connecting to abstract UNIX sockets created outside the domain.</summary>
    AbstractUnixSocket = 1UL << 0,

    /// <summary>No signals to processes outside the domain.</summary>
    Signal = 1UL << 1,
}
