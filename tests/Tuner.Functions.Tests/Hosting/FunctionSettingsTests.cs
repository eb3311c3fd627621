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
    [InlineData(null, 8)]
    [InlineData("1", 1)]
    [InlineData(" 12 ", 12)]
    public void FromVariables_ControlPlaneRequestsPerSecond_SetsThePace(string? value, int expected)
    {
        var variables = new Dictionary<string, string> { ["TUNER_BUCKET"] = "tuner-test" };
        if (value is not null)
        {
            variables[FunctionSettings.ControlPlaneRequestsPerSecondVariable] = value;
        }

        Assert.Equal(expected, FunctionSettings.FromVariables(variables).ControlPlaneRequestsPerSecond);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("13")]
    [InlineData("15")]
    [InlineData("2.5")]
    public void FromVariables_ControlPlaneRequestsPerSecondOutOfRange_ThrowsNamingTheVariableAndTheQuota(string value)
    {
        var variables = new Dictionary<string, string> { ["TUNER_BUCKET"] = "tuner-test", [FunctionSettings.ControlPlaneRequestsPerSecondVariable] = value };

        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromVariables(variables));

        Assert.Contains($"TUNER_CONTROL_PLANE_RPS '{value}' must be a whole number from 1 to 12", error.Message, StringComparison.Ordinal);
        Assert.Contains("quota is 15 requests/s", error.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData(null, 600)]
    [InlineData("0", 0)]
    [InlineData("120", 120)]
    [InlineData("840", 840)]
    public void FromVariables_ExecutorSeconds_SetsTheDeadline(string? value, int expectedSeconds)
    {
        var variables = new Dictionary<string, string> { ["TUNER_BUCKET"] = "tuner-test" };
        if (value is not null)
        {
            variables[FunctionSettings.ExecutorSecondsVariable] = value;
        }

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), FunctionSettings.FromVariables(variables).ExecutorBudget);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("841")]
    public void FromVariables_InvalidExecutorSeconds_ThrowsNamingTheVariableAndTheRange(string value)
    {
        var variables = new Dictionary<string, string> { ["TUNER_BUCKET"] = "tuner-test", [FunctionSettings.ExecutorSecondsVariable] = value };

        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromVariables(variables));

        Assert.Contains("TUNER_EXECUTOR_SECONDS", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 0 to 840", error.Message, StringComparison.Ordinal);
    }
}
