using System.Text.Json;

namespace Tuner.Contracts.Tests;

public sealed class AslDefinitionTests
{
    private const string Definition = """
        {
          "StartAt": "Plan",
          "States": {
            "Plan": { "Type": "Task", "Resource": "${PlannerFunctionArn}", "TimeoutSeconds": 900, "Next": "Measure" },
            "Measure": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "Execute",
                "States": { "Execute": { "Type": "Task", "Resource": "${ExecutorFunctionArn}", "TimeoutSeconds": 840, "End": true } }
              },
              "Next": "Both"
            },
            "Both": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "Clean", "States": { "Clean": { "Type": "Task", "Resource": "${CleanerFunctionArn}", "TimeoutSeconds": 300, "End": true } } },
                { "StartAt": "CleanAgain", "States": { "CleanAgain": { "Type": "Task", "Resource": "${CleanerFunctionArn}", "TimeoutSeconds": 600, "End": true } } }
              ],
              "Next": "Reduce"
            },
            "Reduce": { "Type": "Task", "Resource": "${ReducerFunctionArn}", "Next": "Notify" },
            "Notify": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:${NotifierName}", "TimeoutSeconds": 5, "Next": "Done" },
            "Done": { "Type": "Pass", "Parameters": { "table": "${TableName}" }, "End": true }
          }
        }
        """;

    [Fact]
    public void Placeholders_Definition_EachOnceInOrderOfFirstAppearance()
    {
        Assert.Equal(
            ["PlannerFunctionArn", "ExecutorFunctionArn", "CleanerFunctionArn", "ReducerFunctionArn", "NotifierName", "TableName"],
            AslDefinition.Placeholders(Definition));
    }

    [Fact]
    public void TaskTimeouts_MapAndParallelStatesIncluded_LongestTaskPerResource()
    {
        var timeouts = AslDefinition.TaskTimeouts(Definition);

        Assert.Equal(
            new Dictionary<string, int> { ["PlannerFunctionArn"] = 900, ["ExecutorFunctionArn"] = 840, ["CleanerFunctionArn"] = 600 },
            timeouts);
    }

    [Fact]
    public void TaskTimeouts_NotJson_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => AslDefinition.TaskTimeouts("{ \"StartAt\": "));
    }

    private const string Flow = """
        {
          "StartAt": "Plan",
          "States": {
            "Plan": {
              "Type": "Task", "Resource": "${PlanArn}", "Parameters": { "request.$": "$", "id.$": "$$.Execution.Name" },
              "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Clean" }], "Next": "Ready"
            },
            "Ready": { "Type": "Choice", "Choices": [{ "Not": { "Variable": "$.ready", "BooleanEquals": true }, "Next": "Plan" }], "Default": "Each" },
            "Each": {
              "Type": "Map", "ItemsPath": "$.items", "ItemSelector": { "id.$": "$.runId", "item.$": "$$.Map.Item.Value" },
              "ItemProcessor": { "StartAt": "One", "States": { "One": { "Type": "Task", "Resource": "${OneArn}", "Parameters": { "x.$": "$.id" }, "End": true } } },
              "ResultPath": null, "Next": "Sum"
            },
            "Sum": { "Type": "Task", "Resource": "${SumArn}", "ResultSelector": { "total.$": "$.sum" }, "ResultPath": "$.summary", "Next": "Report" },
            "Report": {
              "Type": "Pass",
              "Parameters": { "total.$": "$.summary.total", "runId.$": "$.runId", "note.$": "States.Format('{} of {}', $.summary.total, $.runId)" },
              "Next": "Clean"
            },
            "Clean": { "Type": "Task", "Resource": "${CleanArn}", "Parameters": { "error.$": "$.error", "run.$": "$.runId", "total.$": "$.missing" }, "End": true }
          }
        }
        """;

    [Fact]
    public void InputReads_ChoiceAndMap_ReadThePlannersResultThroughTheChoiceAndAResultPathNull()
    {
        var reads = AslDefinition.InputReads(Flow);

        Assert.Equal(["TaskResult Plan PlanArn $.ready"], Sources(reads, "Ready", "Choices[0].Not.Variable"));
        Assert.Equal(["TaskResult Plan PlanArn $.items"], Sources(reads, "Each", "ItemsPath"));
        Assert.Equal(["TaskResult Plan PlanArn $.runId"], Sources(reads, "Each", "ItemSelector.id.$"));
        Assert.DoesNotContain(reads, r => r.State == "One" || r.Path.StartsWith("$$", StringComparison.Ordinal));
    }

    [Fact]
    public void InputReads_ResultSelectorAndResultPath_UnderTheResultPathTheTasksResultBesideItTheInput()
    {
        var reads = AslDefinition.InputReads(Flow);

        Assert.Equal(["TaskResult Sum SumArn $.sum"], Sources(reads, "Sum", "ResultSelector.total.$"));
        Assert.Equal(["TaskResult Sum SumArn $.sum"], Sources(reads, "Report", "Parameters.total.$"));
        Assert.Equal(["TaskResult Plan PlanArn $.runId"], Sources(reads, "Report", "Parameters.runId.$"));
        Assert.Equal(
            [["TaskResult Sum SumArn $.sum"], ["TaskResult Plan PlanArn $.runId"]],
            reads.Where(r => r.Field == "Parameters.note.$").Select(r => Describe(r.Sources)));
    }

    [Fact]
    public void InputReads_AfterAPassAndACatch_TheErrorThePassesParametersAndTheExecutionsInput()
    {
        var reads = AslDefinition.InputReads(Flow);

        Assert.Equal(["CaughtError Plan  $", "Other Report  $.error"], Sources(reads, "Clean", "Parameters.error.$"));
        Assert.Equal(["ExecutionInput Plan  $.runId", "TaskResult Plan PlanArn $.runId"], Sources(reads, "Clean", "Parameters.run.$"));
        Assert.Contains("Other Report  $.missing", Sources(reads, "Clean", "Parameters.total.$"));
        Assert.Equal(["ExecutionInput Plan  $", "TaskResult Plan PlanArn $"], Sources(reads, "Plan", "Parameters.request.$"));
    }

    private static List<string> Sources(IReadOnlyList<AslInputRead> reads, string state, string field) =>
        Describe(Assert.Single(reads, r => r.State == state && r.Field == field).Sources);

    private static List<string> Describe(IEnumerable<AslValueSource> sources) =>
        [.. sources.Select(s => $"{s.Origin} {s.State} {s.Resource} {s.Path}").Order(StringComparer.Ordinal)];
}
