using System.Text.Json;
using Tuner.Contracts;

namespace Tuner.LocalCloud;

/// <summary>
/// How a local execution ended: <see cref="Status"/> is one of <see cref="ExecutionStatuses.Endings"/>;
/// <see cref="Output"/> is the execution output on success; <see cref="Error"/>/<see cref="Cause"/> are the Fail
/// state's (or the runtime's) error and cause otherwise. <see cref="StateTransitions"/> counts states entered plus
/// retries, as Step Functions Standard bills them; <see cref="ValidationTime"/> is the one-off definition check.
/// </summary>
public sealed record ExecutionOutcome(
    ExecutionStatus Status,
    JsonElement? Output,
    string? Error,
    string? Cause,
    int StateTransitions,
    TimeSpan Duration,
    TimeSpan ValidationTime)
{
    /// <summary>True when the execution succeeded.</summary>
    public bool Succeeded => Status == ExecutionStatus.Succeeded;

    /// <summary>
    /// The largest state input or output of the execution, in bytes of UTF-8 (Step Functions fails an execution with
    /// <c>States.DataLimitExceeded</c> above 262,144), and which state's input or output it was.
    /// </summary>
    public int LargestStateBytes { get; init; }

    /// <summary>The state (and <c>input</c>/<c>output</c>) of <see cref="LargestStateBytes"/>.</summary>
    public string? LargestState { get; init; }
}
