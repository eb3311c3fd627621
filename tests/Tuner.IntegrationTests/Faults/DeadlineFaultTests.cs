using System.Diagnostics;
using Tuner.Contracts;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;
using Tuner.IntegrationTests.Workflow;
using Tuner.LocalCloud;
using Xunit.Abstractions;

namespace Tuner.IntegrationTests.Faults;

/// <summary>
/// A cell past the Executor's deadline, on the real local engines: a stack whose Executors have a budget of a few
/// seconds (<see cref="LocalEnginesFixture.ShortExecutorBudget"/>, <c>TUNER_EXECUTOR_SECONDS</c>) measures a target
/// whose cells need several times that. Asserts the Executor returned at its budget with the samples it had, the run
/// ended cleanly and said so, the target as its owner left it, no <c>tuner:</c> version left, the lease released.
/// </summary>
[Trait("Category", "Fault")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class DeadlineFaultTests(LocalEnginesFixture fixture, ITestOutputHelper output)
{
    // 20 invocations of 400 ms at concurrency 1: 8 s a cell, against a budget of 3 s.
    private const int Invocations = 20;
    private const string SlowPayload = """{"milliseconds": 400}""";

    [Fact]
    public async Task Run_CellsOutlastTheExecutorBudget_ExecutorReturnsAtItsDeadlineWithTheSamplesItHadAndTheRunEndsCleanly()
    {
        var engines = await fixture.GetShortBudgetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Slow);
        var budget = LocalEnginesFixture.ShortExecutorBudget;
        var clock = Stopwatch.StartNew();

        var (run, events) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.Slow, "[512, 1024]", payload: SlowPayload, invocations: Invocations));

        output.WriteLine($"{run.Outcome.Status.ToApiName()} in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");

        // Every unit the Executors wrote: at least one stopped at the deadline with a cell cut short, its samples written.
        var units = new List<UnitSummary>();
        foreach (var key in (await WorkflowRun.KeysAsync(engines.Store, BucketKeys.StepsPrefix(run.RunId))).Where(k => k.EndsWith(".json", StringComparison.Ordinal)))
        {
            units.Add(TunerJson.Deserialize<UnitSummary>((await engines.Store.GetAsync(key))!)!);
        }

        foreach (var unit in units)
        {
            output.WriteLine($"step {unit.Step} unit {unit.Unit} stage {unit.Stage}: deadline {unit.DeadlineReached}; "
                + string.Join(", ", unit.Cells.Select(c => $"{c.CellId} {c.SamplesCounted}/{c.SamplesRequested} in {c.InvokePhaseMs:0} ms")));
        }

        var stopped = units.Where(u => u.DeadlineReached).ToList();
        Assert.NotEmpty(stopped);
        var cutShort = stopped.SelectMany(u => u.Cells.Where(c => c.CutShort(u.DeadlineReached)).Select(c => (u, c))).ToList();
        Assert.NotEmpty(cutShort);
        foreach (var (unit, cell) in cutShort)
        {
            Assert.InRange(cell.SamplesCounted, 1, cell.SamplesRequested - 1);
            var samples = await engines.Store.GetAsync(BucketKeys.Samples(run.RunId, cell.CellId, unit.Step));
            Assert.NotNull(samples);
            Assert.True(SampleLines(samples) >= cell.SamplesCounted, $"{cell.CellId}: {SampleLines(samples)} sample lines for {cell.SamplesCounted} counted");
        }

        // The split: a cell whose samples cannot fit one Executor call is measured across several. The Planner does not
        // split cells up front (it refuses only a target one invocation of which could outlast the budget); the
        // Narrower resumes a stage that was cut short, in the next step, for what each cut-short cell still lacks, at most
        // StagePlanner.MaxContinuations times (after that the shortfall is the report's warning, asserted below).
        var stages = units.OrderBy(u => u.Step).GroupBy(u => (u.TargetIndex, u.Stage)).Select(g => g.ToList()).ToList();
        foreach (var calls in stages)
        {
            Assert.InRange(calls.Count, 1, Tuner.Core.Decisions.StagePlanner.MaxContinuations + 1);
            foreach (var (previous, next) in calls.Zip(calls.Skip(1)))
            {
                Assert.Equal(previous.Step + 1, next.Step);
                foreach (var cell in next.Cells)
                {
                    var earlier = Assert.Single(previous.Cells, c => c.CellId == cell.CellId);
                    Assert.True(earlier.CutShort(previous.DeadlineReached), $"{cell.CellId} was resumed in step {next.Step} though step {previous.Step} was not cut short for it");
                    Assert.InRange(cell.SamplesRequested, 1, earlier.SamplesRequested - earlier.SamplesCounted);
                }
            }
        }

        Assert.Contains(stages, calls => calls.Count > 1 && calls[^1].Cells.All(c => c.SamplesCounted >= c.SamplesRequested));

        // Each Executor stopped starting waves at its budget: its invoke phase ends within one wave of it (a wave started
        // just before the deadline runs to the target's timeout at most), and it returned saying so.
        var executors = ExecutorExits(events);
        output.WriteLine("Executors (invoke phase / state): " + string.Join(", ", executors.Select(e => $"{e.InvokePhase.TotalSeconds:0.0} s / {e.State.TotalSeconds:0.0} s{(e.DeadlineReached ? " at the deadline" : string.Empty)}")));
        Assert.Equal(units.Count, executors.Count);
        Assert.Contains(executors, e => e.DeadlineReached);
        var oneWave = TimeSpan.FromSeconds(before.TimeoutSeconds);
        Assert.All(executors, e => Assert.True(e.InvokePhase < budget + oneWave, $"an Executor invoked for {e.InvokePhase.TotalSeconds:0.0} s; its budget is {budget.TotalSeconds:0} s and one wave at most {oneWave.TotalSeconds:0} s"));

        // The report says which cells were cut short, as the Reducer states it.
        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        output.WriteLine(string.Join(Environment.NewLine, report.Warnings));
        Assert.Contains(report.Warnings, w => w.Contains("stopped at the Executor's deadline; cut short: ", StringComparison.Ordinal));

        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Slow, before);
        Assert.Null(await engines.Store.GetAsync(BucketKeys.Lease(WorkflowEngines.Slow)));
    }

    private static int SampleLines(byte[] jsonl) => System.Text.Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Each Executor's invoke phase and deadline flag (its output) and the time from its StateEntered to its StateExited.</summary>
    private static List<(TimeSpan InvokePhase, bool DeadlineReached, TimeSpan State)> ExecutorExits(List<ExecutionEvent> events)
    {
        var exits = new List<(TimeSpan, bool, TimeSpan)>();
        var entered = new Dictionary<int, DateTimeOffset>();
        foreach (var e in events.Where(e => e.State == "Executor"))
        {
            var index = e.Index ?? -1;
            if (e.Event == "StateEntered")
            {
                entered[index] = e.Timestamp;
            }
            else if (e.Event == "StateExited" && entered.Remove(index, out var start))
            {
                var result = e.Output ?? throw new InvalidOperationException("an Executor's StateExited has no output");
                exits.Add((
                    TimeSpan.FromMilliseconds(result.GetProperty("invokePhaseMs").GetDouble()),
                    result.GetProperty("deadlineReached").GetBoolean(),
                    e.Timestamp - start));
            }
        }

        return exits;
    }
}
