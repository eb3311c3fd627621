using System.Text.Json;
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
        await GetAsync(RunKeys.Ended(runId), cancellationToken) is not null;

    /// <summary>The run's plan.json, or <c>null</c> when the Planner never wrote it.</summary>
    public async Task<RunDocument?> FindPlanAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(RunKeys.Plan(runId), cancellationToken) is { } bytes ? TunerJson.Deserialize<RunDocument>(bytes) : null;

    /// <summary>The run's plan.json; a missing one means the state machine called a handler out of order.</summary>
    public async Task<RunDocument> ReadPlanAsync(string runId, CancellationToken cancellationToken) =>
        await FindPlanAsync(runId, cancellationToken)
            ?? throw new InvalidStateInputException($"{RunKeys.Plan(runId)} does not exist: the Planner did not run for {runId}");

    /// <summary>The run's plan.json and the tuning request recorded in it, read again through the request reader.</summary>
    public async Task<(RunDocument Document, TuningRequest Request)> ReadRunAsync(string runId, CancellationToken cancellationToken)
    {
        var document = await ReadPlanAsync(runId, cancellationToken);
        var request = TuningRequestReader.Read(document.Request.GetRawText()).Request
            ?? throw new InvalidStateInputException($"the request in {RunKeys.Plan(runId)} is not valid");
        return (document, request);
    }

    /// <summary>The run's stages.json, or <c>null</c> before the Narrower's first call.</summary>
    public async Task<StagesDocument?> FindStagesAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(RunKeys.Stages(runId), cancellationToken) is { } bytes ? TunerJson.Deserialize<StagesDocument>(bytes) : null;

    public Task SaveStagesAsync(StagesDocument document, CancellationToken cancellationToken) =>
        PutAsync(RunKeys.Stages(document.RunId), TunerJson.Serialize(document), "application/json", cancellationToken);

    /// <summary>Every sample of the run (all cells, all steps) and the lines that could not be read, as warnings.</summary>
    public async Task<(List<Sample> Samples, List<string> Warnings)> ReadSamplesAsync(string runId, CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        var warnings = new List<string>();
        var keys = await ListAsync(RunKeys.SamplesPrefix(runId), cancellationToken);
        foreach (var key in keys.Where(k => k.EndsWith(".jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (await GetAsync(key, cancellationToken) is { } bytes)
            {
                warnings.AddRange(SampleJsonl.Read(bytes, samples, key).Select(p => p.ToString()));
            }
        }

        return (samples, warnings);
    }

    public Task SavePlanAsync(RunDocument document, CancellationToken cancellationToken) =>
        PutAsync(RunKeys.Plan(document.RunId), JsonSerializer.SerializeToUtf8Bytes(document, TunerJson.Options), "application/json", cancellationToken);
}
