namespace Tuner.Functions.Runs;

/// <summary>A run's plan.json as read, with the ETag the Planner's next conditional write of it must match.</summary>
/// <param name="Document">The plan.</param>
/// <param name="ETag">The stored object's ETag.</param>
internal sealed record RecordedPlan(RunDocument Document, string ETag);
