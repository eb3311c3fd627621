using System.Text.Json;
using Tuner.Functions.Hosting;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Request JSON and settings the handler tests share.</summary>
public static class Requests
{
    public const string RunId = "run-20261121-0001";

    public static FunctionSettings Settings(string mode = "aws", string allowed = "", string publishSeconds = "", string executorSeconds = "") => FunctionSettings.FromVariables(new Dictionary<string, string>
    {
        ["TUNER_EXECUTOR_SECONDS"] = executorSeconds,
        ["TUNER_BUCKET"] = "tuner-test",
        ["TUNER_MODE"] = mode,
        ["AWS_REGION"] = "us-east-1",
        ["TUNER_ALLOWED_FUNCTIONS"] = allowed,
        ["TUNER_PLANNER_PUBLISH_SECONDS"] = publishSeconds,
    });

    /// <summary>2 memory tiers × 2 batch sizes of <paramref name="function"/>, 4 invocations, 2 at once.</summary>
    public static JsonElement Small(string function = "orders-ingest", string extra = "") => Parse($$"""
        {
          "job": "orders",
          "targets": [
            {
              "function": "{{function}}",
              "payload": {"events": 10},
              "memoryMb": [256, 1024],
              "dynamoDbBatch": {"batchSize": [10, 25], "parallelism": [2]},
              "invocations": 4,
              "concurrency": 2
            }
          ]{{extra}}
        }
        """);

    /// <summary>Two targets, "orders-ingest" (256 and 1024 MB) then "payments-ingest" (256 and 512 MB), 4 invocations each.</summary>
    public static JsonElement TwoTargets() => Parse("""
        {
          "job": "orders",
          "targets": [
            { "function": "orders-ingest", "payload": {"events": 10}, "memoryMb": [256, 1024], "invocations": 4, "concurrency": 1 },
            { "function": "payments-ingest", "payload": {"events": 10}, "memoryMb": [256, 512], "invocations": 4, "concurrency": 1 }
          ]
        }
        """);

    /// <summary>A cold-mode request: <paramref name="function"/> at 1024 MB besides its baseline, 3 samples per cell and per confirmation side.</summary>
    public static JsonElement Cold(string function = "orders-ingest", int concurrency = 1) => Parse($$"""
        {
          "job": "orders",
          "targets": [
            {
              "function": "{{function}}",
              "payload": {"events": 10},
              "memoryMb": [1024],
              "invocations": 3,
              "confirmInvocations": 3,
              "concurrency": {{concurrency}},
              "measure": "cold"
            }
          ],
          "maxConcurrency": 1
        }
        """);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
