namespace Sandboxer.Sbpl.Policy;

public enum NetworkHost
{
    /// <summary><c>*</c>: any host.</summary>
    Any,

    /// <summary><c>localhost</c>: this host's own addresses.</summary>
    Localhost,
}
