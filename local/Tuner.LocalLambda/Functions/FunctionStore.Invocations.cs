using System.Globalization;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// Invocation admission: an Invoke resolves its qualifier to the configuration it runs and counts in flight, refused
/// with 429 past the function's reserved concurrency; environments ask whether their configuration is still current.
/// </summary>
internal sealed partial class FunctionStore
{
    public int? GetReservedConcurrency(string identifier)
    {
        lock (_lock)
        {
            return Find(identifier, null).Record.ReservedConcurrency;
        }
    }

    public void SetReservedConcurrency(string identifier, int? value)
    {
        if (value is < 0)
        {
            throw LambdaServiceException.InvalidParameter("ReservedConcurrentExecutions must be >= 0.");
        }

        lock (_lock)
        {
            Find(identifier, null).Record.ReservedConcurrency = value;
        }
    }

    /// <summary>Resolves an Invoke target and counts it in flight; throws 429 past the reserved concurrency.</summary>
    public ResolvedFunction EnterInvocation(string identifier, string? qualifier)
    {
        lock (_lock)
        {
            var (record, version) = Find(identifier, qualifier);
            var config = version is null or Latest ? record.Latest : ResolveQualifier(record, version);
            if (record.ReservedConcurrency is { } limit && record.InFlight >= limit)
            {
                throw LambdaServiceException.TooManyRequests("ReservedFunctionConcurrentInvocationLimitExceeded");
            }

            record.InFlight++;
            return new ResolvedFunction(config, LocalArn.Function(_region, record.Name, version));
        }
    }

    /// <summary>Invocations of <paramref name="name"/> (any version) still running; 0 for an unknown function.</summary>
    public int InFlight(string name)
    {
        lock (_lock)
        {
            return _functions.TryGetValue(name, out var record) ? record.InFlight : 0;
        }
    }

    public void ExitInvocation(string name)
    {
        lock (_lock)
        {
            if (_functions.TryGetValue(name, out var record) && record.InFlight > 0)
            {
                record.InFlight--;
            }
        }
    }

    /// <summary>Whether environments built for <paramref name="config"/> may still serve invocations.</summary>
    public bool IsCurrent(FunctionConfig config)
    {
        lock (_lock)
        {
            if (!_functions.TryGetValue(config.Name, out var record))
            {
                return false;
            }

            CompletePending(record);
            return config.Version == Latest
                ? record.Latest.RevisionId == config.RevisionId
                : int.TryParse(config.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && record.Versions.ContainsKey(n);
        }
    }
}
