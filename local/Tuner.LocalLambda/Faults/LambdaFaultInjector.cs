namespace Tuner.LocalLambda.Faults;

/// <summary>
/// The rules injected through <c>/_tuner/faults</c>. The first rule that matches a call and has calls left answers
/// it (and counts the hit); a call no rule matches is served normally. Thread-safe: calls arrive concurrently.
/// </summary>
public sealed class LambdaFaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

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
