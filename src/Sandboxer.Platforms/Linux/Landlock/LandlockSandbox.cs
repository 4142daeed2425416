using Sandboxer.Diagnostics;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Namespaces;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// One confined run: the network namespace and loopback relay the plan asks for, the audit session that collects
/// denials, and the confined target itself. Disposing ends whatever of the target's tree still runs, stops the relay,
/// releases the namespace and the audit listener, in that order; nothing is left behind.
/// </summary>
internal sealed class LandlockSandbox : IAsyncDisposable
{
    private readonly NetworkNamespace? _network;
    private readonly LoopbackRelay? _relay;
    private readonly AuditDenialSession? _audit;

    private LandlockSandbox(ConfinedProcess process, NetworkNamespace? network, LoopbackRelay? relay, AuditDenialSession? audit, string? denialsUnavailable)
    {
        Process = process;
        _network = network;
        _relay = relay;
        _audit = audit;
        DenialsUnavailableReason = denialsUnavailable;
    }

    public ConfinedProcess Process { get; }

    /// <summary>Why denials cannot be collected for this run, when they were asked for and cannot.</summary>
    public string? DenialsUnavailableReason { get; }

    /// <summary>The network namespace's inode, when the target runs in one.</summary>
    public long? NetworkNamespaceInode => _network?.Inode;

    public IReadOnlyList<Diagnostic> LaunchDiagnostics => Process.Diagnostics;

    public static LandlockSandbox Start(LandlockPlan plan, SpawnRequest request, SandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        options ??= SandboxOptions.Default;
        NetworkNamespace? network = null;
        LoopbackRelay? relay = null;
        AuditDenialSession? audit = null;
        try
        {
            if (plan.Network.LoopbackOnly)
            {
                network = NetworkNamespace.Create();
                relay = plan.Network.HostLoopbackPorts.IsEmpty ? null : LoopbackRelay.Start(network, plan.Network.HostLoopbackPorts);
            }

            var launch = new LaunchOptions { NetworkNamespaceFd = network?.Fd ?? -1, LogDenials = options.CollectDenials };
            string? unavailable = null;
            if (options.CollectDenials)
            {
                audit = AuditDenialSession.TryStart(launch.EnforcingThreadName, out unavailable);
            }

            var process = ConfinedLauncher.Launch(plan, request, launch);
            return new LandlockSandbox(process, network, relay, audit, unavailable);
        }
        catch
        {
            audit?.Dispose();
            relay?.Dispose();
            network?.Dispose();
            throw;
        }
    }

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) => Process.WaitForExitAsync(cancellationToken);

    /// <summary>The denials recorded so far (call after the target ended); empty when none could be collected.</summary>
    public async Task<IReadOnlyList<LandlockDenial>> CollectDenialsAsync(CancellationToken cancellationToken = default)
    {
        if (_audit is null)
        {
            return [];
        }

        Process.KillTree();
        return await _audit.CollectAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Process.Dispose();
        if (_relay is not null)
        {
            await _relay.DisposeAsync().ConfigureAwait(false);
        }

        _network?.Dispose();
        _audit?.Dispose();
    }
}
