using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>Runs one request through the local stack and reads back what a test checks: outcome, events, objects, target state.</summary>
internal static class WorkflowRun
{
    public static async Task<(LocalRunResult Run, List<ExecutionEvent> Events)> ExecuteAsync(WorkflowEngines engines, string requestJson)
    {
        var events = new List<ExecutionEvent>();
        var run = await engines.Cloud.RunExecutionAsync(requestJson, new EventRecorder(events));
        return (run, events);
    }

    public static async Task<List<string>> KeysAsync(IObjectStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }

    public static async Task<(TuningReport Report, bool Verified)> ReadVerifiedReportAsync(WorkflowEngines engines, string runId)
    {
        var bytes = await engines.Store.GetAsync($"runs/{runId}/report.json") ?? throw new InvalidOperationException("no report.json");
        var signatureBytes = await engines.Store.GetAsync($"runs/{runId}/report.sig.json") ?? throw new InvalidOperationException("no report.sig.json");
        var verifier = LocalKeyReportVerifier.FromFile(Path.Combine(engines.KeyDirectory, LocalSigningKey.PublicKeyFileName));
        var verified = await verifier.VerifyAsync(bytes, ReportSignatureFile.Parse(signatureBytes));
        return (TuningReport.Parse(bytes), verified);
    }

    /// <summary>Asserts the function has only <c>$LATEST</c> and that it equals <paramref name="before"/>.</summary>
    public static async Task AssertUnchangedAsync(WorkflowEngines engines, string function, FunctionConfiguration before)
    {
        var versions = await engines.Lambda.ListVersionsByFunctionAsync(function);
        Assert.Equal(["$LATEST"], versions.Select(v => v.Version));
        var after = await engines.Lambda.GetFunctionConfigurationAsync(function);
        Assert.Equal(before.MemorySizeMb, after.MemorySizeMb);
        Assert.Equal(before.TimeoutSeconds, after.TimeoutSeconds);
        Assert.Equal(before.Environment.OrderBy(kv => kv.Key), after.Environment.OrderBy(kv => kv.Key));
    }

    /// <summary>Sets a function's environment (as UpdateFunctionConfiguration does on AWS) and waits until the update is done.</summary>
    public static Task UpdateEnvironmentAsync(WorkflowEngines engines, string function, IReadOnlyDictionary<string, string> environment) =>
        UpdateAsync(engines, function, new FunctionConfigurationUpdate(null, null, environment));

    /// <summary>Sets a function's memory, as its owner would, and waits until the update is done.</summary>
    public static Task UpdateMemoryAsync(WorkflowEngines engines, string function, int memoryMb) =>
        UpdateAsync(engines, function, new FunctionConfigurationUpdate(memoryMb));

    private static async Task UpdateAsync(WorkflowEngines engines, string function, FunctionConfigurationUpdate update)
    {
        await engines.Lambda.UpdateFunctionConfigurationAsync(function, update);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await engines.Lambda.GetFunctionConfigurationAsync(function)).LastUpdateStatus != "Successful")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{function} was still updating after 30 s");
            await Task.Delay(50);
        }
    }

    public static string Request(
        string function, string memory, string extra = "", string payload = """{"generate":{"count":20,"seed":3}}""", int invocations = 3, string topLevel = "") => $$"""
        {
          "job": "wf-{{function}}",
          "targets": [
            {
              "function": "{{function}}",
              "payload": {{payload}},
              "memoryMb": {{memory}},
              "invocations": {{invocations}},
              "concurrency": 1{{extra}}
            }
          ]{{topLevel}}
        }
        """;

}
