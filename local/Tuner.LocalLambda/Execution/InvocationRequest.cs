namespace Tuner.LocalLambda.Execution;

/// <summary>One event handed to an environment through <c>invocation/next</c>.</summary>
internal sealed record InvocationRequest(string RequestId, byte[] Payload, string InvokedArn, string? ClientContext);
