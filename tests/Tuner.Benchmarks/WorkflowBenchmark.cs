using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tuner.LocalCloud;

namespace Tuner.Benchmarks;

/// <summary>
/// One whole local run (what <c>tuner run</c> does) of a request, timed from its events: wall time (engines start
/// included), execution time, the time inside target invocations (the Executors' invoke phases) and the share
/// outside them (orchestration overhead; goal ≤ 15% for the quickstart), the time of each top-level state (first
/// entry to last exit: Narrower and Measure span the staged loop), the per-unit orchestration gap, and state
/// transitions (total, per unit, inside the Map). Since the staged loop an Executor measures a unit (a stage's cells).
/// Usage: <c>workflow [request.json (default examples/quickstart.json)] [--functions tuner.local.json]</c>.
/// </summary>
internal static class WorkflowBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var engineDirectory = NodeRuntime.FindEngineDirectory(Environment.GetEnvironmentVariable("TUNER_ENGINE_DIR"));
        var repoRoot = Path.GetFullPath(Path.Combine(engineDirectory, "..", ".."));
        var request = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine(repoRoot, "examples", "quickstart.json");
        var registry = BenchmarkInfo.Option(args, "--functions") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request))!, "tuner.local.json");
        var keyDirectory = Directory.CreateTempSubdirectory("tuner-workflow-benchmark-").FullName;
        try
        {
            var wall = Stopwatch.StartNew();
            await using var cloud = await LocalCloudSession.StartAsync(new LocalCloudOptions
            {
                DefinitionPath = Path.Combine(repoRoot, "statemachine", "tuner.asl.json"),
                FunctionsAssemblyPath = Path.Combine(AppContext.BaseDirectory, "Tuner.Functions.dll"),
                SigningKeyPath = Path.Combine(keyDirectory, "report-signing.pem"),
                RegistryPath = registry,
                EngineDirectory = engineDirectory,
            });
            var startup = wall.Elapsed;
            var events = new List<ExecutionEvent>();
            var run = await cloud.RunExecutionAsync(await File.ReadAllTextAsync(request), new Recorder(events));
            wall.Stop();

            var outcome = run.Outcome;
            var cells = events.Where(e => e.Event == "StateExited" && e.State == "Executor" && e.Output is not null).Select(e => e.Output!.Value).ToList();
            var invoke = TimeSpan.FromMilliseconds(cells.Sum(c => c.GetProperty("invokePhaseMs").GetDouble()));
            var executorTime = ExecutorTime(events);
            var inMap = events.Count(e => e.IsTransition && e.Index is not null);

            Console.WriteLine($"# Workflow benchmark — {BenchmarkInfo.Machine}");
            Console.WriteLine($"request: {request}; run {run.RunId}: {Tuner.Contracts.ExecutionStatuses.ToApiName(outcome.Status)}{(outcome.Succeeded ? string.Empty : $" ({outcome.Error}: {outcome.Cause})")}; limits: {cloud.Lambda.LimitsDescription}");
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---|");
            Row("wall time (engines start + execution)", Seconds(wall.Elapsed));
            Row("engines start", Seconds(startup));
            Row("execution", Seconds(outcome.Duration));
            Row("definition validation (once)", Invariant($"{outcome.ValidationTime.TotalMilliseconds:0} ms"));
            Row("units (Executor invocations over every stage)", cells.Count.ToString(CultureInfo.InvariantCulture));
            Row("time inside target invocations", Seconds(invoke));
            Row("share of the execution outside target invocations", Invariant($"{(1 - (invoke / outcome.Duration)) * 100:0.0}%"));
            Row("share of the wall time outside target invocations", Invariant($"{(1 - (invoke / wall.Elapsed)) * 100:0.0}%"));
            foreach (var state in new[] { "Planner", "Narrower", "Measure", "Reducer", "Cleaner" })
            {
                Row($"{state} state", Seconds(StateTime(events, state)));
            }

            Row("per unit: Executor state minus its invoke phase (mean)", cells.Count == 0 ? "-" : Invariant($"{(executorTime - invoke).TotalMilliseconds / cells.Count:0} ms"));
            Row("state transitions", outcome.StateTransitions.ToString(CultureInfo.InvariantCulture));
            Row("state transitions per unit (total / units)", cells.Count == 0 ? "-" : Invariant($"{(double)outcome.StateTransitions / cells.Count:0.00}"));
            Row("state transitions per unit inside the Map", cells.Count == 0 ? "-" : Invariant($"{(double)inMap / cells.Count:0.00}"));
            return outcome.Succeeded ? 0 : 1;
        }
        finally
        {
            Directory.Delete(keyDirectory, recursive: true);
        }
    }

    private static TimeSpan StateTime(List<ExecutionEvent> events, string state)
    {
        var entered = events.FirstOrDefault(e => e.Event == "StateEntered" && e.State == state && e.Index is null);
        var exited = events.LastOrDefault(e => e.Event == "StateExited" && e.State == state && e.Index is null);
        return entered is null || exited is null ? TimeSpan.Zero : exited.Timestamp - entered.Timestamp;
    }

    private static TimeSpan ExecutorTime(List<ExecutionEvent> events)
    {
        var total = TimeSpan.Zero;
        var entered = new Dictionary<int, DateTimeOffset>();
        foreach (var e in events.Where(e => e.State == "Executor" && e.Index is not null))
        {
            if (e.Event == "StateEntered")
            {
                entered[e.Index!.Value] = e.Timestamp;
            }
            else if (e.Event == "StateExited" && entered.Remove(e.Index!.Value, out var start))
            {
                total += e.Timestamp - start;
            }
        }

        return total;
    }

    private static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");

    private static string Seconds(TimeSpan time) => Invariant($"{time.TotalSeconds:0.0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Recorder(List<ExecutionEvent> events) : IProgress<ExecutionEvent>
    {
        public void Report(ExecutionEvent value) => events.Add(value);
    }
}
