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
}
