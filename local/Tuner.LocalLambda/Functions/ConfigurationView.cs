namespace Tuner.LocalLambda.Functions;

/// <summary>A configuration as the API shows it: the values plus the function's update status and ARN.</summary>
internal sealed record ConfigurationView(FunctionConfig Config, string LastUpdateStatus, string FunctionArn);
