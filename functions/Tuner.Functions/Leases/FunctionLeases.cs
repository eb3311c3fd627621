using System.Globalization;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Leases;

/// <summary>
/// The leases of target functions (<see cref="BucketKeys.Lease"/>), kept with S3 conditional writes so that of two runs
/// only one can hold a function: a new lease is written with <c>If-None-Match: *</c>; an expired lease whose execution
/// has ended is taken over with <c>If-Match</c> on the ETag that was read (so of two runs taking it over, one wins); a
/// run releases only its own lease (<c>If-Match</c> again, so a lease taken over meanwhile stays). A store failure is a
/// <see cref="TransientDependencyException"/>, which the state machine retries.
/// </summary>
internal sealed class FunctionLeases(IObjectStore store, IExecutionStatus executions, TimeProvider time, TimeSpan duration)
{
    // A write that loses a race reads the lease again and decides again; more rounds than this means the key is
    // being rewritten continuously, which no run of Tuner does.
    private const int Attempts = 4;

    /// <summary>
    /// Acquires the lease of every function in <paramref name="functions"/> for <paramref name="runId"/>, or none:
    /// when one is held by another run, releases what this call acquired and throws <see cref="FunctionLeasedException"/>
    /// naming each holder and until when.
    /// </summary>
    public async Task<IReadOnlyList<LeaseAcquisition>> AcquireAllAsync(
        IEnumerable<string> functions, string runId, string? executionArn, CancellationToken cancellationToken)
    {
        var acquired = new List<LeaseAcquisition>();
        var refusals = new List<string>();
        foreach (var function in functions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (acquisition, refusal) = await AcquireAsync(function, runId, executionArn, cancellationToken);
            if (acquisition is not null)
            {
                acquired.Add(acquisition);
            }
            else
            {
                refusals.Add(refusal!);
            }
        }

        if (refusals.Count == 0)
        {
            return acquired;
        }

        foreach (var lease in acquired)
        {
            await ReleaseAsync(lease.Lease.Function, runId, cancellationToken);
        }

        throw new FunctionLeasedException("refusing to tune functions another run is tuning, nothing was changed: " + string.Join("; ", refusals));
    }

    /// <summary>Deletes <paramref name="runId"/>'s lease of <paramref name="function"/>; a lease of another run stays.</summary>
    public async Task<LeaseReleaseOutcome> ReleaseAsync(string function, string runId, CancellationToken cancellationToken)
    {
        var key = BucketKeys.Lease(function);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var stored = await GetAsync(key, cancellationToken);
            if (stored is null)
            {
                return LeaseReleaseOutcome.NotHeld;
            }

            if (Read(stored.Content) is not { } lease || lease.RunId != runId)
            {
                return LeaseReleaseOutcome.HeldByAnotherRun;
            }

            var deleted = await WriteAsync(key, () => store.DeleteIfMatchAsync(key, stored.ETag, cancellationToken));
            switch (deleted.Outcome)
            {
                case ConditionalWriteOutcome.Written:
                    return LeaseReleaseOutcome.Released;
                case ConditionalWriteOutcome.Missing:
                    return LeaseReleaseOutcome.NotHeld;
            }
        }

        throw new TransientDependencyException($"releasing {key} failed: the lease changed under every one of {Attempts} attempts");
    }

    private async Task<(LeaseAcquisition? Acquired, string? Refusal)> AcquireAsync(
        string function, string runId, string? executionArn, CancellationToken cancellationToken)
    {
        var key = BucketKeys.Lease(function);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var now = time.GetUtcNow();
            var mine = new FunctionLease(function, runId, executionArn, now, now + duration);
            var stored = await GetAsync(key, cancellationToken);
            if (stored is null)
            {
                var created = await WriteAsync(key, () => store.PutIfAsync(key, TunerJson.Serialize(mine), "application/json", WriteCondition.IfAbsent, cancellationToken));
                if (created.Written)
                {
                    return (new LeaseAcquisition(mine, TakenOverFrom: null), null);
                }

                continue;
            }

            if (Read(stored.Content) is not { } held)
            {
                return (null, $"{function}: {key} is not a lease Tuner can read; if no run is tuning {function}, delete it");
            }

            if (held.RunId == runId)
            {
                // A retried or resumed Planner of the same run: the lease is already this run's.
                return (new LeaseAcquisition(held, TakenOverFrom: null), null);
            }

            if (now < held.ExpiresAt)
            {
                return (null, $"{function} is leased by run {held.RunId} until {Stamp(held.ExpiresAt)}{Execution(held)}");
            }

            var state = await executions.GetStateAsync(held.RunId, held.ExecutionArn, cancellationToken);
            if (state != ExecutionState.Ended)
            {
                var why = state == ExecutionState.Running ? "its execution is still running" : "whether its execution ended cannot be told";
                return (null, $"{function} is leased by run {held.RunId}: the lease expired {Stamp(held.ExpiresAt)} but {why}{Execution(held)}");
            }

            var taken = await WriteAsync(key, () => store.PutIfAsync(key, TunerJson.Serialize(mine), "application/json", WriteCondition.IfETag(stored.ETag), cancellationToken));
            if (taken.Written)
            {
                return (new LeaseAcquisition(mine, TakenOverFrom: held), null);
            }
        }

        throw new TransientDependencyException($"acquiring {key} failed: the lease changed under every one of {Attempts} attempts");
    }

    private static FunctionLease? Read(byte[] content)
    {
        try
        {
            return TunerJson.Deserialize<FunctionLease>(content) is { RunId.Length: > 0 } lease ? lease : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetWithETagAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"reading {key} failed: {e.Message}", e);
        }
    }

    private static async Task<ConditionalWriteResult> WriteAsync(string key, Func<Task<ConditionalWriteResult>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"writing {key} failed: {e.Message}", e);
        }
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Execution(FunctionLease lease) => lease.ExecutionArn is { } arn ? $" (execution {arn})" : string.Empty;
}
