using System.Text.Json;
using Tuner.Contracts.States;

namespace Tuner.Contracts.Tests.States;

/// <summary>
/// What <see cref="StateOutputJson"/> reads when a state output lacks properties (an older or partial output, a hand-made
/// event): the defaults the records state — <c>""</c> for the strings, <c>[]</c> for the lists, also inside the
/// Planner's cells and the Narrower's units — as reflection read them. The generator builds a record with
/// <c>init</c> properties in one object initializer that sets every one of them, so these hold only because the
/// records' <c>init</c> accessors store a missing (null) value as the default. The Reducer's required properties are
/// refused by name instead, and the Cleaner's positional ones stay null for its readers to refuse.
/// </summary>
public sealed class StateOutputJsonTests
{
    [Fact]
    public void PlannerOutput_PropertiesMissing_TheirDefaults()
    {
        var read = JsonSerializer.Deserialize("""{"published":true}""", StateOutputJson.Default.PlannerOutput)!;

        Assert.Equal(new PlannerOutput { Published = true }, read);
        Assert.Equal(string.Empty, read.RunId);
        Assert.Equal(string.Empty, read.Job);
        Assert.Equal(string.Empty, read.Bucket);
        Assert.Empty(read.Cells);
        Assert.Null(read.PlanETag);
    }

    [Fact]
    public void PlannerOutput_ACellsPropertiesMissing_TheirDefaults()
    {
        var read = JsonSerializer.Deserialize("""{"runId":"r1","cells":[{"memoryMb":512}]}""", StateOutputJson.Default.PlannerOutput)!;

        Assert.Equal(new CellTask { MemoryMb = 512 }, Assert.Single(read.Cells));
    }

    [Fact]
    public void NarrowerOutput_PropertiesMissing_TheirDefaults()
    {
        var read = JsonSerializer.Deserialize("""{"step":2}""", StateOutputJson.Default.NarrowerOutput)!;

        Assert.Equal(new NarrowerOutput { Step = 2 }, read);
        Assert.Equal(string.Empty, read.RunId);
        Assert.Equal(string.Empty, read.Bucket);
        Assert.Empty(read.Units);
    }

    [Fact]
    public void NarrowerOutput_AUnitsAndItsCellsPropertiesMissing_TheirDefaults()
    {
        var read = JsonSerializer.Deserialize("""{"units":[{"unit":1},{"unit":2,"cells":[{"samples":5}]}]}""", StateOutputJson.Default.NarrowerOutput)!;

        Assert.Collection(
            read.Units,
            unit => Assert.Equal(new MeasureUnit { Unit = 1 }, unit),
            unit => Assert.Equal(new UnitCell { Samples = 5 }, Assert.Single(unit.Cells)));
        Assert.Null(read.Units[1].Cells[0].ColdQualifiers);
    }

    [Fact]
    public void ExecutorOutput_PropertiesMissing_TheirDefaults()
    {
        var read = JsonSerializer.Deserialize("""{"samples":8}""", StateOutputJson.Default.ExecutorOutput)!;

        Assert.Equal(new ExecutorOutput { Samples = 8 }, read);
        Assert.Equal(string.Empty, read.SummaryKey);
    }

    /// <summary>A null where the record has no null is read as that default too (reflection kept the null).</summary>
    [Fact]
    public void Outputs_NullForAStringOrAList_TheirDefaults()
    {
        var plan = JsonSerializer.Deserialize("""{"runId":null,"job":null,"bucket":null,"cells":[{"id":null,"function":null,"qualifier":null}]}""", StateOutputJson.Default.PlannerOutput)!;
        var step = JsonSerializer.Deserialize("""{"runId":null,"bucket":null,"units":[{"cells":null},{"cells":[{"id":null,"function":null,"qualifier":null}]}]}""", StateOutputJson.Default.NarrowerOutput)!;
        var unit = JsonSerializer.Deserialize("""{"units":null}""", StateOutputJson.Default.NarrowerOutput)!;
        var executor = JsonSerializer.Deserialize("""{"summaryKey":null}""", StateOutputJson.Default.ExecutorOutput)!;

        Assert.Equal(new PlannerOutput { Cells = plan.Cells }, plan);
        Assert.Equal(new CellTask(), Assert.Single(plan.Cells));
        Assert.Equal(new MeasureUnit(), step.Units[0]);
        Assert.Equal(new UnitCell(), Assert.Single(step.Units[1].Cells));
        Assert.Empty(unit.Units);
        Assert.Equal(new ExecutorOutput(), executor);
    }

