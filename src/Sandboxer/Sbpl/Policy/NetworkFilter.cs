namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// <c>(local|remote PROTO ["HOST:PORT"])</c>. <see cref="Port"/> is <see langword="null"/> for <c>*</c> or when no
/// address string was given. Unix-socket paths (<c>(remote unix-socket (path-literal "/p"))</c>) are evaluated to
/// <see cref="PathFilter"/>s; a bare <c>(remote unix-socket)</c> is a <see cref="NetworkFilter"/> with
/// <see cref="NetworkProtocol.Unix"/>.
/// </summary>
public sealed record NetworkFilter(NetworkSide Side, NetworkProtocol Protocol, NetworkHost Host, int? Port) : Filter;
