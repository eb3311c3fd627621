using System.Text.Json;
using Tuner.Aws.StepFunctions;

namespace Tuner.Cli.Deployed;

/// <summary>Where a run is, read from its execution history: the state it is in and how many Map cells
/// (Executor iterations) are done out of how many.</summary>
/// <param name="State">The state entered last (Planner, Measure, Reducer, Cleaner…), or null before the first.</param>
/// <param name="CellsDone">Map iterations finished (succeeded or failed).</param>
/// <param name="CellsFailed">Map iterations that failed.</param>
/// <param name="CellsTotal">Cells in the Map, or null until the Map starts.</param>
public sealed record ExecutionProgress(string? State, int CellsDone, int CellsFailed, int? CellsTotal)
{
    /// <summary>Nothing has happened yet.</summary>
    public static ExecutionProgress None { get; } = new(null, 0, 0, null);

    /// <summary>Folds history events (oldest first) into the progress.</summary>
    public static ExecutionProgress From(IEnumerable<ExecutionHistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var progress = None;
        foreach (var e in events)
        {
            progress = e.Type switch
            {
                "TaskStateEntered" or "MapStateEntered" or "PassStateEntered" or "ChoiceStateEntered" or "WaitStateEntered"
                    or "ParallelStateEntered" or "SucceedStateEntered" or "FailStateEntered" when e.StateName is not null
                    => progress with { State = e.StateName },
                "MapStateStarted" => progress with { CellsTotal = MapLength(e.DetailsJson) },
                "MapIterationSucceeded" => progress with { CellsDone = progress.CellsDone + 1 },
                "MapIterationFailed" or "MapIterationAborted" => progress with { CellsDone = progress.CellsDone + 1, CellsFailed = progress.CellsFailed + 1 },
                _ => progress,
            };
        }

        return progress;
    }

    /// <summary>One line for logs and non-interactive terminals.</summary>
    public string Describe() =>
        CellsTotal is { } total
            ? $"{State ?? "starting"}: {CellsDone}/{total} cells measured" + (CellsFailed > 0 ? $" ({CellsFailed} failed)" : string.Empty)
            : State ?? "starting";

    private static int? MapLength(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson))
        {
            return null;
        }

        using var details = JsonDocument.Parse(detailsJson);
        return details.RootElement.TryGetProperty("length", out var length) && length.TryGetInt32(out var n) ? n : null;
    }
}
