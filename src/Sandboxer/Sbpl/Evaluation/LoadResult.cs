using Sandboxer.Collections;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// The outcome of loading a profile: the evaluated <see cref="Profile"/> (the rules emitted before any error),
/// every diagnostic (reader, interpreter, policy) and every source read, imports included.
/// </summary>
public sealed record LoadResult(Profile Profile, EquatableArray<Diagnostic> Diagnostics, EquatableArray<SourceText> Sources)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The source with <paramref name="path"/> (as in a diagnostic's location), for printing source lines.</summary>
    public SourceText? FindSource(string path) => Sources.FirstOrDefault(s => s.Path == path);
}
