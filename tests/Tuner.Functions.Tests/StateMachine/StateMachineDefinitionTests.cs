using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Functions.Errors;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.StateMachine;

/// <summary>
/// statemachine/tuner.asl.json as data: the rules the workflow relies on (the engine-backed checks — asl-validator and
/// the local substitutions — are in Tuner.IntegrationTests/Workflow).
/// </summary>
public sealed partial class StateMachineDefinitionTests
{
    private static readonly JsonElement Definition = Load();

    private static IEnumerable<(string Name, JsonElement State)> AllStates()
    {
        foreach (var state in Definition.GetProperty("States").EnumerateObject())
        {
            yield return (state.Name, state.Value);
            if (state.Value.TryGetProperty("ItemProcessor", out var processor))
            {
                foreach (var inner in processor.GetProperty("States").EnumerateObject())
                {
                    yield return (inner.Name, inner.Value);
                }
            }
        }
    }

    private static IEnumerable<(string Name, JsonElement State)> Tasks() => AllStates().Where(s => s.State.GetProperty("Type").GetString() == "Task");

    [Fact]
    public void Definition_StartsWithThePlannerThenLoopsNarrowerMeasureUntilDone()
    {
        var states = Definition.GetProperty("States");

        Assert.Equal("Planner", Definition.GetProperty("StartAt").GetString());
        Assert.Equal("AllPublished", states.GetProperty("Planner").GetProperty("Next").GetString());
        Assert.Equal("Narrower", states.GetProperty("AllPublished").GetProperty("Default").GetString());
        var narrower = states.GetProperty("Narrower");
        Assert.Equal("Task", narrower.GetProperty("Type").GetString());
        Assert.Equal(["bucket.$", "runId.$"], narrower.GetProperty("Parameters").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("MoreStages", narrower.GetProperty("Next").GetString());
        var choice = states.GetProperty("MoreStages");
        Assert.Equal("Choice", choice.GetProperty("Type").GetString());
        var rule = Assert.Single(choice.GetProperty("Choices").EnumerateArray());
        Assert.Equal("$.done", rule.GetProperty("Variable").GetString());
        Assert.False(rule.GetProperty("BooleanEquals").GetBoolean());
        Assert.Equal("Measure", rule.GetProperty("Next").GetString());
        Assert.Equal("Reducer", choice.GetProperty("Default").GetString());
        var map = states.GetProperty("Measure");
        Assert.Equal("Map", map.GetProperty("Type").GetString());
        Assert.Equal("$.units", map.GetProperty("ItemsPath").GetString());
        Assert.Equal("$.maxConcurrency", map.GetProperty("MaxConcurrencyPath").GetString());
        Assert.Equal("Executor", map.GetProperty("ItemProcessor").GetProperty("StartAt").GetString());
        Assert.Equal(["bucket.$", "runId.$", "unit.$"], map.GetProperty("ItemSelector").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Null, map.GetProperty("ResultPath").ValueKind);
        Assert.Equal("Narrower", map.GetProperty("Next").GetString());
        Assert.Equal(["bucket.$", "runId.$"], states.GetProperty("Reducer").GetProperty("Parameters").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Cleaner", states.GetProperty("Reducer").GetProperty("Next").GetString());
        Assert.Equal("Succeeded", states.GetProperty("Cleaner").GetProperty("Next").GetString());
    }

    [Fact]
    public void Definition_EveryTask_HasTimeoutAndRetriesTransientErrorsWithBackoff()
    {
        foreach (var (name, state) in Tasks())
        {
            Assert.True(state.TryGetProperty("TimeoutSeconds", out var timeout) && timeout.GetInt32() is > 0 and <= 900, $"{name} needs TimeoutSeconds (the local engine defaults to 60 s)");
            var retry = Assert.Single(state.GetProperty("Retry").EnumerateArray());
            var errors = retry.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("Lambda.TooManyRequestsException", errors);
            Assert.Contains("Lambda.ServiceException", errors);
            Assert.Contains(nameof(TransientDependencyException), errors);
            Assert.DoesNotContain("States.ALL", errors);
            Assert.True(retry.GetProperty("BackoffRate").GetDouble() > 1, $"{name} retries without backoff");
        }
    }

    [Fact]
    public void Definition_EveryFailurePath_RunsTheCleanerBeforeFailing()
    {
        var states = Definition.GetProperty("States");
        foreach (var name in new[] { "Planner", "ResumePlanner", "Narrower", "Measure", "Reducer" })
        {
            var catcher = Assert.Single(states.GetProperty(name).GetProperty("Catch").EnumerateArray());
            Assert.Equal(["States.ALL"], catcher.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("CleanUpAfterFailure", catcher.GetProperty("Next").GetString());
            Assert.Equal("$.error", catcher.GetProperty("ResultPath").GetString());
        }

        var cleanup = states.GetProperty("CleanUpAfterFailure");
        Assert.Equal(states.GetProperty("Cleaner").GetProperty("Resource").GetString(), cleanup.GetProperty("Resource").GetString());
        Assert.Equal("Failed", cleanup.GetProperty("Next").GetString());
        var failed = states.GetProperty("Failed");
        Assert.Equal("Fail", failed.GetProperty("Type").GetString());
        Assert.Equal("$.error.Error", failed.GetProperty("ErrorPath").GetString());
        Assert.Equal("$.error.Cause", failed.GetProperty("CausePath").GetString());
    }

    [Fact]
    public void Definition_CleanupThatFailsAfterAFailure_FailsWithBothErrorsInTheCause()
    {
        var states = Definition.GetProperty("States");

        var catcher = Assert.Single(states.GetProperty("CleanUpAfterFailure").GetProperty("Catch").EnumerateArray());
        Assert.Equal("$.cleanupError", catcher.GetProperty("ResultPath").GetString());
        var compose = states.GetProperty(catcher.GetProperty("Next").GetString()!);
        Assert.Equal("Pass", compose.GetProperty("Type").GetString());
        Assert.Equal("$.error", compose.GetProperty("ResultPath").GetString());
        Assert.Equal("Failed", compose.GetProperty("Next").GetString());
        var cause = compose.GetProperty("Parameters").GetProperty("Cause.$").GetString()!;
        Assert.Contains("$.cleanupError", cause, StringComparison.Ordinal);
        Assert.Contains("$.error", cause.Replace("$.cleanupError", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_CleanerTimeout_IsAboveItsBudgetWhichIsAboveTheLongestSettleWait()
    {
        var settleWait = TimeSpan.FromMinutes(5);

        foreach (var name in new[] { "Cleaner", "CleanUpAfterFailure" })
        {
            var timeout = TimeSpan.FromSeconds(Definition.GetProperty("States").GetProperty(name).GetProperty("TimeoutSeconds").GetInt32());
            Assert.True(timeout >= Cleaner.DefaultBudget + TimeSpan.FromMinutes(1), $"{name}: {timeout} leaves no minute after the Cleaner's {Cleaner.DefaultBudget} budget");
        }

        Assert.True(Cleaner.DefaultBudget > settleWait, "one restore may wait 5 minutes for an update to settle");
    }

    [Fact]
    public void Definition_ExecutionTimeout_IsAboveTheLongestRunTheLimitsAllow()
    {
        var states = Definition.GetProperty("States");
        int Timeout(string state) => states.GetProperty(state).GetProperty("TimeoutSeconds").GetInt32();
        var executor = states.GetProperty("Measure").GetProperty("ItemProcessor").GetProperty("States").GetProperty("Executor").GetProperty("TimeoutSeconds").GetInt32();
        // Every ResumePlanner invocation publishes at least one version; locally and on AWS one update + publish takes seconds.
        var publishing = Planner.MaxCells * 15;
        var longest = publishing + (Narrower.MaxSteps * (Timeout("Narrower") + executor)) + Timeout("Reducer") + Timeout("Cleaner");

        var timeoutSeconds = Definition.GetProperty("TimeoutSeconds").GetInt32();

        Assert.True(timeoutSeconds >= longest, $"TimeoutSeconds {timeoutSeconds} is below the longest run, {longest} s");
        Assert.True(timeoutSeconds <= 2 * longest, $"TimeoutSeconds {timeoutSeconds} is far above the longest run, {longest} s: a stuck run would wait that long");
    }

    [Fact]
    public void Definition_UnfinishedPublishing_LoopsThroughResumePlannerUntilPublished()
    {
        var states = Definition.GetProperty("States");

        var choice = states.GetProperty("AllPublished");
        Assert.Equal("Choice", choice.GetProperty("Type").GetString());
        var rule = Assert.Single(choice.GetProperty("Choices").EnumerateArray());
        Assert.Equal("$.published", rule.GetProperty("Variable").GetString());
        Assert.False(rule.GetProperty("BooleanEquals").GetBoolean());
        Assert.Equal("ResumePlanner", rule.GetProperty("Next").GetString());

        var planner = states.GetProperty("Planner");
        var resume = states.GetProperty("ResumePlanner");
        Assert.Equal("Task", resume.GetProperty("Type").GetString());
        Assert.Equal("AllPublished", resume.GetProperty("Next").GetString());
        Assert.Equal(planner.GetProperty("Resource").GetString(), resume.GetProperty("Resource").GetString());
        Assert.Equal(planner.GetProperty("TimeoutSeconds").GetInt32(), resume.GetProperty("TimeoutSeconds").GetInt32());
        Assert.Equal(planner.GetProperty("Retry").GetRawText(), resume.GetProperty("Retry").GetRawText());
        Assert.Equal(planner.GetProperty("Catch").GetRawText(), resume.GetProperty("Catch").GetRawText());
        var parameters = resume.GetProperty("Parameters");
        Assert.Equal("$$.Execution.Name", parameters.GetProperty("runId.$").GetString());
        Assert.Equal("$$.Execution.Input", parameters.GetProperty("request.$").GetString());
        Assert.True(parameters.GetProperty("resume").GetBoolean());
        // The ETag of the plan.json the previous invocation left: a resumed Planner refuses a plan changed since.
        Assert.Equal("$.planETag", parameters.GetProperty("planETag.$").GetString());
        Assert.False(planner.GetProperty("Parameters").TryGetProperty("resume", out _));

        // The Narrower reads runId and bucket from the last Planner output as it is: nothing may filter it on the way.
        foreach (var state in new[] { planner, resume })
        {
            Assert.False(state.TryGetProperty("ResultPath", out _));
            Assert.False(state.TryGetProperty("OutputPath", out _));
            Assert.False(state.TryGetProperty("ResultSelector", out _));
        }
    }

    [Fact]
    public void Definition_UsesOnlyWhatTheLocalEngineSupports()
    {
        var text = JsonSerializer.Serialize(Definition);

        Assert.DoesNotContain("JSONata", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Assign\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("waitForTaskToken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ItemReader", text, StringComparison.Ordinal);
        Assert.DoesNotContain("arn:aws:states:::lambda:invoke", text, StringComparison.Ordinal);
        Assert.All(Tasks(), t => Assert.Matches(PlaceholderOnly(), t.State.GetProperty("Resource").GetString()!));
    }

    [Fact]
    public void Definition_Placeholders_AreTheFiveFunctionArns()
    {
        var text = File.ReadAllText(DefinitionPath());

        var placeholders = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order();

        Assert.Equal(["CleanerFunctionArn", "ExecutorFunctionArn", "NarrowerFunctionArn", "PlannerFunctionArn", "ReducerFunctionArn"], placeholders);
    }

    private static string DefinitionPath() => RepoFiles.Path("statemachine", "tuner.asl.json");

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DefinitionPath()));
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"\$\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^\$\{[A-Za-z]+FunctionArn\}$")]
    private static partial Regex PlaceholderOnly();
}
