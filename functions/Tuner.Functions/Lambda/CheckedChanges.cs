using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;
using Tuner.Functions.Runs;

namespace Tuner.Functions.Lambda;

/// <summary>
/// One update and one publish of a target's <c>$LATEST</c>, each checked for drift: the change carries the revision
/// Tuner saw or wrote last (<c>RevisionId</c>) and the publish the baseline's code hash (<c>CodeSha256</c>), and what
/// Lambda returns is compared with what Tuner wanted. A change by someone else is a <see cref="FunctionChangedException"/>
/// that says what changed and when; a version that came out with foreign code or configuration is deleted first.
/// </summary>
internal sealed class CheckedChanges(ILambdaApi lambda, FunctionConfigurator configurator)
{
    /// <summary>Sets <paramref name="wanted"/>'s memory, timeout and environment on <c>$LATEST</c> at <paramref name="revision"/>; returns the settled configuration.</summary>
    public async Task<FunctionConfiguration> ApplyAsync(
        TunerWrites writes, BaselineConfiguration wanted, string? revision, CancellationToken cancellationToken)
    {
        var function = writes.Baseline.FunctionName;
        FunctionConfiguration settled;
        try
        {
            settled = await configurator.ApplyAsync(
                function,
                new FunctionConfigurationUpdate(wanted.MemoryMb, wanted.TimeoutSeconds, wanted.Environment, revision),
                cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsChangedSince)
        {
            var now = await configurator.WaitUntilSettledAsync(function, cancellationToken);
            throw Changed(writes, now, $"before Tuner's update (Lambda refused it: {e.ErrorCode})");
        }

        if (!FunctionConfigurator.Matches(settled, wanted) || !writes.SameCode(settled))
        {
            throw Changed(writes, settled, "while Tuner's update was being applied");
        }

        return settled;
    }

    /// <summary>
    /// Publishes <c>$LATEST</c> at <paramref name="revision"/> with the baseline's code, tagged as <paramref name="version"/>
    /// of the run; a version that still came out with other code or another configuration (a deploy in between) is
    /// deleted before the target is refused.
    /// </summary>
    public async Task<FunctionConfiguration> PublishAsync(
        PlannedVersion version, TunerWrites writes, BaselineConfiguration wanted, string? revision, CancellationToken cancellationToken)
    {
        var function = writes.Baseline.FunctionName;
        var description = VersionTag.Describe(writes.RunId, version.Key);
        FunctionConfiguration published;
        try
        {
            published = await configurator.PublishAsync(function, description, revision, writes.Baseline.CodeSha256, cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsChangedSince)
        {
            var now = await configurator.WaitUntilSettledAsync(function, cancellationToken);
            throw Changed(writes, now, $"between Tuner's update and its publish (Lambda refused to publish: {e.ErrorCode})");
        }

        if (!FunctionConfigurator.Matches(published, wanted) || !writes.SameCode(published))
        {
            var deleted = string.Empty;
            if (VersionTag.BelongsTo(published.Description, writes.RunId))
            {
                await lambda.DeleteFunctionVersionAsync(function, published.Version, cancellationToken);
                deleted = $"; version {published.Version}, published with it, was deleted";
            }

            throw Changed(writes, published, $"between Tuner's update and its publish{deleted}");
        }

        return published;
    }

    /// <summary>The refusal of a target that changed <paramref name="when"/>, naming what changed.</summary>
    public static FunctionChangedException Changed(TunerWrites writes, FunctionConfiguration current, string when) =>
        new($"{writes.Baseline.FunctionName} changed {when} ({writes.DescribeChange(current)}): Tuner refused to tune it rather than measure someone else's change");
}
