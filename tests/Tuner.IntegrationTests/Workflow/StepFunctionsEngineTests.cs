using System.Text.Json;
using Tuner.Contracts;
using Tuner.LocalCloud;
using Tuner.LocalLambda;
using Tuner.Tests.TestSupport;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>
/// The local Step Functions runner (local/engine/stepfunctions.mjs on aws-local-stepfunctions) on its own, and the
/// real definition's placeholders and validity with the substitutions the local run uses.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class StepFunctionsEngineTests(LocalEnginesFixture fixture)
{
    private const string OneTask = """
        {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${TargetArn}", "TimeoutSeconds": 20, "End": true}}}
        """;

    [Fact]
    public async Task RunAsync_OneTaskDefinition_SucceedsWithTheFunctionsOutputAndEvents()
    {
        var (engine, definition) = await OneTaskEngineAsync("sfn-echo", "Echo");
        try
        {
            var events = new List<ExecutionEvent>();

            var outcome = await engine.RunAsync("run-echo", """{"hello":"world"}""", new EventRecorder(events));

            Assert.True(outcome.Succeeded, $"{outcome.Error}: {outcome.Cause}");
            Assert.Equal("world", outcome.Output!.Value.GetProperty("hello").GetString());
            Assert.Equal(["StateEntered", "StateExited"], events.Select(e => e.Event));
            Assert.Equal(1, outcome.StateTransitions);
            Assert.True(outcome.ValidationTime > TimeSpan.Zero);
        }
        finally
        {
            File.Delete(definition);
        }
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_FailsWithTheExceptionTypeNameTheAslCatches()
    {
        var (engine, definition) = await OneTaskEngineAsync("sfn-fail", "Fail");
        try
        {
            var outcome = await engine.RunAsync("run-fail", "{}");

            Assert.Equal("FAILED", outcome.Status.ToApiName());
            Assert.Equal(nameof(InvalidOperationException), outcome.Error);
            Assert.Contains("boom", outcome.Cause, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(definition);
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_AbortsAndStopsTheEngine()
    {
        var (engine, definition) = await OneTaskEngineAsync("sfn-sleep", "Sleep");
        try
        {
            using var cancel = new CancellationTokenSource();
            var events = new List<ExecutionEvent>();
            var cancelOnStart = new CancellingRecorder(events, cancel);

            var outcome = await engine.RunAsync("run-sleep", """{"milliseconds": 15000}""", cancelOnStart, cancellationToken: cancel.Token);

            Assert.Equal("ABORTED", outcome.Status.ToApiName());
            Assert.Contains(events, e => e.Event == "StateEntered" && e.State == "Call");
            Assert.True(outcome.Duration < TimeSpan.FromSeconds(12), outcome.Duration.ToString());
        }
        finally
        {
            File.Delete(definition);
        }
    }

    [Fact]
    public async Task RunAsync_StateOutputAbove256KiB_FailsWithDataLimitExceededAsOnAws()
    {
        var (engine, definition) = await OneTaskEngineAsync("sfn-echo-large", "Echo");
        try
        {
            // 100,000 three-byte characters: 300,000 bytes of UTF-8, above 262,144, though only 100,000 chars.
            var input = JsonSerializer.Serialize(new { text = new string('€', 100_000) });

            var outcome = await engine.RunAsync("run-large", input);

            Assert.Equal("FAILED", outcome.Status.ToApiName());
            Assert.Equal("States.DataLimitExceeded", outcome.Error);
            Assert.Contains("Call", outcome.Cause, StringComparison.Ordinal);
            Assert.True(outcome.LargestStateBytes > 262_144, outcome.LargestStateBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(definition);
        }
    }

    [Fact]
    public void TaskTimeouts_TunerDefinition_TheCleanersIsItsLongestTask()
    {
        var definition = File.ReadAllText(Path.Combine(RepoFiles.Root, "statemachine", "tuner.asl.json"));

        var timeouts = AslDefinition.TaskTimeouts(definition);

        Assert.Equal(900, timeouts["CleanerFunctionArn"]);
        Assert.Equal(900, timeouts["ExecutorFunctionArn"]);
        Assert.Equal(300, timeouts["NarrowerFunctionArn"]);
    }

    [Fact]
    public async Task TunerDefinition_EveryPlaceholder_IsSubstitutedByTheLocalRunAndPassesAslValidator()
    {
        var engines = await fixture.GetWorkflowAsync();
        var definition = await File.ReadAllTextAsync(Path.Combine(RepoFiles.Root, "statemachine", "tuner.asl.json"));

        IReadOnlyList<string> placeholders = [.. AslDefinition.Placeholders(definition).Order(StringComparer.Ordinal)];
        var validation = await engines.Cloud.StepFunctions.ValidateAsync();

        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, p => Assert.True(engines.Cloud.StepFunctions.Substitutions.ContainsKey(p), $"${{{p}}} has no local substitution"));
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Equal(placeholders, validation.Placeholders);
    }

    [Fact]
    public async Task ValidateAsync_PlaceholderWithoutSubstitution_IsInvalid()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(Path.Combine(RepoFiles.Root, "local", "engine"), TextWriter.Null);
        var definition = Path.Combine(Path.GetTempPath(), $"tuner-asl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(definition, OneTask);
        try
        {
            var engine = new StepFunctionsEngine(runtime, definition, new Dictionary<string, string>(), new Dictionary<string, string>());

            var validation = await engine.ValidateAsync();

            Assert.False(validation.IsValid);
            Assert.Contains(validation.Errors, e => e.Contains("${TargetArn}", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(definition);
        }
    }

    [Fact]
    public async Task ValidateAsync_UnreadableDefinition_IsInvalidWithTheReason()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(Path.Combine(RepoFiles.Root, "local", "engine"), TextWriter.Null);
        var missing = Path.Combine(Path.GetTempPath(), $"tuner-asl-{Guid.NewGuid():N}.json");
        var engine = new StepFunctionsEngine(runtime, missing, new Dictionary<string, string>(), new Dictionary<string, string>());

        var validation = await engine.ValidateAsync();

        Assert.False(validation.IsValid);
        Assert.Contains(validation.Errors, e => e.Contains("ENOENT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_RunWithoutStatuses_RefusesToStartAndPrintsNoStatus()
    {
        // The status strings live in Tuner.Contracts only: the script has none of its own to fall back on.
        var runtime = await NodeRuntime.EnsureInstalledAsync(Path.Combine(RepoFiles.Root, "local", "engine"), TextWriter.Null);
        var definition = Path.Combine(Path.GetTempPath(), $"tuner-asl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(definition, OneTask);
        try
        {
            var start = runtime.CreateStartInfo("stepfunctions.mjs", ["--definition", definition, "--substitute", "TargetArn=arn:aws:lambda:us-east-1:000000000000:function:x"], null);
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();

            await process.WaitForExitAsync();

            Assert.Equal(1, process.ExitCode);
            Assert.Equal(string.Empty, (await stdout).Trim());
            Assert.Contains("--statuses", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(definition);
        }
    }

    private async Task<(StepFunctionsEngine Engine, string DefinitionPath)> OneTaskEngineAsync(string name, string handlerType)
    {
        var lambda = await fixture.GetLocalLambdaAsync();
        lambda.RegisterFunction(new LocalFunctionDefinition
        {
            Name = name,
            Handler = $"{Path.Combine(AppContext.BaseDirectory, "Tuner.TestTargets.dll")}::Tuner.TestTargets.{handlerType}::Handle",
            MemoryMb = 512,
            TimeoutSeconds = 20,
        });
        var runtime = await NodeRuntime.EnsureInstalledAsync(Path.Combine(RepoFiles.Root, "local", "engine"), TextWriter.Null);
        var definition = Path.Combine(Path.GetTempPath(), $"tuner-asl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(definition, OneTask);
        var engine = new StepFunctionsEngine(
            runtime,
            definition,
            new Dictionary<string, string> { ["TargetArn"] = lambda.FunctionArn(name) },
            new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_LAMBDA"] = lambda.Endpoint.ToString().TrimEnd('/'),
                ["AWS_REGION"] = lambda.Region,
                ["AWS_ACCESS_KEY_ID"] = "local",
                ["AWS_SECRET_ACCESS_KEY"] = "local",
            });
        return (engine, definition);
    }

    /// <summary>Records events and cancels the run once its Task state was entered (so the abort hits a running execution).</summary>
    private sealed class CancellingRecorder(List<ExecutionEvent> events, CancellationTokenSource cancel) : IProgress<ExecutionEvent>
    {
        public void Report(ExecutionEvent value)
        {
            events.Add(value);
            if (value.Event == "StateEntered")
            {
                cancel.CancelAfter(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
