using Tuner.Core.Decisions;

namespace Tuner.Functions.Runs;

/// <summary>One target's stage history in <see cref="StagesDocument"/>; <see cref="Done"/> once the planner said it needs nothing more.</summary>
public sealed record TargetStages(int TargetIndex, bool Done, IReadOnlyList<StageRecord> Stages);
