using System.Globalization;
using System.Text.Json;
using Tuner.Aws.StepFunctions;
using Tuner.Cli.Run;
using Tuner.Contracts.States;

namespace Tuner.Cli.Deployed;

/// <summary>Where a run is, read from its execution history: the state it is in, the Narrower's latest step (its
/// stage, cells and warm samples asked for) and how many of that step's units (Map iterations) are done.</summary>
/// <param name="State">The state entered last (Planner, Narrower, Measure, Reducer, Cleaner…), or null before the first.</param>
/// <param name="UnitsDone">Map iterations of the current step finished (succeeded or failed).</param>
/// <param name="UnitsFailed">Map iterations of the current step that failed.</param>
/// <param name="UnitsTotal">Units of the current step, or null until the first Map starts.</param>
/// <param name="Step">Narrower calls so far.</param>
/// <param name="Stage">The current step's stage(s), e.g. "stage 1 (first pass), 37 cells", or null before the first step.</param>
/// <param name="StepSamples">Warm samples the current step asks for.</param>
/// <param name="SamplesTaken">Warm samples the current step's finished Executors took.</param>
public sealed record ExecutionProgress(
    string? State,
    int UnitsDone,
    int UnitsFailed,
    int? UnitsTotal,
    int Step = 0,
    string? Stage = null,
    int StepSamples = 0,
    int SamplesTaken = 0)
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
                "TaskStateExited" when e.StateName == "Narrower" => OnStep(progress, Output(e.DetailsJson)),
                "TaskStateExited" when e.StateName == "Executor" => progress with { SamplesTaken = progress.SamplesTaken + (StateOutputs.Read(Output(e.DetailsJson), StateOutputJson.Default.ExecutorOutput)?.Samples ?? 0) },
                "MapStateStarted" => progress with { UnitsTotal = MapLength(e.DetailsJson), UnitsDone = 0, UnitsFailed = 0 },
                "MapIterationSucceeded" => progress with { UnitsDone = progress.UnitsDone + 1 },
                "MapIterationFailed" or "MapIterationAborted" => progress with { UnitsDone = progress.UnitsDone + 1, UnitsFailed = progress.UnitsFailed + 1 },
                _ => progress,
            };
        }

        return progress;
    }

    /// <summary>One line for logs and non-interactive terminals.</summary>
    public string Describe()
    {
        var state = State ?? "starting";
        if (Stage is null)
        {
            return UnitsTotal is { } units ? Invariant($"{state}: {UnitsDone}/{units} units measured") + Failed() : state;
        }

        return Invariant($"{state}: step {Step}, {Stage}: {UnitsDone}/{UnitsTotal ?? 0} units, {SamplesTaken}/{StepSamples} samples") + Failed();
    }

    private string Failed() => UnitsFailed > 0 ? Invariant($" ({UnitsFailed} failed)") : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static ExecutionProgress OnStep(ExecutionProgress progress, JsonElement? output)
    {
        var read = output is { ValueKind: JsonValueKind.Object } ? StateOutputs.Read(output, StateOutputJson.Default.NarrowerOutput) ?? new NarrowerOutput() : null;
        var step = read is { Step: > 0 } ? read.Step : progress.Step + 1;
        if (read is null || read.Done)
        {
            return progress with { Step = step, Stage = "every target decided", UnitsTotal = 0, UnitsDone = 0, UnitsFailed = 0, StepSamples = 0, SamplesTaken = 0 };
        }

        var units = read.Units;
        var stage = string.Join("; ", units
            .GroupBy(unit => (unit.Stage, unit.Kind))
            .Select(g => Invariant($"stage {g.Key.Stage} ({StageWords.Of(g.Key.Kind)}), {g.Sum(unit => unit.Cells.Count)} cells")));
        return progress with
        {
            Step = step,
            Stage = stage,
            UnitsTotal = units.Count,
            UnitsDone = 0,
            UnitsFailed = 0,
            StepSamples = units.Sum(unit => unit.Cells.Sum(cell => cell.Samples)),
            SamplesTaken = 0,
        };
    }


    /// <summary>The state's output from <c>stateExitedEventDetails.output</c> (a JSON string), or null.</summary>
    private static JsonElement? Output(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson))
        {
            return null;
        }

        try
        {
            using var details = JsonDocument.Parse(detailsJson);
            if (details.RootElement.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String)
            {
                using var parsed = JsonDocument.Parse(output.GetString()!);
                return parsed.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Output too large for the history (outputDetails.truncated) or not JSON: no step details, the counts still work.
        }

        return null;
    }

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
