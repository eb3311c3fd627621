using Spectre.Console;
using Tuner.Aws.StepFunctions;
using Tuner.Contracts;

namespace Tuner.Cli.Deployed;

/// <summary>Follows a Step Functions execution until it stops, showing progress (state, the Narrower's step and stage, units and samples measured, elapsed).</summary>
public sealed class ExecutionFollower
{
    private readonly IStepFunctionsApi _stepFunctions;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private string? _lastLine;

    /// <summary>Polls <paramref name="stepFunctions"/> every <paramref name="pollInterval"/>.</summary>
    public ExecutionFollower(IStepFunctionsApi stepFunctions, IAnsiConsole console, TimeProvider time, TimeSpan pollInterval)
    {
        _stepFunctions = stepFunctions;
        _console = console;
        _time = time;
        _pollInterval = pollInterval;
    }

    /// <summary>Waits for the execution to stop and returns its final description.</summary>
    public async Task<ExecutionDescription> FollowAsync(string executionArn, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        if (!_console.Profile.Capabilities.Interactive)
        {
            return await PollAsync(executionArn, (p, elapsed) => Line(p, elapsed), cancellationToken).ConfigureAwait(false);
        }

        ExecutionDescription? result = null;
        await _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = await PollAsync(executionArn, (p, _) =>
                {
                    task.Description = Markup.Escape(p.Describe());
                    // One bar per Narrower step: the step's units done out of its units.
                    if (p.UnitsTotal is { } total && total > 0)
                    {
                        task.MaxValue = total;
                        task.Value = p.UnitsDone;
                    }
                }, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        _console.MarkupLineInterpolated($"[grey]{result!.Status.ToApiName()} after {(_time.GetUtcNow() - started).TotalSeconds:F0} s[/]");
        return result;
    }

    private void Line(ExecutionProgress progress, TimeSpan elapsed)
    {
        var line = progress.Describe();
        if (line != _lastLine)
        {
            _lastLine = line;
            _console.WriteLine($"[{elapsed:hh\\:mm\\:ss}] {line}");
        }
    }

    private async Task<ExecutionDescription> PollAsync(string executionArn, Action<ExecutionProgress, TimeSpan> report, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        while (true)
        {
            var description = await _stepFunctions.DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
            var events = new List<ExecutionHistoryEvent>();
            await foreach (var e in _stepFunctions.GetExecutionHistoryAsync(executionArn, cancellationToken).ConfigureAwait(false))
            {
                events.Add(e);
            }

            report(ExecutionProgress.From(events), _time.GetUtcNow() - started);
            if (description.IsFinished)
            {
                return description;
            }

            await Task.Delay(_pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
