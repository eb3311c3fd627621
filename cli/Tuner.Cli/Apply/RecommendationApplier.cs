using System.Globalization;
using Tuner.Aws.Lambda;
using Tuner.Core.Objectives;
using Tuner.Core.Ports;
using Tuner.Core.Reports;

namespace Tuner.Cli.Apply;

/// <summary>
/// Applies a verified report's recommendations: checks each function is still as the run measured it (memory, the
/// tuned variables, its code when the report records it), then sets the recommended memory and variables on
/// <c>$LATEST</c> with UpdateFunctionConfiguration conditional on the RevisionId that check read (Lambda refuses it
/// with 412 if anything changed in between), and, with an alias, publishes that <c>$LATEST</c> as a version (conditional
/// on the new revision and the code hash) and points the alias at it.
/// </summary>
internal sealed class RecommendationApplier(ILambdaApi lambda, TimeProvider time)
{
    /// <summary>The change of every target the report recommends switching; targets to keep are left out.</summary>
    public async Task<IReadOnlyList<TargetChange>> PlanAsync(TuningReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var changes = new List<TargetChange>();
        foreach (var target in report.Targets)
        {
            if (target.Recommendation is not { Action: RecommendationAction.Switch } recommendation)
            {
                continue;
            }

            var current = await lambda.GetFunctionConfigurationAsync(target.Function, null, cancellationToken).ConfigureAwait(false);
            changes.Add(Compare(target, recommendation, current));
        }

        return changes;
    }

    /// <summary>Applies one change (no drift); returns the version published when <paramref name="alias"/> is set.</summary>
    public async Task<string?> ApplyAsync(TargetChange change, string runId, string? alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Drift.Count > 0)
        {
            throw new InvalidOperationException($"{change.Function} changed since the run: nothing may be applied");
        }

        await lambda.UpdateFunctionConfigurationAsync(
            change.Function, new FunctionConfigurationUpdate(change.MemoryMb, null, change.Environment, change.RevisionId), cancellationToken).ConfigureAwait(false);
        var updated = await lambda.WaitForUpdateAsync(change.Function, time, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (alias is null)
        {
            return null;
        }

        var version = await lambda.PublishVersionAsync(change.Function, $"tuner apply {runId} {change.CellId}", updated.RevisionId, change.CodeSha256, cancellationToken).ConfigureAwait(false);
        try
        {
            await lambda.CreateAliasAsync(change.Function, alias, version.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (LambdaApiException e) when (e.ErrorCode == "ResourceConflictException" || e.StatusCode == 409)
        {
            // The alias exists: point it at the new version.
            await lambda.UpdateAliasAsync(change.Function, alias, version.Version, cancellationToken).ConfigureAwait(false);
        }

        return version.Version;
    }

    private static TargetChange Compare(TargetReport target, Recommendation recommendation, FunctionConfiguration current)
    {
        var drift = new List<string>();
        if (target.Baseline is { } baseline)
        {
            if (current.MemorySizeMb != baseline.MemoryMb)
            {
                drift.Add(Invariant($"memory: the run measured {baseline.MemoryMb} MB, the function now has {current.MemorySizeMb} MB"));
            }

            foreach (var (name, value) in baseline.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var now = current.Environment.TryGetValue(name, out var v) ? v : null;
                if (!string.Equals(now, value, StringComparison.Ordinal))
                {
                    drift.Add($"{name}: the run measured {value}, the function now has {now ?? "(not set)"}");
                }
            }

            // A knob the run saw unset (its default) must still be unset.
            foreach (var name in recommendation.Env.Keys.Where(k => !baseline.Env.ContainsKey(k) && current.Environment.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                drift.Add($"{name}: the run measured it unset, the function now has {current.Environment[name]}");
            }
        }
        else
        {
            drift.Add("the report has no measurement of the current configuration to compare with");
        }

        if (target.BaselineCodeSha256 is { } code && !string.Equals(code, current.CodeSha256, StringComparison.Ordinal))
        {
            drift.Add($"code: the run measured CodeSha256 {code}, the function now has {current.CodeSha256 ?? "(unknown)"}");
        }

        var environment = new Dictionary<string, string>(current.Environment, StringComparer.Ordinal);
        var changes = new List<string>();
        if (current.MemorySizeMb != recommendation.MemoryMb)
        {
            changes.Add(Invariant($"memory: {current.MemorySizeMb} MB → {recommendation.MemoryMb} MB"));
        }

        foreach (var (name, value) in recommendation.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var before = current.Environment.TryGetValue(name, out var v) ? v : null;
            if (!string.Equals(before, value, StringComparison.Ordinal))
            {
                changes.Add($"{name}: {before ?? "(not set)"} → {value}");
            }

            environment[name] = value;
        }

        return new TargetChange(target.Function, recommendation.CellId, recommendation.MemoryMb, environment, changes, drift, current.RevisionId, current.CodeSha256);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
