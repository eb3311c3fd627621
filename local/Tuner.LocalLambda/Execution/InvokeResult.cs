namespace Tuner.LocalLambda.Execution;

/// <summary>An Invoke's HTTP-facing result: payload, function error, full log (START…REPORT), executed version.</summary>
internal sealed record InvokeResult(
    byte[] Payload,
    string? FunctionError,
    string Log,
    string ExecutedVersion);
