namespace Tuner.LocalLambda.Execution;

/// <summary>
/// Never lets the CPU quotas of running limited environments add up to more than the host's cores, so a measured
/// duration is never stretched by contention. Requests wait in FIFO order; queuing is logged.
/// </summary>
internal sealed class CpuAdmission
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ILogger _logger;
    private int _inUse;

    public CpuAdmission(int cores, ILogger logger)
    {
        Capacity = cores * 1000;
        _logger = logger;
    }

    /// <summary>Total thousandths of a core that may be handed out.</summary>
    public int Capacity { get; }

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Waits until <paramref name="milliCores"/> fit; the returned lease gives them back.</summary>
    public async Task<IDisposable> AcquireAsync(int milliCores, string label, CancellationToken cancellationToken)
    {
        var amount = Math.Clamp(milliCores, 1, Capacity);
        Waiter waiter;
        lock (_lock)
        {
            if (_queue.Count == 0 && _inUse + amount <= Capacity)
            {
                _inUse += amount;
                return new Lease(this, amount);
            }

            waiter = new Waiter(amount);
            waiter.Node = _queue.AddLast(waiter);
            _logger.LogInformation(
                "CPU admission: queued {Label} ({Need} millicores; {InUse}/{Capacity} in use, {Queued} waiting)",
                label, amount, _inUse, Capacity, _queue.Count);
        }

        await using var registration = cancellationToken.Register(() => Cancel(waiter));
        await waiter.Ready.Task.ConfigureAwait(false);
        return new Lease(this, amount);
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _queue.Remove(waiter.Node);
            waiter.Ready.TrySetCanceled();
            Pump();
        }
    }

    private void Release(int amount)
    {
        lock (_lock)
        {
            _inUse -= amount;
            Pump();
        }
    }

    private void Pump()
    {
        while (_queue.First is { } head && _inUse + head.Value.Amount <= Capacity)
        {
            _queue.RemoveFirst();
            _inUse += head.Value.Amount;
            head.Value.Ready.TrySetResult();
        }
    }

    private sealed class Waiter(int amount)
    {
        public int Amount { get; } = amount;

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Lease(CpuAdmission owner, int amount) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(amount);
            }
        }
    }
}
