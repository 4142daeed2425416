using Sandboxer.Collections;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Modes;

/// <summary>
/// The relative <c>(import "…")</c> forms of a profile, which decide how a macOS wrapper must call
/// <c>sandbox-exec</c>: libsandbox looks a relative import up only in <c>(param "IMPORT_DIR")</c> when it is set,
/// else only in the system profile directories, never next to the importing file.
/// </summary>
internal sealed record ProfileImports(EquatableArray<string> Local, EquatableArray<string> System)
{
    /// <summary>True when the profile imports one of its own files by a relative name: it needs <c>IMPORT_DIR</c>.</summary>
    public bool NeedsImportDirectory => Local.Count > 0;

    /// <summary>
    /// True when the profile needs <c>IMPORT_DIR</c> and also imports an Apple system profile by a relative name,
    /// which <c>IMPORT_DIR</c> would hide: <c>sandbox-exec</c> could not load it.
    /// </summary>
    public bool Conflicting => Local.Count > 0 && System.Count > 0;

    public static ProfileImports Read(SbplSyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var local = new List<string>();
        var system = new List<string>();
        foreach (var form in tree.Root.Forms)
        {
            if (form is ListSyntax { HeadSymbol: "import", Elements.Length: 2 } list
                && list.Elements[1] is AtomSyntax { Kind: SyntaxKind.StringLiteral or SyntaxKind.RawStringLiteral } atom
                && atom.Token.StringValue is { Length: > 0 } name && !name.StartsWith('/'))
            {
                (ImportResolver.IsAppleSystemProfile(name) ? system : local).Add(name);
            }
        }

        return new ProfileImports([.. local], [.. system]);
    }
}
