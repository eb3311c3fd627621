using System.Globalization;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>
/// The handlers' view of the bucket: reads and writes that surface any store failure as
/// <see cref="TransientDependencyException"/> (which the state machine retries), and the run's <c>plan.json</c>.
/// </summary>
internal sealed class RunStore(IObjectStore store)
{
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"reading {key} failed: {e.Message}", e);
        }
    }

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(key, content, contentType, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"writing {key} failed: {e.Message}", e);
        }
    }

    public async Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        try
        {
            await foreach (var key in store.ListAsync(prefix, cancellationToken))
            {
                keys.Add(key);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"listing {prefix} failed: {e.Message}", e);
        }

        return keys;
    }

    /// <summary>True once a Cleaner of the run has started (<see cref="RunEnded"/>).</summary>
    public async Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(BucketKeys.Ended(runId), cancellationToken) is not null;

    /// <summary>The run's plan.json as the bucket's runs/ prefix holds it (knob values only), or <c>null</c> when the Planner never wrote it.</summary>
    public async Task<RunDocument?> FindPlanAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(BucketKeys.Plan(runId), cancellationToken) is { } bytes ? TunerJson.Deserialize<RunDocument>(bytes) : null;

    /// <summary>
    /// The run's plan.json with the whole baselines put back from <see cref="BucketKeys.SecretsPrefix"/> (the Planner and the Cleaner, the
    /// only roles that may read them), or <c>null</c> when the Planner never wrote it.
    /// </summary>
    /// <exception cref="InvalidStateInputException">plan.json names baselines that are missing or not its targets'.</exception>
    public async Task<RunDocument?> FindWholePlanAsync(string runId, CancellationToken cancellationToken) =>
        await FindPlanAsync(runId, cancellationToken) is { } document ? await RehydrateAsync(document, cancellationToken) : null;

    private async Task<RunDocument> RehydrateAsync(RunDocument document, CancellationToken cancellationToken)
    {
        if (document.BaselinesKey is null)
        {
            return document;
        }

        var bytes = await GetAsync(BucketKeys.Baselines(document.RunId), cancellationToken)
            ?? throw new InvalidStateInputException($"{BucketKeys.Plan(document.RunId)} keeps its baselines in {BucketKeys.Baselines(document.RunId)}, which does not exist");
        var baselines = TunerJson.Deserialize<RunBaselines>(bytes)
            ?? throw new InvalidStateInputException($"{BucketKeys.Baselines(document.RunId)} is empty");
        return PlanRedaction.Rehydrate(document, baselines.Baselines);
    }

    /// <summary>The run's plan.json; a missing one means the state machine called a handler out of order.</summary>
    public async Task<RunDocument> ReadPlanAsync(string runId, CancellationToken cancellationToken) =>
        await FindPlanAsync(runId, cancellationToken)
            ?? throw new InvalidStateInputException($"{BucketKeys.Plan(runId)} does not exist: the Planner did not run for {runId}");

    /// <summary>The run's plan.json and the tuning request recorded in it, read again through the request reader.</summary>
    public async Task<(RunDocument Document, TuningRequest Request)> ReadRunAsync(string runId, CancellationToken cancellationToken)
    {
        var document = await ReadPlanAsync(runId, cancellationToken);
        var request = TuningRequestReader.Read(document.Request.GetRawText()).Request
            ?? throw new InvalidStateInputException($"the request in {BucketKeys.Plan(runId)} is not valid");
        return (document, request);
    }

    /// <summary>The run's stages.json, or <c>null</c> before the Narrower's first call.</summary>
    public async Task<StagesDocument?> FindStagesAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(BucketKeys.Stages(runId), cancellationToken) is { } bytes ? TunerJson.Deserialize<StagesDocument>(bytes) : null;

    public Task SaveStagesAsync(StagesDocument document, CancellationToken cancellationToken) =>
        PutAsync(BucketKeys.Stages(document.RunId), TunerJson.Serialize(document), "application/json", cancellationToken);

    /// <summary>
    /// The samples of the plan's cells (<paramref name="planCells"/>; all steps) and, as warnings, the lines that could
    /// not be read and whatever else sits under <c>samples/</c>: objects outside a plan cell's folder are not read at
    /// all, and lines naming another cell than their folder's are dropped. What a report says is measured is only ever
    /// what the Executors measured for the cells the Planner planned.
    /// </summary>
    public async Task<(List<Sample> Samples, List<string> Warnings)> ReadSamplesAsync(string runId, IReadOnlySet<string> planCells, CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        var warnings = new List<string>();
        var extras = new List<string>();
        var prefix = BucketKeys.SamplesPrefix(runId);
        var keys = await ListAsync(prefix, cancellationToken);
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            var cellId = BucketKeys.SampleFileCell(runId, key);
            if (cellId is null || !planCells.Contains(cellId))
            {
                extras.Add(key);
                continue;
            }

            if (await GetAsync(key, cancellationToken) is not { } bytes)
            {
                continue;
            }

            var read = new List<Sample>();
            warnings.AddRange(SampleJsonl.Read(bytes, read, key).Select(p => p.ToString()));
            var foreign = read.Count(sample => !string.Equals(sample.CellId, cellId, StringComparison.Ordinal));
            if (foreign > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {foreign} sample line(s) name another cell than {cellId} and were ignored"));
            }

            samples.AddRange(read.Where(sample => string.Equals(sample.CellId, cellId, StringComparison.Ordinal)));
        }

        if (extras.Count > 0)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{extras.Count} object(s) under {prefix} are not samples of the plan's cells and were not read: {string.Join(", ", extras.Take(5))}{(extras.Count > 5 ? ", …" : string.Empty)}"));
        }

        return (samples, warnings);
    }

    /// <summary>The run's whole plan (<see cref="FindWholePlanAsync"/>) with the ETag of plan.json a later
    /// <see cref="UpdatePlanAsync"/> must match, or <c>null</c>.</summary>
    public async Task<RecordedPlan?> FindPlanWithETagAsync(string runId, CancellationToken cancellationToken)
    {
        StoredObject? stored;
        try
        {
            stored = await store.GetWithETagAsync(BucketKeys.Plan(runId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"reading {BucketKeys.Plan(runId)} failed: {e.Message}", e);
        }

        return stored is null ? null : new RecordedPlan(await RehydrateAsync(TunerJson.Deserialize<RunDocument>(stored.Content)!, cancellationToken), stored.ETag);
    }

    /// <summary>
    /// Writes the whole baselines to <see cref="BucketKeys.SecretsPrefix"/>, then plan.json (knob values only) once, only where none exists
    /// (<c>If-None-Match: *</c>); returns its ETag. Another invocation having written it meanwhile is transient: the
    /// retry finds it and resumes from it.
    /// </summary>
    public async Task<string> CreatePlanAsync(RunDocument document, CancellationToken cancellationToken)
    {
        await SaveBaselinesAsync(document, cancellationToken);
        return await WritePlanAsync(document, WriteCondition.IfAbsent, cancellationToken);
    }

    /// <summary>The whole baselines, before the plan.json that points at them.</summary>
    public Task SaveBaselinesAsync(RunDocument document, CancellationToken cancellationToken) =>
        PutAsync(BucketKeys.Baselines(document.RunId), TunerJson.Serialize(new RunBaselines(document.RunId, document.Baselines)), "application/json", cancellationToken);

    /// <summary>
    /// Rewrites plan.json only while it is the object this run's Planner last wrote (<c>If-Match</c> with
    /// <paramref name="etag"/>): a resumed Planner records its versions, and an object changed by anyone else is never
    /// overwritten (<see cref="InvalidStateInputException"/>: the run fails, and the Cleaner checks the plan against
    /// the versions Tuner published before it restores anything). Returns the new ETag.
    /// </summary>
    public Task<string> UpdatePlanAsync(RunDocument document, string etag, CancellationToken cancellationToken) =>
        WritePlanAsync(document, WriteCondition.IfETag(etag), cancellationToken);

    private async Task<string> WritePlanAsync(RunDocument document, WriteCondition condition, CancellationToken cancellationToken)
    {
        var key = BucketKeys.Plan(document.RunId);
        var content = JsonSerializer.SerializeToUtf8Bytes(PlanRedaction.Redact(document), TunerJson.Options);
        ConditionalWriteResult result;
        try
        {
            result = await store.PutIfAsync(key, content, "application/json", condition, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TransientDependencyException($"writing {key} failed: {e.Message}", e);
        }

        return result.Outcome switch
        {
            ConditionalWriteOutcome.Written => result.ETag
                ?? (await GetPlanETagAsync(key, cancellationToken))
                ?? throw new TransientDependencyException($"{key} was written but the store gave no ETag"),
            ConditionalWriteOutcome.Conflict => throw new TransientDependencyException($"writing {key} ({condition}) conflicted with another write; retrying"),
            _ when condition.IfMatch is null => throw new TransientDependencyException($"{key} was written meanwhile by another invocation of this run's Planner; a retry resumes from it"),
            _ => throw new InvalidStateInputException($"{key} is not the plan this run's Planner wrote (it was changed or deleted since, {condition}): refusing to overwrite it"),
        };
    }

    private async Task<string?> GetPlanETagAsync(string key, CancellationToken cancellationToken) =>
        (await store.GetWithETagAsync(key, cancellationToken))?.ETag;
}
