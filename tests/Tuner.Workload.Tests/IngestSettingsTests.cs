namespace Tuner.Workload.Tests;

public sealed class IngestSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void FromEnvironment_TableOnly_UsesDefaults()
    {
        var settings = IngestSettings.FromEnvironment(Env(("TUNER_TABLE_NAME", "events")));

        Assert.Equal(new IngestSettings("events", IngestSettings.DefaultWorkFactor, false), settings);
    }

    [Fact]
    public void FromEnvironment_AllVariables_ReadsThem()
    {
        var settings = IngestSettings.FromEnvironment(Env(("TUNER_TABLE_NAME", "t1"), ("TUNER_WORKLOAD_WORK_FACTOR", "50"), ("TUNER_CREATE_TABLE", "TRUE")));

        Assert.Equal(new IngestSettings("t1", 50, true), settings);
    }

    [Fact]
    public void FromEnvironment_NoTable_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IngestSettings.FromEnvironment(Env()));

        Assert.StartsWith("TUNER_TABLE_NAME is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_BadWorkFactor_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => IngestSettings.FromEnvironment(Env(("TUNER_TABLE_NAME", "t"), ("TUNER_WORKLOAD_WORK_FACTOR", "0"))));

        Assert.Equal("TUNER_WORKLOAD_WORK_FACTOR: '0' is not a positive integer", error.Message);
    }
}
