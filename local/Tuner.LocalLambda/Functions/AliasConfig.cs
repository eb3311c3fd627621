namespace Tuner.LocalLambda.Functions;

/// <summary>A function alias pointing at one published version.</summary>
internal sealed record AliasConfig(string Name, string FunctionVersion, string Description, string RevisionId);
