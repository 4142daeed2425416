using System.Collections.Concurrent;
using System.Diagnostics;
using Sandboxer.Collections;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>
/// What strace itself needs to run inside the target's Landlock domain, added to the plan for that run only: execute
/// and read its binary and the ELF loader, read its shared libraries and <c>/etc/ld.so.cache</c>, and write the trace
/// pipe, a FIFO the tool created for this run (a literal inode, nothing beside it). Tracing the target from inside the
/// same domain is allowed (ptrace within a domain), and <c>-y</c> works because readlink is not restricted. The target
/// can read and execute these few files too while it is traced: the learning runs are that much looser than the
/// profile (docs/linux-enforcement.md).
/// </summary>
internal static class StraceInDomain
{
    private const string LoaderCache = "/etc/ld.so.cache";

    private static readonly ConcurrentDictionary<string, IReadOnlyList<LandlockPathRule>> RuntimeRules = new(StringComparer.Ordinal);

    /// <summary><paramref name="plan"/> plus what strace at <paramref name="setup"/> needs.</summary>
    public static LandlockPlan Extend(LandlockPlan plan, StraceSetup setup)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(setup);
        var pipe = FileDescriptors.RealPath(setup.TracePipe) ?? setup.TracePipe;
        var rules = new List<LandlockPathRule>(plan.PathRules) { new(pipe, LandlockFsAccess.WriteFile, IsDirectory: false, EquatableArray<int>.Empty) };
        rules.AddRange(RuntimeRules.GetOrAdd(setup.Strace, Resolve));
        return plan with { PathRules = [.. rules] };
    }

    /// <summary>
    /// The binary, its loader and libraries as the dynamic loader itself resolves them (<c>LD_TRACE_LOADED_OBJECTS</c>,
    /// what ldd does), each by its real path, since a rule is attached to the inode and opened without following links.
    /// </summary>
    private static IReadOnlyList<LandlockPathRule> Resolve(string strace)
    {
        var rules = new List<LandlockPathRule>();
        void Add(string path, LandlockFsAccess access)
        {
            if (FileDescriptors.RealPath(path) is { } real && rules.TrueForAll(r => r.Path != real))
            {
                rules.Add(new LandlockPathRule(real, access, IsDirectory: false, EquatableArray<int>.Empty));
            }
        }

        Add(strace, LandlockFsAccess.Execute | LandlockFsAccess.ReadFile);
        Add(LoaderCache, LandlockFsAccess.ReadFile);
        foreach (var (library, isLoader) in LoadedObjects(strace))
        {
            Add(library, isLoader ? LandlockFsAccess.Execute | LandlockFsAccess.ReadFile : LandlockFsAccess.ReadFile);
        }

        return rules;
    }

    /// <summary>Parses the loader's list: <c>libc.so.6 =&gt; /lib/x86_64-linux-gnu/libc.so.6 (0x…)</c> and <c>/lib64/ld-linux-x86-64.so.2 (0x…)</c>.</summary>
    internal static IEnumerable<(string Path, bool IsLoader)> ParseLoadedObjects(string listing)
    {
        foreach (var raw in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var line = raw;
            var address = line.LastIndexOf(" (0x", StringComparison.Ordinal);
            if (address >= 0)
            {
                line = line[..address];
            }

            var arrow = line.IndexOf(" => ", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var target = line[(arrow + 4)..].Trim();
                if (target.StartsWith('/'))
                {
                    yield return (target, false);
                }
            }
            else if (line.StartsWith('/'))
            {
                yield return (line, true);
            }
        }
    }

    private static List<(string Path, bool IsLoader)> LoadedObjects(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LD_TRACE_LOADED_OBJECTS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run " + executable + " to list its libraries");
        var error = process.StandardError.ReadToEndAsync();
        var listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = error.GetAwaiter().GetResult();
        return process.ExitCode == 0
            ? ParseLoadedObjects(listing).ToList()
            : throw new InvalidOperationException($"cannot list the libraries of {executable} (the loader exited with {process.ExitCode})");
    }
}
