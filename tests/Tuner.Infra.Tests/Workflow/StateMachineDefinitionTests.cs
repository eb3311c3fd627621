using System.Text.Json.Nodes;
using Tuner.Infra.Tests.TestHelpers;
using Tuner.Infra.Workflow;
using static Tuner.Infra.Tests.TestHelpers.TemplateJson;

namespace Tuner.Infra.Tests.Workflow;

[Collection(CdkCollection.Name)]
public sealed class StateMachineDefinitionTests
{
    [Fact]
    public void Load_TestFixture_FindsEachPlaceholderOnce()
    {
        var definition = StateMachineDefinition.Load(StackFactory.TestAsl);

        Assert.Equal(["PlannerFunctionArn", "NarrowerFunctionArn", "ExecutorFunctionArn", "ReducerFunctionArn", "CleanerFunctionArn"], definition.Placeholders);
    }

    [Theory]
    [InlineData("PlannerFunctionArn", 900)]
    [InlineData("NarrowerFunctionArn", 300)]
    [InlineData("ExecutorFunctionArn", 900)]
    [InlineData("ReducerFunctionArn", 300)]
    [InlineData("CleanerFunctionArn", 600)]
    [InlineData("WorkloadFunctionArn", null)]
    public void TaskTimeoutSeconds_TestFixture_LongestTaskOfThatResourceIncludingMapItems(string placeholder, int? expected)
    {
        var definition = StateMachineDefinition.Load(StackFactory.TestAsl);

        Assert.Equal(expected, definition.TaskTimeoutSeconds(placeholder));
    }

