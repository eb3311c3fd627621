namespace Tuner.Functions.Runs;

/// <summary>
/// A target the Planner dropped from the run because it changed under Tuner while Tuner published its versions (its
/// owner changed <c>$LATEST</c> or deployed code): its cells are not measured, its versions of the run were deleted,
/// <c>$LATEST</c> was left as its owner has it and the run's lease of it was released. <see cref="Reason"/> says what
/// changed and when; the other targets' run goes on, and the report names the dropped one.
/// </summary>
public sealed record DroppedTarget(int TargetIndex, string Function, string Reason, DateTimeOffset At);
