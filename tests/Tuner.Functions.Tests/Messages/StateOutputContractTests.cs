using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.Messages;

/// <summary>The state outputs the functions write read back with Tuner.Contracts' <see cref="StateOutputJson"/>, as the CLI reads them.</summary>
public sealed class StateOutputContractTests
{
    [Fact]
    public void PlannerOutput_ReadWithTheContract_GivesPublishedConcurrencyAndVersions()
    {
        var output = new PlannerOutput("r1", "orders", "bucket", MaxConcurrency: 4, EstimatedMaxUsd: 0.5m, Cells: [], Published: false, Versions: 12);

        var read = Read(output, StateOutputJson.Default.PlannerStateOutput);

        Assert.NotNull(read.Cells);
        Assert.Empty(read.Cells);
        Assert.False(read.Published);
        Assert.Equal(4, read.MaxConcurrency);
        Assert.Equal(12, read.Versions);
    }

    [Fact]
    public void NarrowerOutput_ReadWithTheContract_GivesStepUnitsAndSamples()
    {
        var unit = new MeasureUnit(0, 1, 2, "narrowing", 3, false, 7, [new UnitCell("c1", "fn", "5", 30, WarmUp: true, 1), new UnitCell("c2", "fn", "6", 20, WarmUp: false, 1)]);
        var output = new NarrowerOutput("r1", "bucket", 4, Step: 3, Done: false, Units: [unit]);

        var read = Read(output, StateOutputJson.Default.NarrowerStateOutput);

        Assert.Equal(3, read.Step);
        Assert.False(read.Done);
        var readUnit = Assert.Single(read.Units!);
        Assert.Equal(1, readUnit.TargetIndex);
        Assert.Equal(2, readUnit.Stage);
        Assert.Equal("narrowing", readUnit.Kind);
        Assert.Equal([30, 20], readUnit.Cells!.Select(c => c.Samples));
    }

    [Fact]
    public void ExecutorOutput_ReadWithTheContract_GivesTheUnitsCounts()
    {
        var output = new ExecutorOutput(Step: 2, Unit: 5, TargetIndex: 0, Stage: 1, Cells: 3, Samples: 90, Invocations: 96, CellsFailed: 1, DeadlineReached: true, InvokePhaseMs: 1234.5, SummaryKey: "k");

        var read = Read(output, StateOutputJson.Default.ExecutorStateOutput);

        Assert.Equal(2, read.Step);
        Assert.Equal(5, read.Unit);
        Assert.Equal(90, read.Samples);
        Assert.Equal(96, read.Invocations);
        Assert.Equal(1, read.CellsFailed);
        Assert.True(read.DeadlineReached);
        Assert.Equal(1234.5, read.InvokePhaseMs);
    }

    private static T Read<TOutput, T>(TOutput output, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(TunerJson.Serialize(output), type) ?? throw new InvalidOperationException("null");
}
