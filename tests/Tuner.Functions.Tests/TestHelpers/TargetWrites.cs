using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Lambda;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>One target's plan as the Planner makes it, for tests of the publishing parts below the Planner.</summary>
internal static class TargetWrites
{
    /// <summary>
    /// <paramref name="function"/>'s <c>$LATEST</c> as the baseline (at its current revision and code), one planned
    /// version per memory in <paramref name="memoriesMb"/> (key <c>t0-m{memory}</c>, the baseline's environment), and
    /// the writes of run <see cref="Requests.RunId"/>.
    /// </summary>
    public static (TunerWrites Writes, TargetPlan Target) For(FakeFunction function, params int[] memoriesMb)
    {
        var latest = function.Latest;
        var baseline = new BaselineConfiguration(
            latest.FunctionName, latest.FunctionArn, latest.MemorySizeMb, latest.TimeoutSeconds, latest.Architecture, latest.Runtime,
            latest.Environment, latest.RevisionId, latest.CodeSha256);
        var versions = memoriesMb
            .Select(m => new PlannedVersion($"t0-m{m}", 0, latest.FunctionName, m, latest.Environment, [$"t0-c-m{m}"], IsBaseline: false))
            .ToList();
        var target = new TargetPlan(0, latest.FunctionName, latest.Architecture, baseline, [], versions);
        return (new TunerWrites(Requests.RunId, baseline, versions), target);
    }

    /// <summary>Publishes <paramref name="function"/>'s <c>$LATEST</c> with <paramref name="description"/> after <paramref name="change"/> (as an owner's deploy would).</summary>
    public static async Task<FunctionConfiguration> PublishAsync(
        FakeLambdaApi lambda, FakeFunction function, string? description, Func<FunctionConfiguration, FunctionConfiguration> change)
    {
        lambda.OwnerChanges(function.Name, change);
        return await lambda.PublishVersionAsync(function.Name, description);
    }
}
