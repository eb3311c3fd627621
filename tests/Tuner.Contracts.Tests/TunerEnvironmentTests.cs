using System.Reflection;
using Tuner.Contracts;

namespace Tuner.Contracts.Tests;

public sealed class TunerEnvironmentTests
{
    [Fact]
    public void All_ListsEveryNameOnce()
    {
        var declared = typeof(TunerEnvironment).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, TunerEnvironment.All.Order(StringComparer.Ordinal));
        Assert.Equal(TunerEnvironment.All.Count, TunerEnvironment.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void All_AreTunersOwnNames() =>
        Assert.All(TunerEnvironment.All, name => Assert.Matches("^TUNER_[A-Z_]+$", name));

    [Fact]
    public void KnobAndWorkloadNames_AreNotTunersOwnSettings()
    {
        string[] names =
        [
            TunerEnvironment.DynamoDbBatch.BatchSize, TunerEnvironment.DynamoDbBatch.Parallelism,
            TunerEnvironment.Workload.TableName, TunerEnvironment.Workload.WorkFactor, TunerEnvironment.Workload.CreateTable,
            TunerEnvironment.ColdStart.Variable,
        ];

        Assert.Equal(["TUNER_DDB_BATCH_SIZE", "TUNER_DDB_PARALLELISM", "TUNER_TABLE_NAME", "TUNER_WORKLOAD_WORK_FACTOR", "TUNER_CREATE_TABLE", "TUNER_COLD_START"], names);
        Assert.All(names, name => Assert.DoesNotContain(name, TunerEnvironment.All));
    }

    [Fact]
    public void DynamoDbBatch_EveryKnob_HasTheReservedPrefix()
    {
        Assert.StartsWith(TunerEnvironment.DynamoDbBatch.Prefix, TunerEnvironment.DynamoDbBatch.BatchSize, StringComparison.Ordinal);
        Assert.StartsWith(TunerEnvironment.DynamoDbBatch.Prefix, TunerEnvironment.DynamoDbBatch.Parallelism, StringComparison.Ordinal);
    }
}
