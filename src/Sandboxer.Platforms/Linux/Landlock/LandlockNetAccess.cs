namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>Landlock network access rights (<c>LANDLOCK_ACCESS_NET_*</c>, ABI 4): TCP ports only.</summary>
[Flags]
internal enum LandlockNetAccess : ulong
{
    None = 0,
    BindTcp = 1UL << 0,
    ConnectTcp = 1UL << 1,
}
