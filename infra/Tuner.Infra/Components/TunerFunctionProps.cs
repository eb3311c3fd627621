namespace Tuner.Infra.Components;

/// <summary>What differs between Tuner's Lambda functions; everything else (runtime, architecture, logging) is
/// fixed by <see cref="TunerFunction"/>.</summary>
/// <param name="Handler">Handler string <c>Assembly::Namespace.Type::Method</c>.</param>
/// <param name="CodeDirectory">Folder holding the <c>dotnet publish</c> output.</param>
/// <param name="Description">Shown in the Lambda console.</param>
/// <param name="MemoryMb">Memory size.</param>
/// <param name="TimeoutSeconds">Timeout.</param>
/// <param name="Environment">Environment variables.</param>
/// <param name="LogRetentionDays">CloudWatch Logs retention.</param>
/// <param name="FunctionName">A fixed function name, or null to let CloudFormation generate one.</param>
public sealed record TunerFunctionProps(
    string Handler,
    string CodeDirectory,
    string Description,
    int MemoryMb,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> Environment,
    int LogRetentionDays,
    string? FunctionName = null);
