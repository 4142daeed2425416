namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Collects the Landlock denials of one launch from the audit records: start it before the launch (the domain's
/// allocation record comes with the first denial), then <see cref="CollectAsync"/> after the target ended, which first waits
/// until the kernel's audit queue has delivered everything logged so far.
/// </summary>
internal sealed class AuditDenialSession : IDisposable
{
    private readonly AuditListener.Lease _lease;
    private readonly LandlockAuditDenials _denials;

    private AuditDenialSession(AuditListener.Lease lease, string enforcingThreadName)
    {
        _lease = lease;
        _denials = new LandlockAuditDenials(enforcingThreadName);
        lease.Subscribe(Accept);
    }

    /// <summary>How long to wait for another process (another sandboxer run) to stop being the audit daemon.</summary>
    public static TimeSpan BusyWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts collecting for the launch whose enforcing thread is named <paramref name="enforcingThreadName"/>.</summary>
    public static AuditDenialSession? TryStart(string enforcingThreadName, out string? unavailableReason) =>
        TryStart(enforcingThreadName, out unavailableReason, BusyWait);

    /// <summary>Like <see cref="TryStart(string, out string?)"/>, waiting at most <paramref name="busyWait"/> for another audit daemon to finish.</summary>
    public static AuditDenialSession? TryStart(string enforcingThreadName, out string? unavailableReason, TimeSpan busyWait)
    {
        if (!LandlockSupport.Host.SupportsLogFlags)
        {
            unavailableReason = "this kernel's Landlock (ABI " + LandlockSupport.Host.Abi + ") does not log denials (needs ABI 7, Linux 6.15)";
            return null;
        }

        var lease = AuditListener.TryAcquire(out unavailableReason, busyWait);
        return lease is null ? null : new AuditDenialSession(lease, enforcingThreadName);
    }

    public async Task<IReadOnlyList<LandlockDenial>> CollectAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        // Records reach us asynchronously; the flush marks the point where everything logged so far has arrived.
        await _lease.FlushAsync(grace, cancellationToken).ConfigureAwait(false);
        return _denials.Snapshot();
    }

    public void Dispose() => _lease.Dispose();

    private void Accept(AuditRecord record) => _denials.Accept(record);
}
