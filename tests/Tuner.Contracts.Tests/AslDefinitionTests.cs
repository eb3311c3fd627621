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

    [Theory]
    // Through a Choice and a Map's ResultPath null, the Planner's result.
    [InlineData("Ready", "Choices[0].Not.Variable", "TaskResult Plan PlanArn $.ready")]
    [InlineData("Each", "ItemsPath", "TaskResult Plan PlanArn $.items")]
    [InlineData("Each", "ItemSelector.id.$", "TaskResult Plan PlanArn $.runId")]
    // A Task's ResultSelector reads its result; under its ResultPath the selected result, beside it the input.
    [InlineData("Sum", "ResultSelector.total.$", "TaskResult Sum SumArn $.sum")]
    [InlineData("Report", "Parameters.total.$", "TaskResult Sum SumArn $.sum")]
    [InlineData("Report", "Parameters.runId.$", "TaskResult Plan PlanArn $.runId")]
    // After a Catch the error; after a Pass what its Parameters build (Other where they build nothing of that name).
    [InlineData("Clean", "Parameters.error.$", "CaughtError Plan  $", "Other Report  $.error")]
    [InlineData("Clean", "Parameters.run.$", "ExecutionInput Plan  $.runId", "TaskResult Plan PlanArn $.runId")]
    [InlineData("Clean", "Parameters.total.$", "ExecutionInput Plan  $.missing", "Other Report  $.missing", "TaskResult Plan PlanArn $.missing")]
    // The start state reads the execution's input (and, looped back to, its own result).
    [InlineData("Plan", "Parameters.request.$", "ExecutionInput Plan  $", "TaskResult Plan PlanArn $")]
    public void InputReads_OneRead_ItsSources(string state, string field, params string[] expected)
    {
        var reads = AslDefinition.InputReads(Flow);

        var read = Assert.Single(reads, r => r.State == state && r.Field == field);
        Assert.Equal(expected, Describe(read.Sources));
    }

    [Fact]
    public void InputReads_IntrinsicFunctionArguments_EachAReadAndContextPathsAndMapIterationsNone()
    {
        var reads = AslDefinition.InputReads(Flow);

        Assert.Equal(
            [["TaskResult Sum SumArn $.sum"], ["TaskResult Plan PlanArn $.runId"]],
            reads.Where(r => r.Field == "Parameters.note.$").Select(r => Describe(r.Sources)));
        Assert.DoesNotContain(reads, r => r.State == "One" || r.Path.StartsWith("$$", StringComparison.Ordinal));
    }

    private static List<string> Describe(IEnumerable<AslValueSource> sources) =>
        [.. sources.Select(s => $"{s.Origin} {s.State} {s.Resource} {s.Path}").Order(StringComparer.Ordinal)];
}
