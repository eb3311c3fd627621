using System.Globalization;
using Tuner.Contracts.States;
using Tuner.LocalCloud;

namespace Tuner.Cli.Run;

/// <summary>
/// Follows a local execution's events: the cells planned (the Planner's output), the measurement stage of every
/// Narrower step (stage number, kind, cells, samples asked for) and how much of it the Executors have taken, the time
/// spent in target invocations (the Executors' invoke phases) and notable lines (state exits, retries, failures) for
/// the terminal. Called in order on the engine's reading thread.
/// </summary>
public sealed class RunProgress : IProgress<ExecutionEvent>
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    /// <summary>Cells the Planner planned (every target).</summary>
    public int CellsTotal { get; private set; }

    /// <summary>Narrower calls so far (each one decides a stage per target still measuring).</summary>
    public int Step { get; private set; }

    /// <summary>The stage(s) the current step measures, e.g. "stage 2 (narrowing), 8 cells".</summary>
    public string Stage { get; private set; } = string.Empty;

    /// <summary>Warm samples the current step asks for (every unit).</summary>
    public int StepSamples { get; private set; }

    /// <summary>Warm samples the finished units of the current step took.</summary>
    public int StepSamplesTaken { get; private set; }

    public int StepUnits { get; private set; }

    public int StepUnitsDone { get; private set; }

    /// <summary>Warm samples taken over the whole run.</summary>
    public int SamplesTaken { get; private set; }

    /// <summary>Every invocation the Executors sent (warm-ups and stray cold starts included).</summary>
    public int Invocations { get; private set; }

    /// <summary>Cell measurements (a cell in a unit) that failed: every invocation failed.</summary>
    public int CellsFailed { get; private set; }

    /// <summary>True once the Narrower said every target is done.</summary>
    public bool MeasuringDone { get; private set; }

    /// <summary>State transitions (states entered and retries) inside Map iterations.</summary>
    public int CellTransitions { get; private set; }

    /// <summary>The state the execution is in (outside the Map: Planner, Narrower, Reducer, Cleaner…).</summary>
    public string CurrentState { get; private set; } = "starting";

    /// <summary>Sum of the Executors' invoke phases: time the run spent invoking targets.</summary>
    public TimeSpan InvokeTime { get; private set; }

    /// <summary>Wall time of the Planner state and its ResumePlanner rounds (publishing versions).</summary>
    public TimeSpan PlannerTime { get; private set; }

    public DateTimeOffset? MapStartedAt { get; private set; }

    private DateTimeOffset? _stateEnteredAt;

    /// <summary>One line for the progress bar: the state, and while measuring the step's stage and samples.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            if (Step == 0 || MeasuringDone)
            {
                return CurrentState;
            }

            var failed = CellsFailed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {CellsFailed} cell(s) failed") : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{CurrentState}: step {Step}, {Stage}: units {StepUnitsDone}/{StepUnits}, samples {StepSamplesTaken}/{StepSamples}{failed}");
        }
    }

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
                        MapStartedAt ??= value.Timestamp;
                    }

                    break;
                case "StateExited" when value.Index is null:
                    OnStateExited(value);
                    break;
                case "StateExited" when value.State == "Executor" && StateOutputs.Read(value.Output, StateOutputJson.Default.ExecutorOutput) is { } result:
                    OnUnitDone(result);
                    break;
                case "MapIterationFailed":
                    _lines.Add($"unit {value.Index} failed: {value.Error}: {value.Cause}");
                    break;
                case "StateRetried":
                    _lines.Add($"{value.State}{(value.Index is { } i ? $" (unit {i})" : string.Empty)}: retrying (attempt {value.Attempt})");
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
        if (value.State is "Planner" or "ResumePlanner" && StateOutputs.Read(value.Output, StateOutputJson.Default.PlannerOutput) is { } plan)
        {
            // A Planner invocation whose time budget ran out returns published:false and no cells; ResumePlanner goes on.
            PlannerTime += elapsed;
            if (!plan.Published)
            {
                _lines.Add($"{value.State}: publishing time budget used after {elapsed.TotalSeconds:0.0} s, $LATEST restored; publishing goes on in a new invocation");
                return;
            }

            CellsTotal = plan.Cells.Count;
            var concurrency = Math.Max(1, plan.MaxConcurrency);
            var versions = plan.Versions > 0 ? plan.Versions : CellsTotal;
            var versionsText = versions > CellsTotal ? $"{versions} versions (cold mode: one per cold sample)" : "one version each";
            _lines.Add($"Planner: {CellsTotal} cells, {versionsText}, published and $LATEST restored in {PlannerTime.TotalSeconds:0.0} s; measuring in stages, {concurrency} unit(s) at a time");
        }
        else if (value.State == "Narrower" && StateOutputs.Read(value.Output, StateOutputJson.Default.NarrowerOutput) is { } step)
        {
            OnStep(step);
        }
        else if (value.State is "Reducer" or "Cleaner" or "CleanUpAfterFailure")
        {
            _lines.Add($"{value.State}: done in {elapsed.TotalSeconds:0.0} s");
        }
    }

    private void OnStep(NarrowerOutput step)
    {
        Step = step.Step > 0 ? step.Step : Step + 1;
        StepSamplesTaken = 0;
        StepUnitsDone = 0;
        if (step.Done)
        {
            MeasuringDone = true;
            StepUnits = 0;
            StepSamples = 0;
            _lines.Add(string.Create(CultureInfo.InvariantCulture, $"Narrower: every target decided after {Step - 1} measuring step(s), {SamplesTaken} warm samples of {Invocations} invocations"));
            return;
        }

        var units = step.Units;
        StepUnits = units.Count;
        StepSamples = units.Sum(unit => unit.Cells.Sum(cell => cell.Samples));
        var stages = units
            .GroupBy(unit => (Target: unit.TargetIndex, unit.Stage, unit.Kind))
            .Select(g => string.Create(
                CultureInfo.InvariantCulture,
                $"{(g.Key.Target > 0 ? $"target {g.Key.Target} " : string.Empty)}stage {g.Key.Stage} ({StageWords.Of(g.Key.Kind)}), {g.Sum(unit => unit.Cells.Count)} cells"))
            .ToList();
        Stage = string.Join("; ", stages);
        _lines.Add(string.Create(CultureInfo.InvariantCulture, $"Narrower step {Step}: {Stage}, {StepSamples} warm samples in {StepUnits} unit(s)"));
    }

    private void OnUnitDone(ExecutorOutput result)
    {
        StepUnitsDone++;
        var samples = result.Samples;
        var failed = result.CellsFailed;
        StepSamplesTaken += samples;
        SamplesTaken += samples;
        Invocations += result.Invocations;
        CellsFailed += failed;
        InvokeTime += TimeSpan.FromMilliseconds(result.InvokePhaseMs);
        if (result.DeadlineReached)
        {
            _lines.Add($"unit {result.Unit} of step {result.Step} reached the Executor's deadline; the Narrower resumes its cells");
        }

        if (failed > 0)
        {
            _lines.Add($"unit {result.Unit} of step {result.Step}: {failed} cell(s) failed on every invocation (recorded; the run goes on)");
        }
    }
}
