namespace Tuner.Infra.Settings;

/// <summary>One recurring tuning job from the <c>tuner:schedules</c> context: an EventBridge rule starts the
/// state machine on <paramref name="Cron"/> with the JSON of <paramref name="RequestFile"/> as input.</summary>
/// <param name="Name">Job name: letters, digits and dashes (it names the rule's construct).</param>
/// <param name="Cron">An EventBridge cron expression, with or without the <c>cron( )</c> wrapper.</param>
/// <param name="RequestFile">Path of the tuning request JSON, relative to the repository root.</param>
public sealed record ScheduledJob(string Name, string Cron, string RequestFile)
{
    /// <summary>The schedule expression EventBridge expects: <c>cron(…)</c>.</summary>
    public string ScheduleExpression =>
        Cron.StartsWith("cron(", StringComparison.Ordinal) ? Cron : $"cron({Cron})";
}
