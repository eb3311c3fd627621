using System.Text.Json;
using Tuner.LocalStack;

namespace Tuner.Cli.Run;

/// <summary>
/// Follows a local execution's events: cells done / total (from the Planner's output and the Map iterations),
/// the time spent in target invocations (the Executors' invoke phases) and notable lines (state exits, retries,
/// failures) for the terminal. Called in order on the engine's reading thread.
/// </summary>
public sealed class RunProgress : IProgress<ExecutionEvent>
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    public int CellsTotal { get; private set; }

    public int CellsDone { get; private set; }

    public int CellsFailed { get; private set; }

    /// <summary>State transitions (states entered and retries) inside Map iterations: the per-cell cost of the workflow.</summary>
    public int CellTransitions { get; private set; }

    /// <summary>The state the execution is in (outside the Map: Planner, Reducer, Cleaner…).</summary>
    public string CurrentState { get; private set; } = "starting";

    /// <summary>Sum of the Executors' invoke phases: time the run spent invoking targets.</summary>
    public TimeSpan InvokeTime { get; private set; }

    /// <summary>Wall time of the Planner state and its ResumePlanner rounds (publishing versions).</summary>
    public TimeSpan PlannerTime { get; private set; }

    public DateTimeOffset? MapStartedAt { get; private set; }

    private DateTimeOffset? _stateEnteredAt;

    /// <summary>Lines worth printing since the last call.</summary>
    public IReadOnlyList<string> TakeLines()
    {
        lock (_lock)
        {
            var lines = _lines.ToList();
            _lines.Clear();
            return lines;
        }
    }

    public void Report(ExecutionEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (value.IsTransition && value.Index is not null)
            {
                CellTransitions++;
            }

            switch (value.Event)
            {
                case "StateEntered" when value.Index is null:
                    CurrentState = value.State ?? CurrentState;
                    _stateEnteredAt = value.Timestamp;
                    if (value.State == "Measure")
                    {
                        MapStartedAt = value.Timestamp;
                    }

                    break;
                case "StateExited" when value.Index is null:
                    OnStateExited(value);
                    break;
                case "StateExited" when value.State == "Executor" && value.Output is { } summary:
                    OnCellDone(summary);
                    break;
                case "MapIterationFailed":
                    _lines.Add($"cell {value.Index} failed: {value.Error}: {value.Cause}");
                    break;
                case "StateRetried":
                    _lines.Add($"{value.State}{(value.Index is { } i ? $" (cell {i})" : string.Empty)}: retrying (attempt {value.Attempt})");
                    break;
                case "StateFailed" when value.Index is null:
                    _lines.Add($"{value.State} failed: {value.Error}");
                    break;
                default:
                    break;
            }
        }
    }

    private void OnStateExited(ExecutionEvent value)
    {
        var elapsed = _stateEnteredAt is { } entered ? value.Timestamp - entered : TimeSpan.Zero;
        if (value.State is "Planner" or "ResumePlanner" && value.Output is { } plan && plan.TryGetProperty("cells", out var cells))
        {
            // A Planner invocation whose time budget ran out returns published:false and no cells; ResumePlanner goes on.
            PlannerTime += elapsed;
            if (plan.TryGetProperty("published", out var published) && published.ValueKind == JsonValueKind.False)
            {
                _lines.Add($"{value.State}: publishing time budget used after {elapsed.TotalSeconds:0.0} s, $LATEST restored; publishing goes on in a new invocation");
                return;
            }

            CellsTotal = cells.GetArrayLength();
            var concurrency = plan.TryGetProperty("maxConcurrency", out var c) ? c.GetInt32() : 1;
            _lines.Add($"Planner: {CellsTotal} cells, one version each, published and $LATEST restored in {PlannerTime.TotalSeconds:0.0} s; measuring {concurrency} cell(s) at a time");
        }
        else if (value.State is "Reducer" or "Cleaner" or "CleanUpAfterFailure")
        {
            _lines.Add($"{value.State}: done in {elapsed.TotalSeconds:0.0} s");
        }
    }

    private void OnCellDone(JsonElement summary)
    {
        CellsDone++;
        var status = summary.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (summary.TryGetProperty("invokePhaseMs", out var phase) && phase.ValueKind == JsonValueKind.Number)
        {
            InvokeTime += TimeSpan.FromMilliseconds(phase.GetDouble());
        }

        if (status == "failed")
        {
            CellsFailed++;
            var id = summary.TryGetProperty("cellId", out var cellId) ? cellId.GetString() : "?";
            var type = summary.TryGetProperty("errorType", out var t) ? t.GetString() : "error";
            _lines.Add($"cell {id} failed: {type} (recorded; the run goes on)");
        }
    }
}
