using System.Text.Json;

namespace Tuner.LocalCloud;

/// <summary>
/// One progress line of a local execution (<c>local/engine/stepfunctions.mjs</c>): <see cref="Event"/> is the
/// aws-local-stepfunctions event type (<c>StateEntered</c>, <c>StateExited</c>, <c>StateRetried</c>,
/// <c>StateCaught</c>, <c>StateFailed</c>, <c>MapIterationStarted</c>/<c>Succeeded</c>/<c>Failed</c>);
/// <see cref="Index"/> is the Map iteration the event belongs to (null outside a Map);
/// <see cref="Output"/> is the state's output on <c>StateExited</c> when it is small.
/// </summary>
public sealed record ExecutionEvent(
    string Event,
    string? State,
    string? StateType,
    int? Index,
    DateTimeOffset Timestamp,
    JsonElement? Output,
    string? Error,
    string? Cause,
    int? Attempt)
{
    /// <summary>True for events that AWS bills as a state transition (a state entered, or a retry of one).</summary>
    public bool IsTransition => Event is "StateEntered" or "StateRetried";
}
