namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>A <c>LANDLOCK_RULE_NET_PORT</c> rule: TCP <see cref="Access"/> (bind, connect) on <see cref="Port"/>, any host.</summary>
internal sealed record LandlockPortRule(int Port, LandlockNetAccess Access);
