namespace Sandboxer.Sbpl.Policy;

public enum NetworkSide
{
    /// <summary><c>(local …)</c>: the sandboxed process's own address (bind, listen).</summary>
    Local,

    /// <summary><c>(remote …)</c>: the peer's address (connect, send).</summary>
    Remote,
}
