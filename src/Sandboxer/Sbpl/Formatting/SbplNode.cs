using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>
/// An immutable SBPL form for generating profiles: list, symbol, string, raw string, integer, boolean, plus
/// comment lines and blank lines. Every node is validated when it is built, so a document made of nodes always
/// reads back as exactly the forms it was built from; see <see cref="SbplBuild"/> for the factory methods.
/// </summary>
public abstract record SbplNode
{
    private protected SbplNode()
    {
    }

    internal abstract void Render(StringBuilder builder);
}
