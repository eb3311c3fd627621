namespace Tuner.LocalCloud;

/// <summary>The result of <c>stepfunctions.mjs --validate</c>: asl-validator's verdict on the substituted definition and the placeholders found in it.</summary>
public sealed record AslValidationResult(bool IsValid, IReadOnlyList<string> Errors, IReadOnlyList<string> Placeholders);
