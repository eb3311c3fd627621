using Tuner.Infra.Settings;
using Tuner.Infra.Tests.TestHelpers;
using static Tuner.Infra.Tests.TestHelpers.TemplateJson;

namespace Tuner.Infra.Tests.Security;

/// <summary>The run ceilings of cdk.json reach the Planner, which enforces them.</summary>
[Collection(CdkCollection.Name)]
public sealed class CeilingsTests
{
    private static Dictionary<string, string?> PlannerEnvironment(StackFactory.Synthesized stack) =>
        stack.Json["Resources"]![FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Planner::Handle")]!["Properties"]!["Environment"]!["Variables"]!
            .AsObject().ToDictionary(kv => kv.Key, kv => kv.Value is System.Text.Json.Nodes.JsonValue value ? (string?)value : kv.Value?.ToJsonString());

    [Fact]
    [Trait("Category", "Security")]
    public void Planner_CdkJsonCeilings_PassedAsItsEnvironment()
    {
        var environment = PlannerEnvironment(StackFactory.Synthesize());

        Assert.Equal("200", environment["TUNER_MAX_CONCURRENT_INVOCATIONS"]);
        Assert.Equal("50", environment["TUNER_MAX_RUN_USD"]);
        Assert.Equal("10", environment["TUNER_DEFAULT_BUDGET_USD"]);
    }

    [Fact]
    public void Planner_OverriddenCeilings_PassedAsGiven()
    {
        var environment = PlannerEnvironment(StackFactory.Synthesize(new Dictionary<string, object>
        {
            [ContextReader.MaxConcurrentInvocationsKey] = 64,
            [ContextReader.MaxUsdPerRunKey] = 12.5,
            [ContextReader.DefaultBudgetUsdKey] = "2.5",
        }));

        Assert.Equal("64", environment["TUNER_MAX_CONCURRENT_INVOCATIONS"]);
        Assert.Equal("12.5", environment["TUNER_MAX_RUN_USD"]);
        Assert.Equal("2.5", environment["TUNER_DEFAULT_BUDGET_USD"]);
    }

    [Fact]
    public void Functions_ControlPlaneRate_CdkJsonsSettingOnEveryTunerFunction()
    {
        var stack = StackFactory.Synthesize(new Dictionary<string, object> { [ContextReader.ControlPlaneRequestsPerSecondKey] = 5 });

        foreach (var state in new[] { "Planner", "Narrower", "Executor", "Reducer", "Cleaner", "Janitor" })
        {
            var variables = stack.Json["Resources"]![FunctionId(stack.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle")]!["Properties"]!["Environment"]!["Variables"]!;
            Assert.Equal("5", (string?)variables["TUNER_CONTROL_PLANE_RPS"]);
        }

        Assert.Equal("8", PlannerEnvironment(StackFactory.Synthesize())["TUNER_CONTROL_PLANE_RPS"]);
    }
}
