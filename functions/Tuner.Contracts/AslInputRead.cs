namespace Tuner.Contracts;

/// <summary>
/// A JSONPath a top-level ASL state reads from its input (<see cref="AslDefinition.InputReads"/>), and where the value
/// comes from.
/// </summary>
/// <param name="State">The state that reads it.</param>
/// <param name="Field">Where: <c>Choices[0].Variable</c>, <c>ItemsPath</c>, <c>Parameters.runId.$</c>, <c>ResultSelector.x.$</c> …</param>
/// <param name="Path">The path as written (<c>$.published</c>).</param>
/// <param name="Sources">Every state whose output (or the execution's input, or a caught error) the value can be.</param>
public sealed record AslInputRead(string State, string Field, string Path, IReadOnlyList<AslValueSource> Sources);
