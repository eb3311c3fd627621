using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Runs;

namespace Tuner.Functions.Lambda;

/// <summary>
/// A target's versions of one run, found by their <see cref="VersionTag"/>: taking over those an interrupted Planner
/// invocation published but did not record, and deleting them when the target is dropped or the run ends.
/// </summary>
internal sealed class RunVersions(ILambdaApi lambda)
{
    /// <summary>
    /// Records in <paramref name="versions"/> (version key → number) each planned version missing there that Lambda
    /// already holds with this run's tag, the planned configuration and the baseline's code; others are left to publish.
    /// </summary>
    public async Task AdoptAsync(TunerWrites writes, TargetPlan target, Dictionary<string, string> versions, CancellationToken cancellationToken)
    {
        var existing = await lambda.ListVersionsByFunctionAsync(target.Baseline.FunctionName, cancellationToken);
        foreach (var version in target.Versions.Where(v => !versions.ContainsKey(v.Key)))
        {
            var description = VersionTag.Describe(writes.RunId, version.Key);
            var match = existing.FirstOrDefault(e => e.Version != "$LATEST" && e.Description == description
                && FunctionConfigurator.Matches(e, writes.Wanted(version)) && writes.SameCode(e));
            if (match is not null)
            {
                versions[version.Key] = match.Version;
            }
        }
    }

    /// <summary>
    /// Deletes <paramref name="function"/>'s versions of <paramref name="runId"/> (also those published after the Cleaner
    /// listed them). Never throws: what is left is the janitor's, which removes versions of ended runs.
    /// </summary>
    public async Task DeleteAsync(string runId, string function)
    {
        try
        {
            var existing = await lambda.ListVersionsByFunctionAsync(function, CancellationToken.None);
            foreach (var version in existing.Where(v => v.Version != "$LATEST" && VersionTag.BelongsTo(v.Description, runId)))
            {
                try
                {
                    await lambda.DeleteFunctionVersionAsync(function, version.Version, CancellationToken.None);
                }
                catch (LambdaApiException e) when (e.IsNotFound)
                {
                    // The Cleaner deleted it first.
                }
            }
        }
        catch (LambdaApiException e)
        {
            await Console.Error.WriteLineAsync($"deleting the versions of {function} after run {runId} ended failed: {e.Message}");
        }
    }
}
