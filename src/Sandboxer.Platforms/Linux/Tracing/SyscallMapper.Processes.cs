using System.Text;
using Sandboxer.Events;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>Process calls: fork/clone, exec (with what the kernel loads untraced), and signals.</summary>
internal sealed partial class SyscallMapper
{
    /// <summary>The kernel follows at most this many nested <c>#!</c> interpreters.</summary>
    private const int MaxInterpreterDepth = 4;

    /// <summary>Bytes of a process name the kernel keeps (TASK_COMM_LEN - 1).</summary>
    private const int CommLength = 15;

    /// <summary>The clone flags of a clone-family call, from its (maybe partial) argument text.</summary>
    public static CloneFlags CloneFlagsOf(KnownSyscall syscall, ReadOnlySpan<byte> arguments) => syscall.Kind switch
    {
        Syscall.Clone or Syscall.Clone3 => StraceArguments.CloneFlagsOf(StraceArguments.Field(arguments, "flags="u8)),
        _ => CloneFlags.None,
    };

    private void MapClone(in Call call, Syscall kind)
    {
        var flags = kind switch
        {
            Syscall.Clone => StraceArguments.CloneFlagsOf(StraceArguments.Field(call.AllArguments, "flags="u8)),
            Syscall.Clone3 => StraceArguments.CloneFlagsOf(StraceArguments.Field(call.Argument(0), "flags="u8)),
            _ => CloneFlags.None,
        };

        _processes.CloneFinished(call.Thread.Tid);
        if (call.Result.IsSuccess && call.Result.Value > 0)
        {
            _processes.Cloned(call.Thread, (int)call.Result.Value, flags);

            // clone3 with CLONE_PIDFD prints the new pidfd after "=>": {pidfd=[3]}.
            var returned = call.Argument(0);
            var arrow = returned.IndexOf("=> "u8);
            if (kind == Syscall.Clone3 && arrow >= 0 && StraceArguments.Field(returned[arrow..], "pidfd="u8) is { Length: > 2 } pidfd
                && StraceArguments.TryNumber(pidfd[1..^1], out var fd))
            {
                _pidfds.Opened(call.Thread.Process.Pid, (int)fd, (int)call.Result.Value);
            }
        }

        if (!flags.HasFlag(CloneFlags.Thread))
        {
            Emit(call, Operations.ProcessFork, Outcome(call));
        }
    }

    private void MapExec(in Call call, Syscall kind, bool execSucceeded)
    {
        ResolvedPath requested;
        ReadOnlySpan<byte> spelled;
        if (kind == Syscall.Execve)
        {
            if (!StraceArguments.TryString(call.Argument(0), _scratch, out spelled))
            {
                return;
            }

            requested = PathFromCwd(call, spelled);
        }
        else if (StraceArguments.TryString(call.Argument(1), _scratch, out spelled) && spelled.IsEmpty)
        {
            requested = FdPath(call, 0);
            spelled = requested.IsResolved ? PathBytes.Encode(requested.Path!) : default;
        }
        else
        {
            requested = PathAt(call, 0, 1);
        }

        if (!requested.IsResolved)
        {
            return;
        }

        var requestedPath = requested.Path!;
        if (!execSucceeded && call.Result.Outcome != SyscallOutcome.Success)
        {
            Emit(call, Operations.ProcessExec, Outcome(call), requestedPath);
            return;
        }

        var image = _inspector?.Inspect(requestedPath);
        var resolved = image?.ResolvedPath ?? requestedPath;
        Emit(call, Operations.ProcessExec, AccessResult.Ok, resolved, requestedPath);
        _processes.Executed(call.Thread, CommName(spelled), RunningExecutable(image) ?? resolved);
        EmitLoadedImage(call, image, requestedPath, 0);
    }

    /// <summary>
    /// What the kernel maps or executes for an exec without a traced call of its own: the ELF image and its
    /// <c>PT_INTERP</c> loader, or a script's <c>#!</c> interpreter (itself an exec, recursively).
    /// </summary>
    private void EmitLoadedImage(in Call call, ExecutableImage? image, string requested, int depth)
    {
        if (image is null)
        {
            return;
        }

        if (image.IsElf)
        {
            Emit(call, Operations.FileMapExecutable, AccessResult.Ok, image.ResolvedPath, requested);
            if (image.ElfInterpreter is { } loader)
            {
                Emit(call, Operations.FileMapExecutable, AccessResult.Ok, _inspector?.Inspect(loader)?.ResolvedPath ?? loader, loader);
            }
        }

        if (image.ScriptInterpreter is { } interpreter && depth < MaxInterpreterDepth)
        {
            var interpreterImage = _inspector?.Inspect(interpreter);
            Emit(call, Operations.ProcessExec, AccessResult.Ok, interpreterImage?.ResolvedPath ?? interpreter, interpreter);
            EmitLoadedImage(call, interpreterImage, interpreter, depth + 1);
        }
    }

