using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>An open Landlock ruleset file descriptor (close-on-exec), ready for <c>landlock_restrict_self</c>.</summary>
internal sealed class LandlockRuleset : IDisposable
{
    private int _fd;

    private LandlockRuleset(int fd, LandlockSupport support, LandlockFsAccess handledFs, LandlockNetAccess handledNet, LandlockScope scopes)
    {
        _fd = fd;
        Support = support;
        HandledFs = handledFs;
        HandledNet = handledNet;
        Scopes = scopes;
    }

    public int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(LandlockRuleset));

    public LandlockSupport Support { get; }

    public LandlockFsAccess HandledFs { get; }

    public LandlockNetAccess HandledNet { get; }

    public LandlockScope Scopes { get; }

    /// <summary>Creates a ruleset handling the given rights and scopes (masked to what <paramref name="support"/> knows).</summary>
    public static LandlockRuleset Create(LandlockSupport support, LandlockFsAccess handledFs, LandlockNetAccess handledNet, LandlockScope scopes)
    {
        ArgumentNullException.ThrowIfNull(support);
        if (!support.IsAvailable)
        {
            throw new LandlockUnavailableException(support.UnavailableReason ?? "Landlock is not available");
        }

        handledFs &= support.FsRights;
        handledNet &= support.NetRights;
        scopes &= support.Scopes;
        var attr = new LandlockSyscalls.RulesetAttr
        {
            HandledAccessFs = (ulong)handledFs,
            HandledAccessNet = (ulong)handledNet,
            Scoped = (ulong)scopes,
        };
        var fd = LandlockSyscalls.CreateRuleset(attr, support.RulesetAttrSize, out var errno);
        if (fd < 0)
        {
            throw new LandlockUnavailableException("landlock_create_ruleset failed with " + ErrnoNames.Name(errno));
        }

        return new LandlockRuleset(fd, support, handledFs, handledNet, scopes);
    }

    /// <summary>Adds a path-beneath rule on an open <c>O_PATH</c> descriptor; returns the errno (0 on success).</summary>
    public int AddPathBeneath(int parentFd, LandlockFsAccess access)
    {
        var attr = new LandlockSyscalls.PathBeneathAttr { AllowedAccess = (ulong)(access & HandledFs), ParentFd = parentFd };
        return LandlockSyscalls.AddPathBeneathRule(Fd, attr, out var errno) < 0 ? errno : 0;
    }

    /// <summary>Adds a TCP port rule; returns the errno (0 on success).</summary>
    public int AddPort(int port, LandlockNetAccess access)
    {
        var attr = new LandlockSyscalls.NetPortAttr { AllowedAccess = (ulong)(access & HandledNet), Port = (ulong)port };
        return LandlockSyscalls.AddNetPortRule(Fd, attr, out var errno) < 0 ? errno : 0;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        FileDescriptors.Close(fd);
    }
}
