namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// What the kernel does with a file passed to execve, beyond the traced syscall: the file it really opens
/// (symlinks resolved), whether it is mapped as an ELF image, and the interpreter it loads without a traced call
/// (the ELF <c>PT_INTERP</c> loader, or the <c>#!</c> line's program).
/// </summary>
internal sealed record ExecutableImage(string ResolvedPath, bool IsElf, string? ElfInterpreter, string? ScriptInterpreter);
