namespace Tuner.Contracts;

/// <summary>What kind of value an <see cref="AslValueSource"/> is.</summary>
public enum AslValueOrigin
{
    /// <summary>The result a Task state's function returned (after its ResultSelector).</summary>
    TaskResult,

    /// <summary>The execution's input (read by the start state, or passed through to a later one).</summary>
    ExecutionInput,

    /// <summary>The error object a Catch put at its ResultPath (<c>Error</c>, <c>Cause</c>).</summary>
    CaughtError,

    /// <summary>A constant, or the result of a Map or Parallel state: not followed.</summary>
    Other,
}