    [Fact]
    public void Outputs_EveryPropertyPresent_ReadAsWritten()
    {
        var plan = new PlannerOutput
        {
            RunId = "r1", Job = "orders", Bucket = "b", MaxConcurrency = 2, EstimatedMaxUsd = 0.5m, Published = true, Versions = 1, PlanETag = "\"e\"",
            Cells = [new CellTask { Id = "t0-m512", Function = "orders", Qualifier = "4", MemoryMb = 512, Invocations = 30, Concurrency = 2, IsBaseline = true }],
        };
        var step = new NarrowerOutput
        {
            RunId = "r1", Bucket = "b", MaxConcurrency = 2, Step = 1,
            Units = [new MeasureUnit { Unit = 0, Stage = 1, Kind = StageKind.FirstPass, Step = 1, Seed = 7, Cells = [new UnitCell { Id = "t0-m512", Function = "orders", Qualifier = "4", Samples = 5, ColdQualifiers = ["5"] }] }],
        };

        var planRead = JsonSerializer.Deserialize(JsonSerializer.Serialize(plan, StateOutputJson.Default.PlannerOutput), StateOutputJson.Default.PlannerOutput)!;
        var stepRead = JsonSerializer.Deserialize(JsonSerializer.Serialize(step, StateOutputJson.Default.NarrowerOutput), StateOutputJson.Default.NarrowerOutput)!;

        Assert.Equal(plan with { Cells = planRead.Cells }, planRead);
        Assert.Equal(plan.Cells, planRead.Cells);
        Assert.Equal(step with { Units = stepRead.Units }, stepRead);
        Assert.Equal(step.Units[0] with { Cells = stepRead.Units[0].Cells }, stepRead.Units[0]);
        Assert.Equal(step.Units[0].Cells[0] with { ColdQualifiers = stepRead.Units[0].Cells[0].ColdQualifiers }, stepRead.Units[0].Cells[0]);
        Assert.Equal(["5"], stepRead.Units[0].Cells[0].ColdQualifiers!);
    }

    [Fact]
    public void ReducerOutput_ARequiredPropertyMissing_RefusedByName()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"runId":"r1","job":"orders","bucket":"b","reportKey":"k","signatureKey":"s","latestKey":"l","cellsMeasured":6,"cellsFailed":0}""",
            StateOutputJson.Default.ReducerOutput));

        Assert.Contains("missing required properties including: 'recommendations'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReducerOutput_TheOptionalKeysMissing_Null()
    {
        var read = JsonSerializer.Deserialize(
            """{"runId":"r1","job":"orders","bucket":"b","reportKey":"k","signatureKey":"s","latestKey":"l","cellsMeasured":6,"cellsFailed":0,"recommendations":[]}""",
            StateOutputJson.Default.ReducerOutput)!;

        Assert.Null(read.HtmlKey);
        Assert.Null(read.CsvKey);
        Assert.Empty(read.Recommendations);
    }

    /// <summary>No default is stated for the Cleaner's run id and targets: a record without them stays null, and its readers (the signed cleanup check, <c>tuner fetch</c>) refuse it.</summary>
    [Fact]
    public void CleanerOutput_RunIdAndTargetsMissing_Null()
    {
        var read = JsonSerializer.Deserialize("""{"ending":"failed"}""", StateOutputJson.Default.CleanerOutput)!;

        Assert.Null(read.RunId);
        Assert.Null(read.Targets);
        Assert.Null(read.CleanedAt);
        Assert.Equal("failed", read.Ending);
    }
}
