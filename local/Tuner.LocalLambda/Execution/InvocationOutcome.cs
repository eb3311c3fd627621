namespace Tuner.LocalLambda.Execution;

/// <summary>
/// What one invocation produced: payload (response or error document), the function's own log lines, and the
/// figures of the REPORT line. <see cref="EnvironmentDied"/> means the environment cannot be reused.
/// </summary>
internal sealed record InvocationOutcome
{
    public required InvocationStatus Status { get; init; }

    public required byte[] Payload { get; init; }

    /// <summary>Lambda error type for errors (errorType of the document, or Runtime.*/Sandbox.Timedout).</summary>
    public string? ErrorType { get; init; }

    public required string FunctionLog { get; init; }

    public required double DurationMs { get; init; }

    /// <summary>Set on cold starts only (and not for a suppressed init).</summary>
    public double? InitDurationMs { get; init; }

    public required int MaxMemoryUsedMb { get; init; }

    public required bool EnvironmentDied { get; init; }
}
