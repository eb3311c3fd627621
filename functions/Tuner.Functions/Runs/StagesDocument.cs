using Tuner.Contracts;
using Tuner.Contracts.States;

namespace Tuner.Functions.Runs;

/// <summary>
/// <see cref="BucketKeys.Stages"/>, written by the Narrower: how many steps it has taken and each target's
/// stage history (what <c>StagePlanner</c> decided, stage by stage), which the next Narrower call and the Reducer read,
/// and the units the last step handed out (a retried Narrower returns them again while none was measured).
/// <see cref="ColdVersionsHandedOut"/> counts, per cell of a cold-mode target, the versions of its pool handed out so
/// far: each goes to one unit only, never again (a version once invoked is warm).
/// </summary>
public sealed record StagesDocument(
    string RunId,
    int Step,
    IReadOnlyList<TargetStages> Targets,
    IReadOnlyList<MeasureUnit>? Units = null,
    IReadOnlyDictionary<string, int>? ColdVersionsHandedOut = null);
