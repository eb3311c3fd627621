using System.Diagnostics;
using Spectre.Console;
using Tuner.LocalCloud;

namespace Tuner.Cli.Run;

/// <summary>
/// Shows a local execution's progress: on a terminal one live bar per Narrower step (the samples its finished units
/// took of those it asked for); in logs and CI one line per notable event and one per finished unit.
/// </summary>
internal static class RunProgressView
{
    /// <summary>Runs <paramref name="requestJson"/> on <paramref name="cloud"/> as <paramref name="runId"/>, showing its progress.</summary>
    public static async Task<LocalRunResult> RunAsync(
        IAnsiConsole console, LocalCloudSession cloud, string requestJson, string runId, RunProgress progress, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var lastReported = (Step: 0, Units: 0);
            var elapsed = Stopwatch.StartNew();
            var forward = new ForwardingProgress(progress, () =>
            {
                PrintLines(console, progress);
                if (progress.StepUnitsDone > 0 && (progress.Step, progress.StepUnitsDone) != lastReported)
                {
                    lastReported = (progress.Step, progress.StepUnitsDone);
                    console.MarkupLine(Markup.Escape($"{progress.Describe()}, elapsed {elapsed.Elapsed:m\\:ss}"));
                }
            });
            return await cloud.RunExecutionAsync(requestJson, forward, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LocalRunResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Planning", maxValue: 1);
                var forward = new ForwardingProgress(progress, () =>
                {
                    if (progress.StepSamples > 0)
                    {
                        task.MaxValue = progress.StepSamples;
                        task.Value = Math.Min(progress.StepSamplesTaken, progress.StepSamples);
                    }

                    task.Description = Markup.Escape(progress.Describe());
                    PrintLines(console, progress);
                });
                result = await cloud.RunExecutionAsync(requestJson, forward, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
                task.StopTask();
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>Prints the lines the progress collected since the last call.</summary>
    public static void PrintLines(IAnsiConsole console, RunProgress progress)
    {
        foreach (var line in progress.TakeLines())
        {
            console.MarkupLine(Markup.Escape(line));
        }
    }

    /// <summary>Records each event, then lets the view refresh.</summary>
    private sealed class ForwardingProgress(RunProgress progress, Action refresh) : IProgress<ExecutionEvent>
    {
        public void Report(ExecutionEvent value)
        {
            progress.Report(value);
            refresh();
        }
    }
}
