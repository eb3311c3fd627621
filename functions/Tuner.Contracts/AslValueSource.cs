namespace Tuner.Contracts;

/// <summary>Where a value an ASL state reads comes from (<see cref="AslInputRead.Sources"/>).</summary>
/// <param name="Origin">A Task's result, the execution's input, a Catch's error, or a result the reader does not follow.</param>
/// <param name="State">The state that produced it (the start state for the execution's input).</param>
/// <param name="Resource">For a Task's result, the <c>${Name}</c> of its Resource (<c>PlannerFunctionArn</c>); otherwise null.</param>
/// <param name="Path">The path into that value (<c>$.published</c> of the Planner's result).</param>
public sealed record AslValueSource(AslValueOrigin Origin, string State, string? Resource, string Path);