    [Fact]
    public void Load_NotJson_ThrowsNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "tuner-infra-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ \"StartAt\": ");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => StateMachineDefinition.Load(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StateMachineDefinition.Load("/nonexistent/tuner.asl.json"));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitutions_UnknownPlaceholder_ThrowsListingIt()
    {
        var definition = StateMachineDefinition.Load(StackFactory.Fixture("unknown-placeholder.asl.json"));

        var error = Assert.Throws<InvalidOperationException>(() => definition.Substitutions(new Dictionary<string, string> { ["PlannerFunctionArn"] = "arn" }));

        Assert.Contains("${NotifierFunctionArn}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("${PlannerFunctionArn} ", error.Message.Split("Known")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Synthesize_UnknownPlaceholder_FailsSynthesis()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StackFactory.Synthesize(stateMachineFile: StackFactory.Fixture("unknown-placeholder.asl.json")));

        Assert.Contains("${NotifierFunctionArn}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthesize_RealDefinition_EveryPlaceholderResolvedToTheRightResource()
    {
        var path = Path.Combine(InfraEnvironment.RepositoryRoot, "statemachine", "tuner.asl.json");
        var definition = StateMachineDefinition.Load(path);
        var stack = StackFactory.Synthesize(stateMachineFile: path);

        var machine = Resources(stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource["Properties"]!;
        Assert.Equal(File.ReadAllText(path), (string?)machine["DefinitionString"]);
        var substitutions = machine["DefinitionSubstitutions"]!.AsObject();
        Assert.Equal(definition.Placeholders.Order(), substitutions.Select(p => p.Key).Order());
        foreach (var state in new[] { "Planner", "Narrower", "Executor", "Reducer", "Cleaner" })
        {
            Assert.Contains(state + "FunctionArn", definition.Placeholders);
            var expected = FunctionId(stack.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle");
            Assert.Equal(expected, (string?)substitutions[state + "FunctionArn"]!["Fn::GetAtt"]![0]);
        }

        // After substitution no ${…} is left for CloudFormation to trip over.
        var resolved = substitutions.Aggregate(File.ReadAllText(path), (text, p) => text.Replace("${" + p.Key + "}", "x", StringComparison.Ordinal));
        Assert.DoesNotContain("${", resolved, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(resolved));
    }

    [Fact]
    public void Synthesize_RealDefinition_StateMachineHasAnExecutionTimeoutAndTheCleanerOutlastsASettleWait()
    {
        var path = Path.Combine(InfraEnvironment.RepositoryRoot, "statemachine", "tuner.asl.json");
        var stack = StackFactory.Synthesize(stateMachineFile: path);

        var machine = Resources(stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource["Properties"]!;
        var definition = JsonNode.Parse((string)machine["DefinitionString"]!)!;
        // A day: above the longest run the limits allow (tested with the ASL in Tuner.Functions.Tests), below forever.
        Assert.Equal(86400, (int)definition["TimeoutSeconds"]!);
        var cleaner = Resources(stack.Json, "AWS::Lambda::Function")
            .Single(r => r.Id == FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Cleaner::Handle")).Resource["Properties"]!;
        Assert.Equal(900, (int)cleaner["Timeout"]!);
        Assert.Equal((int)definition["States"]!["CleanUpAfterFailure"]!["TimeoutSeconds"]!, (int)cleaner["Timeout"]!);
    }

    [Fact]
    public void Synthesize_RealDefinition_ResumePlannerLoopRunsOnThePlannerFunctionWithinItsTimeout()
    {
        var path = Path.Combine(InfraEnvironment.RepositoryRoot, "statemachine", "tuner.asl.json");
        var stack = StackFactory.Synthesize(stateMachineFile: path);

        var machine = Resources(stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource["Properties"]!;
        var states = JsonNode.Parse((string)machine["DefinitionString"]!)!["States"]!;
        Assert.Equal("AllPublished", (string?)states["Planner"]!["Next"]);
        var choice = states["AllPublished"]!;
        Assert.Equal("Choice", (string?)choice["Type"]);
        Assert.Equal("ResumePlanner", (string?)choice["Choices"]![0]!["Next"]);
        Assert.Equal("Narrower", (string?)choice["Default"]);
        var resume = states["ResumePlanner"]!;
        Assert.Equal("${PlannerFunctionArn}", (string?)resume["Resource"]);
        Assert.Equal("AllPublished", (string?)resume["Next"]);
        Assert.Equal("CleanUpAfterFailure", (string?)resume["Catch"]![0]!["Next"]);
        var plannerFunction = Resources(stack.Json, "AWS::Lambda::Function")
            .Single(r => r.Id == FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Planner::Handle")).Resource["Properties"]!;
        Assert.Equal((int)resume["TimeoutSeconds"]!, (int)plannerFunction["Timeout"]!);
        Assert.Equal((int)states["Planner"]!["TimeoutSeconds"]!, (int)plannerFunction["Timeout"]!);
    }

    [Fact]
    public void Synthesize_RealDefinition_MeasuresInANarrowerMoreStagesMeasureLoopOnTheNarrowerFunction()
    {
        var path = Path.Combine(InfraEnvironment.RepositoryRoot, "statemachine", "tuner.asl.json");
        var stack = StackFactory.Synthesize(stateMachineFile: path);

        var machine = Resources(stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource["Properties"]!;
        var states = JsonNode.Parse((string)machine["DefinitionString"]!)!["States"]!;
        var narrower = states["Narrower"]!;
        Assert.Equal("${NarrowerFunctionArn}", (string?)narrower["Resource"]);
        Assert.Equal("MoreStages", (string?)narrower["Next"]);
        Assert.Equal("CleanUpAfterFailure", (string?)narrower["Catch"]![0]!["Next"]);
        var choice = states["MoreStages"]!;
        Assert.Equal("$.done", (string?)choice["Choices"]![0]!["Variable"]);
        Assert.Equal("Measure", (string?)choice["Choices"]![0]!["Next"]);
        Assert.Equal("Reducer", (string?)choice["Default"]);
        var measure = states["Measure"]!;
        Assert.Equal("$.units", (string?)measure["ItemsPath"]);
        Assert.Null(measure["ResultPath"]);
        Assert.True(measure.AsObject().ContainsKey("ResultPath"));
        Assert.Equal("Narrower", (string?)measure["Next"]);
        var narrowerId = FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Narrower::Handle");
        Assert.Equal(narrowerId, (string?)machine["DefinitionSubstitutions"]!["NarrowerFunctionArn"]!["Fn::GetAtt"]![0]);
        var narrowerFunction = Resources(stack.Json, "AWS::Lambda::Function").Single(r => r.Id == narrowerId).Resource["Properties"]!;
        Assert.Equal((int)narrower["TimeoutSeconds"]!, (int)narrowerFunction["Timeout"]!);
    }
}
