using Tuner.Functions.Hosting;

namespace Tuner.Functions.Tests.Hosting;

public sealed class FunctionSettingsTests
{
    private static FunctionSettings Read(string? publishSeconds)
    {
        var variables = new Dictionary<string, string> { ["TUNER_BUCKET"] = "tuner-test" };
        if (publishSeconds is not null)
        {
            variables[FunctionSettings.PlannerPublishSecondsVariable] = publishSeconds;
        }

        return FunctionSettings.FromVariables(variables);
    }

    [Theory]
    [InlineData(null, 600)]
    [InlineData("", 600)]
    [InlineData("0", 0)]
    [InlineData(" 120 ", 120)]
    [InlineData("840", 840)]
    public void FromVariables_PlannerPublishSeconds_SetsTheBudget(string? value, int expectedSeconds)
    {
        var settings = Read(value);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), settings.PlannerPublishBudget);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("841")]
    [InlineData("900")]
    [InlineData("99999999999")]
    public void FromVariables_InvalidPlannerPublishSeconds_ThrowsNamingTheVariableAndTheRange(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(value));

        Assert.Contains("TUNER_PLANNER_PUBLISH_SECONDS", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 0 to 840", error.Message, StringComparison.Ordinal);
    }
}
