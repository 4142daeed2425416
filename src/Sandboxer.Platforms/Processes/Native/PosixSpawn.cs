using System.Runtime.InteropServices;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Processes.Native;

/// <summary>
/// Starts a program with glibc's <c>posix_spawn</c>: signal dispositions reset to default and an empty signal mask
/// (the .NET runtime ignores or blocks some signals, and an ignored disposition would otherwise survive execve),
/// an optional working directory, and optional replacement standard streams. The new process is a child of the
/// calling thread, which matters for <c>/proc/…/task/TID/children</c> and for orphan reparenting.
/// </summary>
internal static unsafe class PosixSpawn
{
    /// <summary>Spawns <paramref name="path"/>; a stream fd of -1 is inherited. Returns the pid.</summary>
    public static int Spawn(
        string path,
        IReadOnlyList<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment,
        string? workingDirectory,
        int standardInput,
        int standardOutput,
        int standardError)
    {
        var allocations = new List<nint>();
        void* attributes = null;
        void* fileActions = null;
        try
        {
            var pathBytes = AllocateString(path, allocations);
            var argv = AllocateArray(arguments, allocations);
            var envp = AllocateArray([.. environment.Select(pair => pair.Key + "=" + pair.Value)], allocations);

            attributes = NativeMemory.AllocZeroed(LibC.SpawnStructureSize);
            fileActions = NativeMemory.AllocZeroed(LibC.SpawnStructureSize);
            var emptySet = stackalloc byte[LibC.SignalSetSize];
            var fullSet = stackalloc byte[LibC.SignalSetSize];
            _ = LibC.sigemptyset(emptySet);
            _ = LibC.sigfillset(fullSet);

            Check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            Check(LibC.posix_spawnattr_setflags(attributes, LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags");
            Check(LibC.posix_spawnattr_setsigmask(attributes, emptySet), "posix_spawnattr_setsigmask");
            Check(LibC.posix_spawnattr_setsigdefault(attributes, fullSet), "posix_spawnattr_setsigdefault");
            Check(LibC.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            if (workingDirectory is not null)
            {
                Check(LibC.posix_spawn_file_actions_addchdir_np(fileActions, AllocateString(workingDirectory, allocations)), "posix_spawn_file_actions_addchdir_np");
            }

            AddDup(fileActions, standardInput, 0);
            AddDup(fileActions, standardOutput, 1);
            AddDup(fileActions, standardError, 2);

            var error = LibC.posix_spawn(out var pid, pathBytes, fileActions, attributes, argv, envp);
            if (error != 0)
            {
                throw new TargetStartException($"cannot start {path}: {LibC.ErrorText(error)}");
            }

            return pid;
        }
        finally
        {
            if (fileActions is not null)
            {
                _ = LibC.posix_spawn_file_actions_destroy(fileActions);
                NativeMemory.Free(fileActions);
            }

            if (attributes is not null)
            {
                _ = LibC.posix_spawnattr_destroy(attributes);
                NativeMemory.Free(attributes);
            }

            foreach (var allocation in allocations)
            {
                NativeMemory.Free((void*)allocation);
            }
        }
    }

    private static void AddDup(void* fileActions, int fd, int target)
    {
        if (fd >= 0)
        {
            Check(LibC.posix_spawn_file_actions_adddup2(fileActions, fd, target), "posix_spawn_file_actions_adddup2");
        }
    }

    private static void Check(int error, string function)
    {
        if (error != 0)
        {
            throw new TargetStartException($"{function} failed: {LibC.ErrorText(error)}");
        }
    }

    /// <summary>A NUL-terminated copy of the string's bytes (surrogate-escaped bytes from <see cref="PathBytes"/> survive).</summary>
    private static byte* AllocateString(string text, List<nint> allocations)
    {
        var bytes = PathBytes.Encode(text);
        var memory = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        allocations.Add((nint)memory);
        bytes.AsSpan().CopyTo(new Span<byte>(memory, bytes.Length));
        memory[bytes.Length] = 0;
        return memory;
    }

    private static byte** AllocateArray(IReadOnlyList<string> items, List<nint> allocations)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        allocations.Add((nint)array);
        for (var i = 0; i < items.Count; i++)
        {
            array[i] = AllocateString(items[i], allocations);
        }

        return array;
    }
}
