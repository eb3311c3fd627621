namespace Tuner.LocalLambda.Faults;

/// <summary>
/// The rules injected through <c>/_tuner/faults</c>. The first rule that matches a call and has calls left answers
/// it (and counts the hit); a call no rule matches is served normally. Every call is also journaled (operation,
/// function, time) so tests can measure call rates. Thread-safe: calls arrive concurrently.
/// </summary>
public sealed class LambdaFaultInjector(TimeProvider time)
{
    /// <summary>The journal keeps the latest calls only.</summary>
    public const int JournalCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly Queue<(string Operation, string? Function, DateTimeOffset At)> _journal = new();

    public LambdaFaultInjector()
        : this(TimeProvider.System)
    {
    }

    /// <summary>When the service received each call of <paramref name="operation"/> on <paramref name="function"/> (oldest first).</summary>
    public IReadOnlyList<DateTimeOffset> CallTimes(string operation, string? function)
    {
        lock (_lock)
        {
            return [.. _journal.Where(c => c.Operation == operation && c.Function == function).Select(c => c.At)];
        }
    }

    /// <summary>
    /// The most calls of <paramref name="operations"/> on <paramref name="function"/> received within any one second
    /// (of those between <paramref name="from"/> and <paramref name="to"/>, when given).
    /// </summary>
    public int PeakCallsPerSecond(string? function, IReadOnlyCollection<string> operations, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        List<DateTimeOffset> times;
        lock (_lock)
        {
            times = [.. _journal
                .Where(c => c.Function == function && operations.Contains(c.Operation) && (from is null || c.At >= from) && (to is null || c.At <= to))
                .Select(c => c.At)];
        }

        var peak = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }

            peak = Math.Max(peak, last - first + 1);
        }

        return peak;
    }

    /// <summary>Adds rules after the ones already there.</summary>
    public void Add(IEnumerable<LambdaFaultRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_lock)
        {
            _entries.AddRange(rules.Select(rule => new Entry(rule)));
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    /// <summary>Every rule with its hit count, in matching order.</summary>
    public IReadOnlyList<LambdaFaultState> List()
    {
        lock (_lock)
        {
            return [.. _entries.Select(entry => entry.State)];
        }
    }

    /// <summary>
    /// The rule that answers this call, its hit counted, or null when the call is to be served.
    /// <paramref name="function"/> is the function name the call addresses (null for calls that address none).
    /// </summary>
    public LambdaFaultRule? Match(string operation, string? function)
    {
        lock (_lock)
        {
            _journal.Enqueue((operation, function, time.GetUtcNow()));
            if (_journal.Count > JournalCapacity)
            {
                _journal.Dequeue();
            }

            foreach (var entry in _entries)
            {
                if (entry.TryHit(operation, function))
                {
                    return entry.Rule;
                }
            }

            return null;
        }
    }

    private sealed class Entry(LambdaFaultRule rule)
    {
        private int _hits;

        public LambdaFaultRule Rule { get; } = rule;

        public LambdaFaultState State => new(Rule, _hits, Rule.Count is { } count ? count - _hits : null);

        public bool TryHit(string operation, string? function)
        {
            var matches = string.Equals(Rule.Operation, operation, StringComparison.Ordinal)
                && (Rule.Function is null || string.Equals(Rule.Function, function, StringComparison.Ordinal))
                && (Rule.Count is not { } count || _hits < count);
            if (matches)
            {
                _hits++;
            }

            return matches;
        }
    }
}
