namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>Resolves a path the way the kernel will see it (symbolic links followed, <c>/tmp</c> → <c>/private/tmp</c>).</summary>
internal interface IPathResolver
{
    /// <summary><c>realpath(3)</c> of <paramref name="path"/>, or <see langword="null"/> when it does not resolve (missing, no permission).</summary>
    string? RealPath(string path);
}
