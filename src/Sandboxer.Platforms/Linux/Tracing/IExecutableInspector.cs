namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>Looks at executables named in a trace (the real filesystem, or a fixed table in tests).</summary>
internal interface IExecutableInspector
{
    /// <summary>The image behind <paramref name="path"/>, or null when it cannot be read (gone, another machine's log).</summary>
    ExecutableImage? Inspect(string path);
}
