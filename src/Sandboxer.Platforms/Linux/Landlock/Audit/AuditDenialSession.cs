namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Collects the Landlock denials of one launch from the audit records: start it before the launch (the domain's
/// allocation record comes with the first denial), then <see cref="CollectAsync"/> after the target ended, which waits
/// briefly for the kernel's "domain deallocated" record so late records are not lost.
/// </summary>
internal sealed class AuditDenialSession : IDisposable
{
    private readonly AuditListener.Lease _lease;
    private readonly LandlockAuditDenials _denials;
    private readonly TaskCompletionSource _deallocated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AuditDenialSession(AuditListener.Lease lease, string enforcingThreadName)
    {
        _lease = lease;
        _denials = new LandlockAuditDenials(enforcingThreadName);
        lease.Subscribe(Accept);
    }

    /// <summary>Starts collecting for the launch whose enforcing thread is named <paramref name="enforcingThreadName"/>.</summary>
    public static AuditDenialSession? TryStart(string enforcingThreadName, out string? unavailableReason)
    {
        if (!LandlockSupport.Host.SupportsLogFlags)
        {
            unavailableReason = "this kernel's Landlock (ABI " + LandlockSupport.Host.Abi + ") does not log denials (needs ABI 7, Linux 6.15)";
            return null;
        }

        var lease = AuditListener.TryAcquire(out unavailableReason);
        return lease is null ? null : new AuditDenialSession(lease, enforcingThreadName);
    }

    public async Task<IReadOnlyList<LandlockDenial>> CollectAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var denials = _denials.Snapshot();
        if (denials.Count > 0)
        {
            try
            {
                await _deallocated.Task.WaitAsync(grace, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The domain outlives the target (a leftover process still holds it): report what arrived.
            }
        }

        return _denials.Snapshot();
    }

    public void Dispose() => _lease.Dispose();

    private void Accept(AuditRecord record)
    {
        _denials.Accept(record);
        if (record.Type == AuditRecord.LandlockDomain && record["status"] == "deallocated" && _denials.OwnsDomain(record["domain"]))
        {
            _deallocated.TrySetResult();
        }
    }
}