    /// <summary>What <c>/proc/PID/exe</c> shows after the exec: the final interpreter for scripts.</summary>
    private string? RunningExecutable(ExecutableImage? image)
    {
        for (var depth = 0; image?.ScriptInterpreter is { } interpreter && depth < MaxInterpreterDepth; depth++)
        {
            var next = _inspector?.Inspect(interpreter);
            if (next is null)
            {
                return interpreter;
            }

            image = next;
        }

        return image?.ResolvedPath;
    }

    /// <summary>The kernel's process name for an exec: the file name as passed, cut to 15 bytes.</summary>
    private string? CommName(ReadOnlySpan<byte> spelled)
    {
        var name = LexicalPath.FileName(spelled);
        if (name.IsEmpty)
        {
            return null;
        }

        return _strings.Get(name.Length > CommLength ? name[..CommLength] : name);
    }

    private void MapSignal(in Call call, Syscall kind)
    {
        var (targetIndex, signalIndex) = kind switch
        {
            Syscall.TgKill or Syscall.RtTgSigQueueInfo => (0, 2),
            _ => (0, 1),
        };

        if (!TryParseSignal(call.Argument(signalIndex), out var signal))
        {
            _counters.IgnoredCalls++;
            return;
        }

        string target;
        if (kind == Syscall.PidFdSendSignal)
        {
            var pid = PidFdTarget(call.Argument(0)) ?? (FdNumber(call.Argument(0)) is { } fd ? _pidfds.Find(call.Thread.Process.Pid, fd) : null);
            target = pid is { } known ? Classify(call.Thread.Process.Pid, known) : "others";
        }
        else if (!StraceArguments.TryNumber(call.Argument(targetIndex), out var value))
        {
            _counters.IgnoredCalls++;
            return;
        }
        else if (kind == Syscall.TKill)
        {
            target = Classify(call.Thread.Process.Pid, _processes.FindProcessOfThread((int)value)?.Pid ?? (int)value);
        }
        else if (value == 0)
        {
            target = "pgrp";
        }
        else if (value < 0)
        {
            target = value != -1 && -value == call.Thread.Process.Pid ? "pgrp" : "others";
        }
        else
        {
            target = Classify(call.Thread.Process.Pid, (int)value);
        }

        Emit(call, Operations.Signal, Outcome(call), target: target, signal: signal);
    }

    /// <summary><c>pidfd_open(PID, 0) = 3&lt;anon_inode:[pidfd]&gt;</c>: remember which process the fd stands for.</summary>
    private void MapPidFdOpen(in Call call)
    {
        if (call.Result.IsSuccess && StraceArguments.TryNumber(call.Argument(0), out var pid))
        {
            _pidfds.Opened(call.Thread.Process.Pid, (int)call.Result.Value, (int)pid);
        }
    }

    /// <summary>The fd number of an fd argument (<c>3&lt;anon_inode:[pidfd]&gt;</c> → 3).</summary>
    private static int? FdNumber(ReadOnlySpan<byte> argument)
    {
        var end = 0;
        while (end < argument.Length && char.IsAsciiDigit((char)argument[end]))
        {
            end++;
        }

        return end > 0 && StraceArguments.TryNumber(argument[..end], out var fd) ? (int)fd : null;
    }

    /// <summary><c>self</c>, <c>children</c> (any traced descendant) or <c>others</c>, as Seatbelt's signal targets.</summary>
    private string Classify(int sender, int target) =>
        target == sender ? "self" : _processes.IsDescendant(target, sender) ? "children" : "others";

    private static bool TryParseSignal(ReadOnlySpan<byte> text, out int signal)
    {
        Span<char> chars = stackalloc char[Math.Min(text.Length, 32)];
        var count = Encoding.ASCII.GetChars(text[..chars.Length], chars);
        return SignalNames.TryParse(chars[..count], out signal);
    }

    /// <summary>The pid behind a pidfd decoration (<c>pidfd:[1234]</c>, <c>pid:1234</c>), when strace names it.</summary>
    private static int? PidFdTarget(ReadOnlySpan<byte> argument)
    {
        var decoration = StraceArguments.Decoration(argument);
        var digits = decoration.IndexOfAnyInRange((byte)'0', (byte)'9');
        if (digits < 0 || !(decoration.StartsWith("pid"u8)))
        {
            return null;
        }

        var end = digits;
        while (end < decoration.Length && char.IsAsciiDigit((char)decoration[end]))
        {
            end++;
        }

        return StraceArguments.TryNumber(decoration[digits..end], out var pid) ? (int)pid : null;
    }
}
