namespace Tuner.LocalLambda.Execution;

/// <summary>How an invocation ended.</summary>
internal enum InvocationStatus
{
    Success,
    FunctionError,
    InitError,
    Timeout,
    RuntimeExit,
}
