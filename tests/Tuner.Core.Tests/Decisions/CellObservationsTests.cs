using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Decisions;

public sealed class CellObservationsTests
{
    [Fact]
    public void ProductionOffset_OneOutlierAmongTheColdStarts_MovesTheTypicalOffsetByNothing()
    {
        // Five cold starts at 300 ms (INIT included) but one at 3,000 (a 10× outlier), warm invocations at 100 ms: the
        // typical cold extra is 200 ms; the mean cold start is 840 ms, so the mean's offset is 3.7 times as large.
        var cell = Cell();
        for (var i = 0; i < 5; i++)
        {
            cell.Add(DecisionScenario.Warm(cell.Cell.Id, i, i == 4 ? 3000 : 300) with { ColdStart = true, Warmup = true });
        }

        for (var i = 0; i < 40; i++)
        {
            cell.Add(DecisionScenario.Warm(cell.Cell.Id, 5 + i, 100));
        }

        var typical = cell.ProductionOffset(DecisionGoal.Duration, 0.01, typical: true);
        var mean = cell.ProductionOffset(DecisionGoal.Duration, 0.01);

        Assert.Equal(0.01 * 200, typical, 9);
        Assert.Equal(0.01 * (840 - 100), mean, 9);
    }

    [Fact]
    public void ProductionOffset_NoColdStartSeen_IsZeroEitherWay()
    {
        var cell = Cell();
        cell.Add(DecisionScenario.Warm(cell.Cell.Id, 0, 100));

        Assert.Equal(0, cell.ProductionOffset(DecisionGoal.Cost, 0.01, typical: true));
        Assert.Equal(0, cell.ProductionOffset(DecisionGoal.Cost, 0.01));
    }

    private static CellObservations Cell()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[512],"invocations":30}]}""").Request!;
        var plan = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: 512)], PricingCatalog.Default, "us-east-1").Plan!;
        var cell = plan.Targets[0].Cells[0];
        return new CellObservations(cell, CellPrices.For(cell.MemoryMb, PricingCatalog.Default.Get("us-east-1", plan.Targets[0].Architecture)));
    }
}
