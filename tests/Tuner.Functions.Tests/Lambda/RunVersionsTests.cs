using Tuner.Functions.Lambda;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests.Lambda;

/// <summary>A run's versions are found by their tag: taken over after an interrupted Planner, deleted when the target is dropped or the run ends.</summary>
public sealed class RunVersionsTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly FakeFunction _function;

    public RunVersionsTests() => _function = _lambda.Add("orders-ingest", memoryMb: 512);

    [Fact]
    public async Task Delete_VersionsOfThisRunAnotherRunAndUntagged_OnlyThisRunsDeleted()
    {
        await _lambda.PublishVersionAsync("orders-ingest", VersionTag.Describe(Requests.RunId, "t0-m1024"));
        await _lambda.PublishVersionAsync("orders-ingest", VersionTag.Describe("run-20261121-0002", "t0-m1024"));
        await _lambda.PublishVersionAsync("orders-ingest", "the owner's release");
        await _lambda.PublishVersionAsync("orders-ingest", VersionTag.Describe(Requests.RunId, "t0-m2048"));

        await new RunVersions(_lambda).DeleteAsync(Requests.RunId, "orders-ingest");

        Assert.Equal(["1", "4"], _function.Deleted);
        Assert.Equal(["2", "3"], _function.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Delete_ListingRefused_DoesNotThrowAndLeavesThemToTheJanitor()
    {
        await _lambda.PublishVersionAsync("orders-ingest", VersionTag.Describe(Requests.RunId, "t0-m1024"));
        _function.DeniedOperations.Add("ListVersions");

        await new RunVersions(_lambda).DeleteAsync(Requests.RunId, "orders-ingest");

        Assert.Empty(_function.Deleted);
        Assert.Single(_function.Versions);
    }

    [Fact]
    public async Task Adopt_TaggedVersionsOfThisRun_OnlyThoseWithThePlannedConfigurationAndCodeRecorded()
    {
        var (writes, target) = TargetWrites.For(_function, 1024, 2048, 3008);
        // t0-m1024 as planned; t0-m2048 tagged but at another memory; t0-m3008 as planned but with the owner's new code.
        await TargetWrites.PublishAsync(_lambda, _function, VersionTag.Describe(Requests.RunId, "t0-m1024"), c => c with { MemorySizeMb = 1024 });
        await TargetWrites.PublishAsync(_lambda, _function, VersionTag.Describe(Requests.RunId, "t0-m2048"), c => c with { MemorySizeMb = 1536 });
        await TargetWrites.PublishAsync(_lambda, _function, VersionTag.Describe(Requests.RunId, "t0-m3008"), c => c with { MemorySizeMb = 3008, CodeSha256 = "code-v2" });
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);

        await new RunVersions(_lambda).AdoptAsync(writes, target, versions, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["t0-m1024"] = "1" }, versions);
    }

    [Fact]
    public async Task Adopt_VersionAlreadyRecorded_KeptAsRecorded()
    {
        var (writes, target) = TargetWrites.For(_function, 1024);
        await TargetWrites.PublishAsync(_lambda, _function, VersionTag.Describe(Requests.RunId, "t0-m1024"), c => c with { MemorySizeMb = 1024 });
        var versions = new Dictionary<string, string>(StringComparer.Ordinal) { ["t0-m1024"] = "7" };

        await new RunVersions(_lambda).AdoptAsync(writes, target, versions, CancellationToken.None);

        Assert.Equal("7", versions["t0-m1024"]);
    }
}
