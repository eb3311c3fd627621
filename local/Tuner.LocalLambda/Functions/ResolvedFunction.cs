namespace Tuner.LocalLambda.Functions;

/// <summary>What an Invoke runs: the configuration of the resolved version and the invoked ARN.</summary>
internal sealed record ResolvedFunction(FunctionConfig Config, string InvokedArn);
