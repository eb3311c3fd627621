using Tuner.Core.Planning;

namespace Tuner.Core.Tests.Planning;

public sealed class ColdStartVersionsTests
{
    private static readonly PlannedVersion Warm = new("t0-m512", 0, "f", 512, new Dictionary<string, string> { ["TABLE"] = "events" }, ["t0-m512"], IsBaseline: false);

    [Fact]
    public void EnvironmentOf_ColdVersion_AddsTheRunCellAndSample()
    {
        var cold = Warm with { Key = ColdStartVersions.Key("t0-m512", 3), ColdSample = 3 };

        var environment = ColdStartVersions.EnvironmentOf(cold, "run-1");

        Assert.Equal("t0-m512.cold3", cold.Key);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "events", ["TUNER_COLD_START"] = "run-1/t0-m512/3" }, environment);
    }

    [Fact]
    public void EnvironmentOf_WarmVersion_IsItsEnvironment()
    {
        Assert.Same(Warm.Environment, ColdStartVersions.EnvironmentOf(Warm, "run-1"));
    }

    [Fact]
    public void MaxBytes_BoundsTheVariableOfTheLongestRunId()
    {
        var runId = new string('r', ColdStartVersions.MaxRunIdLength);
        var actual = "TUNER_COLD_START".Length + ColdStartVersions.Value(runId, "t0-m10240-b25-p64-e0123abcd", 100).Length;

        Assert.Equal(actual, ColdStartVersions.MaxBytes("t0-m10240-b25-p64-e0123abcd", 100));
    }
}
