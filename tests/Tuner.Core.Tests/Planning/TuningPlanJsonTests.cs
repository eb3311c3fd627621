using Tuner.Core.Planning;
using Tuner.Core.Reports;
using Tuner.Core.Serialization;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Planning;

public sealed class TuningPlanJsonTests
{
    [Fact]
    public void Serialize_Plan_RoundTripsThroughTunerJson()
    {
        var (_, plan) = ReportScenario.Plan();

        var bytes = TunerJson.Serialize(plan);
        var read = TunerJson.Deserialize<TuningPlan>(bytes)!;

        Assert.Equal(CanonicalJson.Serialize(plan), CanonicalJson.Serialize(read));
        Assert.Equal(plan.AllCells.Select(c => c.Id), read.AllCells.Select(c => c.Id));
        Assert.Equal("25", read.Targets[0].Versions[1].Environment["TUNER_DDB_BATCH_SIZE"]);
    }
}
