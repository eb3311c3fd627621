using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests.Messages;

/// <summary>
/// The state outputs as the functions write them (<see cref="TunerJson"/>) read back with Tuner.Contracts'
/// source-generated <see cref="StateOutputJson"/>, as the CLI reads them: one record, two serializers.
/// </summary>
public sealed class StateOutputContractTests
{
    [Fact]
    public void PlannerOutput_ReadWithTheContract_GivesPublishedConcurrencyAndVersions()
    {
        var output = new PlannerOutput { RunId = "r1", Job = "orders", Bucket = "bucket", MaxConcurrency = 4, EstimatedMaxUsd = 0.5m, Cells = [], Published = false, Versions = 12 };

        var read = Read(output, StateOutputJson.Default.PlannerOutput);

        Assert.NotNull(read.Cells);
        Assert.Empty(read.Cells);
        Assert.False(read.Published);
        Assert.Equal(4, read.MaxConcurrency);
        Assert.Equal(12, read.Versions);
    }

    [Fact]
    public void NarrowerOutput_ReadWithTheContract_GivesStepUnitsAndSamples()
    {
        var unit = StateMessages.Unit(2, StageKind.Narrowing, 3, false, 7, [StateMessages.Cell("c1", "fn", "5", 30, warmUp: true, 1), StateMessages.Cell("c2", "fn", "6", 20, warmUp: false, 1)], targetIndex: 1);
        var output = new NarrowerOutput { RunId = "r1", Bucket = "bucket", MaxConcurrency = 4, Step = 3, Done = false, Units = [unit] };

        var read = Read(output, StateOutputJson.Default.NarrowerOutput);

        Assert.Equal(3, read.Step);
        Assert.False(read.Done);
        var readUnit = Assert.Single(read.Units);
        Assert.Equal(1, readUnit.TargetIndex);
        Assert.Equal(2, readUnit.Stage);
        Assert.Equal(StageKind.Narrowing, readUnit.Kind);
        Assert.Equal([30, 20], readUnit.Cells.Select(c => c.Samples));
    }

    [Fact]
    public void ExecutorOutput_ReadWithTheContract_GivesTheUnitsCounts()
    {
        var output = new ExecutorOutput { Step = 2, Unit = 5, TargetIndex = 0, Stage = 1, Cells = 3, Samples = 90, Invocations = 96, CellsFailed = 1, DeadlineReached = true, InvokePhaseMs = 1234.5, SummaryKey = "k" };

        var read = Read(output, StateOutputJson.Default.ExecutorOutput);

        Assert.Equal(2, read.Step);
        Assert.Equal(5, read.Unit);
        Assert.Equal(90, read.Samples);
        Assert.Equal(96, read.Invocations);
        Assert.Equal(1, read.CellsFailed);
        Assert.True(read.DeadlineReached);
        Assert.Equal(1234.5, read.InvokePhaseMs);
    }

    [Fact]
    public void ReducerOutput_TheExecutionsOutputReadWithTheContract_GivesTheReportKeysAndRecommendations()
    {
        var output = new ReducerOutput
        {
            RunId = "r1",
            Job = "orders",
            Bucket = "bucket",
            ReportKey = "runs/r1/report.json",
            SignatureKey = "runs/r1/report.sig.json",
            HtmlKey = "runs/r1/report.html",
            LatestKey = "jobs/orders/latest.json",
            CellsMeasured = 6,
            CellsFailed = 1,
            Recommendations = ["orders: 1024 MB"],
        };
        // The execution's output: the ASL adds the Cleaner's output to the Reducer's as "cleanup".
        var execution = JsonSerializer.SerializeToNode(output, TunerJson.Options)!.AsObject();
        execution["cleanup"] = JsonSerializer.SerializeToNode(new CleanerOutput("r1", []), TunerJson.Options);

        var read = JsonSerializer.Deserialize(execution.ToJsonString(), StateOutputJson.Default.ReducerOutput)!;

        Assert.Equal("runs/r1/report.json", read.ReportKey);
        Assert.Equal("runs/r1/report.html", read.HtmlKey);
        Assert.Null(read.CsvKey);
        Assert.Equal(6, read.CellsMeasured);
        Assert.Equal(1, read.CellsFailed);
        Assert.Equal(["orders: 1024 MB"], read.Recommendations);
    }

    [Fact]
    public void CleanerOutput_ReadWithTheContract_GivesEachTargetsOutcomeAndReason()
    {
        var output = new CleanerOutput("r1", [new TargetCleanup("orders", CleanupOutcome.KeptOwnersChange, "memory 512 → 2048 MB", ["orders:3"], []), new TargetCleanup("billing", CleanupOutcome.Restored, null, [], ["billing:4"])])
        {
            Ending = "succeeded",
        };

        var written = System.Text.Encoding.UTF8.GetString(TunerJson.Serialize(output));
        var read = Read(output, StateOutputJson.Default.CleanerOutput);

        Assert.Contains("\"outcome\":\"keptOwnersChange\"", written, StringComparison.Ordinal);
        Assert.Equal("r1", read.RunId);
        Assert.Equal([CleanupOutcome.KeptOwnersChange, CleanupOutcome.Restored], read.Targets.Select(t => t.Outcome));
        Assert.Equal("memory 512 → 2048 MB", read.Targets[0].Reason);
        Assert.Equal(["billing:4"], read.Targets[1].LeftVersions);
        Assert.Equal("succeeded", read.Ending);
    }

    private static T Read<T>(T output, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(TunerJson.Serialize(output), type) ?? throw new InvalidOperationException("null");
}
