using System.Text.Json;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.Cli.Run;
using Tuner.IntegrationTests.Workflow;

namespace Tuner.IntegrationTests.Cli;

/// <summary><c>tuner run</c> on the shared local stack: one request file, the run's JSON document and its text output.</summary>
internal static class LocalRuns
{
    public static async Task<(int Exit, JsonDocument Json, string Text)> RunAsync(
        WorkflowEngines engines, DirectoryInfo reports, string job, string function, int sleepMs, string memory, bool failOnAlert)
    {
        var request = new FileInfo(Path.Combine(reports.FullName, job + ".json"));
        var requestJson = $$"""
            {
              "job": "{{job}}",
              "targets": [
                { "function": "{{function}}", "payload": { "milliseconds": {{sleepMs}} }, "memoryMb": {{memory}}, "invocations": 3, "confirmInvocations": 4, "concurrency": 1 }
              ]
            }
            """;
        await File.WriteAllTextAsync(request.FullName, requestJson);
        using var text = new StringWriter();
        using var json = new StringWriter();
        var settings = new RunCommand.RunSettings(request, null, null, EnforceLimits: true, reports, failOnAlert, Json: true);

        var exit = await LocalRun.ExecuteAsync(
            settings, requestJson, job, engines.Cloud, engines.SigningKeyPath, TimeSpan.Zero, ConsoleFactory.Create(text, redirected: true, _ => null), json, CancellationToken.None);

        return (exit, JsonDocument.Parse(json.ToString()), text.ToString());
    }
}
