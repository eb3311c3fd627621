using Tuner.Functions.Errors;
using Tuner.Functions.Lambda;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.Lambda;

/// <summary>
/// One update and one publish, each carrying the revision Tuner saw and the baseline's code, and each checked against
/// what Tuner wanted: a change by someone else is refused with what changed.
/// </summary>
public sealed class CheckedChangesTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly FakeFunction _function;
    private readonly CheckedChanges _changes;

    public CheckedChangesTests()
    {
        _function = _lambda.Add("orders-ingest", memoryMb: 512);
        _changes = new CheckedChanges(_lambda, new FunctionConfigurator(_lambda, new AutoAdvancingTimeProvider(FunctionsClock.Start)));
    }

    [Fact]
    public async Task Apply_AtTheRevisionTunerSaw_SetsThePlannedConfiguration()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        var wanted = writes.Wanted(target.Versions[0]);

        var settled = await _changes.ApplyAsync(writes, wanted, writes.Baseline.RevisionId, CancellationToken.None);

        Assert.Equal(1024, settled.MemorySizeMb);
        Assert.Equal(1024, _function.Latest.MemorySizeMb);
        Assert.Equal(("Update", writes.Baseline.RevisionId, (string?)null), Assert.Single(_lambda.Preconditions));
    }

    [Fact]
    public async Task Apply_OwnerChangedItSinceTheRevision_RefusedNamingTheChangeAndTheOwnersKept()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        _lambda.OwnerChanges("orders-ingest", c => c with { TimeoutSeconds = 60 });

        var error = await Assert.ThrowsAsync<FunctionChangedException>(
            () => _changes.ApplyAsync(writes, writes.Wanted(target.Versions[0]), writes.Baseline.RevisionId, CancellationToken.None));

        Assert.StartsWith("orders-ingest changed before Tuner's update (Lambda refused it: PreconditionFailedException) (timeout 30 → 60 s", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Tuner refused to tune it rather than measure someone else's change", error.Message, StringComparison.Ordinal);
        Assert.Equal(512, _function.Latest.MemorySizeMb);
        Assert.Equal(60, _function.Latest.TimeoutSeconds);
    }

    [Fact]
    public async Task Publish_AtTheRevisionTunerWrote_TaggedWithTheRunAndCarryingTheBaselineCode()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        var wanted = writes.Wanted(target.Versions[0]);
        var settled = await _changes.ApplyAsync(writes, wanted, writes.Baseline.RevisionId, CancellationToken.None);

        var published = await _changes.PublishAsync(target.Versions[0], writes, wanted, settled.RevisionId, CancellationToken.None);

        Assert.Equal(VersionTag.Describe(Requests.RunId, "t0-m1024"), published.Description);
        Assert.Equal(1024, published.MemorySizeMb);
        Assert.Equal(("Publish", settled.RevisionId, "code-v1"), _lambda.Preconditions[^1]);
    }

    [Fact]
    public async Task Publish_DeployAfterTunersUpdate_RefusedAndNoVersionPublished()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        var wanted = writes.Wanted(target.Versions[0]);
        var settled = await _changes.ApplyAsync(writes, wanted, writes.Baseline.RevisionId, CancellationToken.None);
        _lambda.BeforePublish = () => _lambda.OwnerChanges("orders-ingest", c => c with { CodeSha256 = "code-v2" });

        var error = await Assert.ThrowsAsync<FunctionChangedException>(
            () => _changes.PublishAsync(target.Versions[0], writes, wanted, settled.RevisionId, CancellationToken.None));

        Assert.Contains("changed between Tuner's update and its publish (Lambda refused to publish: PreconditionFailedException)", error.Message, StringComparison.Ordinal);
        Assert.Contains("code code-v1 → code-v2", error.Message, StringComparison.Ordinal);
        Assert.Empty(_function.Versions);
    }

    [Fact]
    public async Task Publish_VersionCameOutWithOtherCodeDespiteThePreconditions_DeletedAndRefused()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        var wanted = writes.Wanted(target.Versions[0]);
        var settled = await _changes.ApplyAsync(writes, wanted, writes.Baseline.RevisionId, CancellationToken.None);
        _lambda.IgnorePublishPreconditions = true;
        _lambda.BeforePublish = () => _lambda.OwnerChanges("orders-ingest", c => c with { CodeSha256 = "code-v2" });

        var error = await Assert.ThrowsAsync<FunctionChangedException>(
            () => _changes.PublishAsync(target.Versions[0], writes, wanted, settled.RevisionId, CancellationToken.None));

        Assert.Contains("between Tuner's update and its publish; version 1, published with it, was deleted", error.Message, StringComparison.Ordinal);
        Assert.Equal(["1"], _function.Deleted);
        Assert.Empty(_function.Versions);
    }
}
