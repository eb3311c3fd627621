using System.CommandLine;

namespace Tuner.Cli.Output;

/// <summary><c>--fail-on-alert</c>, the same on every command that has it.</summary>
internal static class FailOnAlertOption
{
    public static Option<bool> Create() => new("--fail-on-alert")
    {
        Description = "Exit 7 (instead of 0) when the report has regression alerts, for CI pipelines.",
    };
}
